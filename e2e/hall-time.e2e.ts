/**
 * Reports read the hall's calendar, never the browser's. A browser in UTC−11 (Pacific/Pago_Pago) opens
 * 播放统计 and 触摸统计 for a hall in UTC+14 (Pacific/Kiritimati): 25 hours apart, so their dates always
 * differ (by one day or two) and the case bites at any real hour. "Today" must hold today's plays and
 * sessions. Then the browser's clock is pinned (`page.clock`) on both sides of the date line, including
 * the 23:20 UTC at which the suite once failed, and the default ranges must follow the hall's date.
 * 为什么在播这个 words an expired slide's end on the hall's clock, never as a raw UTC instant.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import WebSocket from 'ws';
import { PROTOCOL_VERSION } from '../content/protocol';
import { addDays, wallClock, zonedInstant } from '../content/wall-clock';
import { adminSession, baseUrl } from './api';
import { launchBrowser } from './browser';

const HALL_TZ = 'Pacific/Kiritimati';
const BROWSER_TZ = 'Pacific/Pago_Pago';
const DISTRICT_TZ = 'Asia/Shanghai';
const run = Date.now().toString(36);

type ScreenRow = { id: string; playerUrl: string };
let browser: Browser;
let context: BrowserContext;
let api: Awaited<ReturnType<typeof adminSession>>;
let hallId = '';
let tv: ScreenRow;
let kiosk: ScreenRow;
let slideId = '';

async function created<T>(path: string, body: unknown): Promise<T> {
  const res = await api(path, { body });
  if (res.status !== 201) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** Sends `messages` over a screen's own player socket, as a device coming back online would. */
async function sendAsScreen(screen: ScreenRow, messages: unknown[]): Promise<void> {
  const key = new URL(screen.playerUrl).searchParams.get('key')!;
  const ws = new WebSocket(`${baseUrl().replace(/^http/, 'ws')}/ws/player?screen=${encodeURIComponent(screen.id)}&key=${encodeURIComponent(key)}`);
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  ws.send(JSON.stringify({ type: 'hello', protocolVersion: PROTOCOL_VERSION, screenId: screen.id, key, playerVersion: 'e2e' }));
  for (const m of messages) ws.send(JSON.stringify(m));
  await new Promise((r) => setTimeout(r, 500));
  ws.close();
}

async function openEditor(hash: string, pinnedAt?: number): Promise<Page> {
  const page = await context.newPage();
  page.on('pageerror', (err) => console.error('[editor page error]', err.message));
  // Date.now() and new Date() read the pinned instant; timers keep running, so the page works as usual.
  if (pinnedAt !== undefined) await page.clock.setFixedTime(pinnedAt);
  await page.goto(`${baseUrl()}/editor/${hash}`);
  // The context keeps the session cookie: only the first page meets the login form.
  await page.locator('[data-testid="login-username"], [data-testid="current-user"]').first().waitFor({ timeout: 15_000 });
  if (await page.getByTestId('login-username').isVisible()) {
    await page.getByTestId('login-username').fill('admin');
    await page.getByTestId('login-password').fill(inject('adminPassword'));
    await page.getByTestId('login-submit').click();
  }
  await page.getByTestId('current-user').waitFor({ timeout: 15_000 });
  return page;
}

const valueOf = (page: Page, testid: string) => () => page.getByTestId(testid).inputValue();

beforeAll(async () => {
  browser = await launchBrowser();
  context = await browser.newContext({ timezoneId: BROWSER_TZ, viewport: { width: 1440, height: 1000 } });
  api = await adminSession();
  hallId = (await created<{ id: string }>('/api/halls', { name: `日界线测试营业厅 ${run}`, timezone: HALL_TZ })).id;
  tv = await created<ScreenRow>('/api/screens', { name: `日界线电视 ${run}`, hallId, area: 'waiting', kind: 'tv' });
  kiosk = await created<ScreenRow>('/api/screens', { name: `日界线查询机 ${run}`, hallId, area: 'selfService', kind: 'kiosk' });
  const slides = (await (await api('/api/slides')).json()) as { id: string; status: string }[];
  slideId = slides.find((s) => s.status === 'approved')!.id;
  // Proof of play counts only for slides of the screen's manifest: put the slide on the TV, below every other schedule.
  const onAir = await created<{ id: string }>('/api/playlists', { name: `日界线播放记录 ${run}`, items: [{ slideId }] });
  await created('/api/schedules', { name: `日界线播放记录 ${run}`, target: { screenIds: [tv.id] }, playlistId: onAir.id, priority: -10 });
});
afterAll(async () => {
  await browser?.close();
});

describe('reports in the hall\'s calendar, from a browser a day or two away', () => {
  it('shows today\'s plays and kiosk sessions of a UTC+14 hall to a browser in UTC−11', async () => {
    const now = Date.now();
    const today = wallClock(now, HALL_TZ).date;
    // Records early in the hall's today (or the last 10 minutes): never on the hall's yesterday.
    const base = Math.max(zonedInstant(today, 0, HALL_TZ) + 1000, now - 10 * 60_000);
    await sendAsScreen(tv, [{ type: 'playedBatch', items: [0, 1, 2, 3].map((i) => ({ slideId, startedAt: new Date(base + i * 1000).toISOString(), durationMs: 10_000 })) }]);
    await sendAsScreen(kiosk, [0, 1, 2].map((i) => ({
      type: 'kioskSession',
      session: { slideId, startedAt: new Date(base + i * 1000).toISOString(), durationMs: 20_000, pages: ['home'], tiles: [], maxDepth: 0, endedBy: 'idle', input: 'touch' },
    })));

    const reports = await openEditor(`#/reports?hallId=${hallId}`);
    const browserToday = await reports.evaluate(() => new Date().toLocaleDateString('en-CA'));
    console.log(`[e2e] browser (${BROWSER_TZ}) says ${browserToday}, hall (${HALL_TZ}) says ${today}`);
    // The premise: the two calendars disagree, so a report made from the browser's would miss today.
    expect(browserToday).not.toBe(today);

    await expect.poll(valueOf(reports, 'plays-to'), { timeout: 10_000 }).toBe(today);
    expect(await reports.getByTestId('plays-from').inputValue()).toBe(addDays(today, -6));
    const row = reports.locator(`[data-testid="plays-row"][data-slide-id="${slideId}"]`);
    await row.waitFor({ timeout: 10_000 });
    expect(Number(await row.locator('td').nth(1).textContent())).toBe(4);
    expect(await reports.getByTestId('plays-zone').textContent()).toContain('UTC+14');
    // Only today: the same four plays.
    await reports.getByTestId('plays-from').fill(today);
    await reports.getByTestId('plays-from').dispatchEvent('change');
    await expect.poll(async () => Number(await row.locator('td').nth(1).textContent().catch(() => '0')), { timeout: 10_000 }).toBe(4);
    const csvHref = (await reports.getByTestId('plays-export').getAttribute('href'))!;
    expect(csvHref).toContain(`from=${today}&to=${today}`);
    await reports.close();

    const kioskStats = await openEditor(`#/kiosk-analytics?screenId=${kiosk.id}`);
    await expect.poll(valueOf(kioskStats, 'kiosk-stats-to'), { timeout: 10_000 }).toBe(today);
    expect(await kioskStats.getByTestId('kiosk-stats-from').inputValue()).toBe(addDays(today, -6));
    await expect
      .poll(async () => Number(await kioskStats.getByTestId('kiosk-total-sessions').locator('td').textContent().catch(() => '0')), { timeout: 10_000 })
      .toBe(3);
    // 全部查询终端: the district's calendar (the first hall, Shanghai), not the browser's.
    await kioskStats.getByTestId('kiosk-stats-screen').selectOption('');
    await expect.poll(valueOf(kioskStats, 'kiosk-stats-to')).toBe(wallClock(Date.now(), DISTRICT_TZ).date);
    await kioskStats.close();
  });

  it('为什么在播这个 words an expired slide and its own time field on the hall\'s clock', async () => {
    // Ended three days ago on the hour: a time that reads differently in every zone involved.
    const validTo = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000 - 3 * 86_400_000).toISOString();
    const notice = await created<{ id: string }>('/api/slides', { type: 'notice', title: `已下线通知 ${run}`, body: '过期', validTo });
    expect((await api(`/api/slides/${notice.id}/approve`, { method: 'POST' })).status).toBe(200);
    const playlist = await created<{ id: string }>('/api/playlists', { name: `日界线列表 ${run}`, items: [{ slideId }, { slideId: notice.id }] });
    await created('/api/schedules', { name: `日界线排期 ${run}`, target: { screenIds: [tv.id] }, playlistId: playlist.id, priority: 50 });
    const hallWords = new Intl.DateTimeFormat('sv-SE', { timeZone: HALL_TZ, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

    const page = await openEditor('#/screens');
    const before = wallClock(Date.now(), HALL_TZ).date;
    await page.locator(`[data-testid="screen-row"][data-screen-id="${tv.id}"]`).getByTestId('screen-why').click();
    const skipped = page.locator('[data-testid="resolve-line"][data-outcome="slideSkipped"]');
    await skipped.first().waitFor({ timeout: 10_000 });
    const line = (await skipped.allTextContents()).find((t) => t.includes(`已下线通知 ${run}`))!;
    console.log(`[e2e] ${line}`);
    expect(line).toContain(`已过期（${hallWords.format(Date.parse(validTo))}）`);
    expect(await page.getByTestId('resolve-trace').textContent()).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
    // The time asked is typed on the hall's clock and says so.
    const asked = await page.getByTestId('resolve-at').inputValue();
    expect([before, wallClock(Date.now(), HALL_TZ).date]).toContain(asked.slice(0, 10));
    expect(await page.getByTestId('resolve-zone').textContent()).toBe(`UTC+14（${HALL_TZ}）`);
    await page.close();
  });

  it('reads and saves a slide\'s validity on the district\'s clock, and says which', async () => {
    const district = ((await (await api('/api/halls')).json()) as { timezone: string }[])[0]!.timezone;
    const slide = await created<{ id: string }>('/api/slides', { type: 'notice', title: `有效期 ${run}`, body: '时区', validTo: '2030-06-30T10:00:00.000Z' });
    const local = (iso: string) => new Intl.DateTimeFormat('sv-SE', { timeZone: district, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(Date.parse(iso)).replace(' ', 'T');
    const page = await openEditor(`#/slides/${slide.id}`);
    const validTo = page.getByTestId('slide-valid-to');
    await expect.poll(() => validTo.inputValue(), { timeout: 10_000 }).toBe(local('2030-06-30T10:00:00.000Z'));
    const note = page.locator('.field', { has: validTo }).getByTestId('zone-note');
    expect(await note.textContent()).toEqual(district === 'Asia/Shanghai' ? '按北京时间填写' : expect.stringContaining(district));
    // Typed 08:00 means 08:00 in the hall, whatever the browser's zone (here UTC−11).
    await validTo.fill('2031-01-01T08:00');
    await page.getByTestId('slide-save').click();
    await expect
      .poll(async () => ((await (await api(`/api/slides/${slide.id}`)).json()) as { validTo?: string }).validTo, { timeout: 10_000 })
      .toBe(new Date(zonedInstant('2031-01-01', 480, district)).toISOString());
    await page.close();
  });

  it('follows the hall\'s date with the browser\'s clock pinned on both sides of the date line', async () => {
    const utcToday = new Date().toISOString().slice(0, 10);
    // 10:30 UTC: Pago Pago is on yesterday, Kiritimati on tomorrow. 23:20 UTC: the hour the suite failed.
    for (const hhmm of ['10:30', '23:20']) {
      const pinned = Date.parse(`${utcToday}T${hhmm}:00Z`);
      const hall = wallClock(pinned, HALL_TZ).date;
      const page = await openEditor(`#/reports?hallId=${hallId}`, pinned);
      const seen = await page.evaluate(() => new Date().toLocaleDateString('en-CA'));
      expect(seen, 'the pinned browser clock').toBe(wallClock(pinned, BROWSER_TZ).date);
      await expect.poll(valueOf(page, 'plays-to'), { timeout: 10_000 }).toBe(hall);
      expect(await page.getByTestId('plays-from').inputValue()).toBe(addDays(hall, -6));
      // 全部营业厅 → the district's date at that instant.
      await page.getByTestId('plays-hall').selectOption('');
      await expect.poll(valueOf(page, 'plays-to')).toBe(wallClock(pinned, DISTRICT_TZ).date);
      await page.goto(`${baseUrl()}/editor/#/kiosk-analytics?screenId=${kiosk.id}`);
      await expect.poll(valueOf(page, 'kiosk-stats-to'), { timeout: 10_000 }).toBe(hall);
      console.log(`[e2e] browser pinned at ${hhmm} UTC (${seen} in ${BROWSER_TZ}): reports default to ${addDays(hall, -6)} … ${hall}`);
      await page.close();
    }
  });
});
