/**
 * 节假日闭馆, end to end: an admin adds a 闭馆 day in 系统设置 (browser in Pago Pago, hall in Shanghai),
 * sees it in the 营业厅日历's month view, and a TV of that hall, whose clock reads 10:00 on that date,
 * leaves its content for the standby screen the moment the day is saved. The TV's clock is pinned with
 * `page.clock` and the server time it hears is shifted by the same amount, so the real date never matters.
 * Then 照常营业: the district closes the date, a second hall marks it open as usual, and its TV plays the
 * entry that runs inside business hours while the calendar shows the day open.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { zonedInstant } from '../content/wall-clock';
import { adminSession, baseUrl } from './api';
import { BROWSER_TIMEZONE, launchBrowser } from './browser';

const HALL_TZ = 'Asia/Shanghai';
const CLOSED = '2027-02-10';
// Wednesday 10:00 in the hall: inside its weekly hours.
const TV_TIME = zonedInstant(CLOSED, 10 * 60, HALL_TZ);
const run = Date.now().toString(36);

let browser: Browser;
let context: BrowserContext;
let tv: Page;
let editor: Page;
let hallId = '';
let api: Awaited<ReturnType<typeof adminSession>>;
const nowPlaying = (page: Page) => () => page.evaluate(() => document.querySelector('[data-testid="now-playing"]')?.getAttribute('data-slide-id') ?? '');

/** A player page whose clock reads TV_TIME, the server time it hears shifted onto that day too. */
async function pinnedTv(playerUrl: string): Promise<Page> {
  const page = await context.newPage();
  await page.clock.setFixedTime(TV_TIME);
  const shift = TV_TIME - Date.now();
  await page.routeWebSocket(/\/ws\/player/, (ws) => {
    const server = ws.connectToServer();
    server.onMessage((m) => ws.send(typeof m === 'string' ? m.replace(/"serverTime":(\d+)/g, (_x, t: string) => `"serverTime":${Number(t) + shift}`) : m));
  });
  await page.goto(playerUrl);
  return page;
}

beforeAll(async () => {
  browser = await launchBrowser();
  context = await browser.newContext({ timezoneId: BROWSER_TIMEZONE, viewport: { width: 390, height: 844 } });
  api = await adminSession();
  const hall = await api('/api/halls', { body: { name: `春节厅 ${run}`, timezone: HALL_TZ, hours: { waiting: { windows: [{ start: '08:30', end: '17:30' }] } } } });
  hallId = ((await hall.json()) as { id: string }).id;
  const screen = (await (await api('/api/screens', { body: { name: `春节电视 ${run}`, hallId, area: 'waiting', kind: 'tv' } })).json()) as { playerUrl: string };

  tv = await pinnedTv(screen.playerUrl);

  editor = await context.newPage();
  editor.on('pageerror', (err) => console.error('[editor page error]', err.message));
  await editor.goto(`${baseUrl()}/editor/#/settings`);
  await editor.getByTestId('login-username').fill('admin');
  await editor.getByTestId('login-password').fill(inject('adminPassword'));
  await editor.getByTestId('login-submit').click();
  await editor.getByTestId('current-user').waitFor();
}, 30_000);
afterAll(async () => {
  await context?.close();
  await browser?.close();
});

describe('a 闭馆 day', () => {
  it('added in 系统设置 shows in the month view, and the hall\'s TV sleeps on that date', { timeout: 15_000 }, async () => {
    await expect.poll(nowPlaying(tv), { timeout: 8_000 }).toBe('idle');

    const form = editor.locator(`[data-testid="hall-exceptions"][data-hall-id="${hallId}"]`);
    await form.getByTestId('exception-add').click();
    await form.getByTestId('exception-date').fill(CLOSED);
    await form.getByTestId('exception-name').fill('春节');
    await form.getByTestId('hall-exceptions-save').click();

    await expect.poll(nowPlaying(tv), { timeout: 5_000 }).toBe('standby');

    await editor.goto(`${baseUrl()}/editor/#/calendar?hall=${hallId}&view=month&date=2027-02-01`);
    const day = editor.locator(`[data-testid="calendar-day"][data-date="${CLOSED}"]`);
    await expect.poll(() => day.getByTestId('calendar-exception').textContent().catch(() => ''), { timeout: 5_000 }).toBe('闭馆 · 春节');
    expect(await editor.locator('[data-testid="calendar-day"][data-date="2027-02-09"] [data-testid="calendar-exception"]').count()).toBe(0);
    // At 390 px the month still fits: seven columns, no sideways scroll.
    expect(await editor.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(true);
    await day.click();
    await editor.locator('[data-testid="calendar-day-view"]').waitFor({ timeout: 5_000 });
    expect(await editor.locator('[data-testid="calendar-screen-row"] [data-testid="calendar-bar"][data-kind="standby"]').count()).toBeGreaterThan(0);
  });
});

describe('照常营业 on the district\'s closed day', () => {
  it('the hall\'s entry wins: the calendar shows the day open and an entry inside business hours plays', { timeout: 15_000 }, async () => {
    const created = async <T>(path: string, body: unknown): Promise<T> => {
      const res = await api(path, { body });
      expect(res.status).toBe(201);
      return (await res.json()) as T;
    };
    const hall = await created<{ id: string }>('/api/halls', { name: `值班厅 ${run}`, timezone: HALL_TZ, hours: { waiting: { windows: [{ start: '08:30', end: '17:30' }] } } });
    const screen = await created<{ playerUrl: string }>('/api/screens', { name: `值班电视 ${run}`, hallId: hall.id, area: 'waiting', kind: 'tv' });
    const slide = await created<{ id: string }>('/api/slides', { type: 'notice', title: `春节值班 ${run}`, body: '本厅春节照常营业' });
    expect((await api(`/api/slides/${slide.id}/approve`, { method: 'POST' })).status).toBe(200);
    const playlist = await created<{ id: string }>('/api/playlists', { name: `值班列表 ${run}`, items: [{ slideId: slide.id }] });
    const entry = await created<{ id: string }>('/api/schedules', { name: `值班上午 ${run}`, target: { hallIds: [hall.id] }, playlistId: playlist.id, priority: 0, when: { windows: [{ start: '09:00', end: '12:00' }] } });

    const before = ((await (await api('/api/district/exceptions')).json()) as { exceptions: { date: string }[] }).exceptions;
    const put = (exceptions: unknown[]) => api('/api/district/exceptions', { method: 'PUT', body: { exceptions } });
    expect((await put([...before.filter((d) => d.date !== CLOSED), { date: CLOSED, kind: 'closed', name: '春节' }])).status).toBe(200);
    try {
      const tv2 = await pinnedTv(screen.playerUrl);
      await expect.poll(nowPlaying(tv2), { timeout: 8_000 }).toBe('standby');

      await editor.goto(`${baseUrl()}/editor/#/settings`);
      const form = editor.locator(`[data-testid="hall-exceptions"][data-hall-id="${hall.id}"]`);
      await form.getByTestId('exception-add').click();
      await form.getByTestId('exception-date').fill(CLOSED);
      await form.getByTestId('exception-kind').selectOption('open');
      expect(await form.getByTestId('exception-kind').locator('option:checked').textContent()).toBe('照常营业（按每周营业时间）');
      await form.getByTestId('exception-name').fill('春节值班');
      await form.getByTestId('hall-exceptions-save').click();

      await expect.poll(nowPlaying(tv2), { timeout: 5_000 }).toBe(slide.id);

      await editor.goto(`${baseUrl()}/editor/#/calendar?hall=${hall.id}&view=month&date=2027-02-01`);
      const day = editor.locator(`[data-testid="calendar-day"][data-date="${CLOSED}"]`);
      await expect.poll(() => day.getByTestId('calendar-exception').textContent().catch(() => ''), { timeout: 5_000 }).toBe('照常营业 · 春节值班');
      expect(await day.getByTestId('calendar-exception').getAttribute('data-kind')).toBe('open');
      await day.click();
      await editor.locator('[data-testid="calendar-day-view"]').waitFor({ timeout: 5_000 });
      expect(await editor.locator(`[data-testid="calendar-screen-row"] [data-testid="calendar-bar"][data-schedule-ids="${entry.id}"]`).count()).toBeGreaterThan(0);
      await tv2.close();
    } finally {
      await put(before);
    }
  });
});
