/**
 * 节假日闭馆, end to end: an admin adds a 闭馆 day in 系统设置 (browser in Pago Pago, hall in Shanghai),
 * sees it in the 营业厅日历's month view, and a TV of that hall, whose clock reads 10:00 on that date,
 * leaves its content for the standby screen the moment the day is saved. The TV's clock is pinned with
 * `page.clock` and the server time it hears is shifted by the same amount, so the real date never matters.
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
const nowPlaying = (page: Page) => () => page.evaluate(() => document.querySelector('[data-testid="now-playing"]')?.getAttribute('data-slide-id') ?? '');

beforeAll(async () => {
  browser = await launchBrowser();
  context = await browser.newContext({ timezoneId: BROWSER_TIMEZONE, viewport: { width: 390, height: 844 } });
  const api = await adminSession();
  const hall = await api('/api/halls', { body: { name: `春节厅 ${run}`, timezone: HALL_TZ, hours: { waiting: { windows: [{ start: '08:30', end: '17:30' }] } } } });
  hallId = ((await hall.json()) as { id: string }).id;
  const screen = (await (await api('/api/screens', { body: { name: `春节电视 ${run}`, hallId, area: 'waiting', kind: 'tv' } })).json()) as { playerUrl: string };

  tv = await context.newPage();
  await tv.clock.setFixedTime(TV_TIME);
  // The player follows the server's clock: shift the server time it hears onto the pinned day.
  const shift = TV_TIME - Date.now();
  await tv.routeWebSocket(/\/ws\/player/, (ws) => {
    const server = ws.connectToServer();
    server.onMessage((m) => ws.send(typeof m === 'string' ? m.replace(/"serverTime":(\d+)/g, (_x, t: string) => `"serverTime":${Number(t) + shift}`) : m));
  });
  await tv.goto(screen.playerUrl);

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
