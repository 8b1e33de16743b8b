/**
 * The hall's own queue end to end: a ticket taken through the API is called with 下一位 on the editor's
 * counter caller (叫号器) and shows on a waiting-area TV's `call` element; a keyboard shortcut calls the
 * next one. A visitor takes a ticket on the kiosk by touch (printed, with a QR code) and the phone page
 * moves from 前面 2 人 to 请到 3 号窗口办理. The own-queue call reaches counter 1's LED strip and the TV's voice;
 * the TV's board shows 约 M 分钟; a counter's rating pad (`?mode=rating`, test clock) records a tap and times
 * out. Browsers run in Pacific/Pago_Pago (the hall is
 * Asia/Shanghai) so nothing leans on the browser's calendar.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { adminSession, baseUrl } from './api';
import { launchBrowser, regionStats } from './browser';

type Api = Awaited<ReturnType<typeof adminSession>>;
let browser: Browser;
let context: BrowserContext;
let api: Api;
let hallId: string;
let serviceId: string;
let tvUrl: string;
let kioskUrl: string;
let stripUrl: string;
let businessId: string;
const run = Date.now().toString(36);

const take = async (sid = serviceId): Promise<{ id: string; number: string; waitingAhead: number }> => {
  const r = await fetch(`${baseUrl()}/api/queue/tickets`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${inject('queueToken')}` },
    body: JSON.stringify({ hallId, serviceId: sid }),
  });
  expect(r.status, await r.clone().text()).toBe(201);
  return (await r.json()) as { id: string; number: string; waitingAhead: number };
};

async function openTv(): Promise<Page> {
  const page = await context.newPage();
  await page.setViewportSize({ width: 1280, height: 720 });
  page.on('pageerror', (err) => console.error('[tv page error]', err.message));
  // Every announcement the TV starts, by the ticket in its voice URL (media events do not bubble: capture).
  await page.addInitScript(() => {
    const w = window as unknown as { __voice: string[] };
    w.__voice = [];
    document.addEventListener('playing', (e) => {
      const el = e.target as HTMLMediaElement;
      if (el instanceof HTMLMediaElement && el.getAttribute('data-testid') === 'announcer-audio') w.__voice.push(new URL(el.currentSrc || el.src, location.href).searchParams.get('ticket') ?? '');
    }, true);
  });
  await page.goto(tvUrl);
  await page.waitForFunction(() => document.querySelector('[data-testid="now-playing"]')?.getAttribute('data-slide-id'), null, { timeout: 30_000 });
  await page.waitForFunction(() => (window as unknown as { __player?: { status: string } }).__player?.status === 'online', null, { timeout: 30_000 });
  return page;
}

/** The editor at `hash`, logging in first unless this context already has a session. */
async function openEditor(hash: string, browserTime?: Date): Promise<Page> {
  const page = await context.newPage();
  if (browserTime) await page.clock.setFixedTime(browserTime);
  page.on('pageerror', (err) => console.error('[editor page error]', err.message));
  await page.goto(`${baseUrl()}/editor/`);
  const login = page.getByTestId('login-username');
  await Promise.race([login.waitFor({ timeout: 20_000 }), page.getByTestId('nav-caller').waitFor({ timeout: 20_000 })]);
  if (await login.isVisible()) {
    await login.fill('admin');
    await page.getByTestId('login-password').fill(inject('adminPassword'));
    await page.getByTestId('login-submit').click();
    await page.getByTestId('nav-caller').waitFor({ timeout: 20_000 });
  }
  await page.goto(`${baseUrl()}/editor/${hash}`);
  return page;
}

async function openCaller(counter: string): Promise<Page> {
  const page = await openEditor(`#/caller?hall=${encodeURIComponent(hallId)}&counter=${counter}`);
  await page.getByTestId('caller-next').waitFor({ timeout: 20_000 });
  return page;
}

beforeAll(async () => {
  // Kiosk flag: the TV may speak without a gesture, so the voice of an own-queue call is observable.
  browser = await launchBrowser(['--autoplay-policy=no-user-gesture-required']);
  context = await browser.newContext({ timezoneId: 'Pacific/Pago_Pago' });
  api = await adminSession();
  const hall = await api('/api/halls', { body: { name: `自助排队厅 ${run}` } });
  expect(hall.status).toBe(201);
  hallId = ((await hall.json()) as { id: string }).id;
  const service = await api(`/api/halls/${hallId}/services`, { body: { name: '居民业务', prefix: 'A', counters: ['1', '2'] } });
  expect(service.status, await service.clone().text()).toBe(201);
  serviceId = ((await service.json()) as { id: string }).id;
  const tv = await api('/api/screens', { body: { hallId, name: '候区电视', area: 'waiting', kind: 'tv', callDisplay: 'full', announce: true } });
  expect(tv.status).toBe(201);
  tvUrl = ((await tv.json()) as { playerUrl: string }).playerUrl;
  const strip = await api('/api/screens', { body: { hallId, name: '1 号窗口条屏', area: 'counter', kind: 'ledStrip', counters: ['1'] } });
  expect(strip.status).toBe(201);
  stripUrl = ((await strip.json()) as { playerUrl: string }).playerUrl;
  const business = await api(`/api/halls/${hallId}/services`, { body: { name: '企业业务', prefix: 'B', counters: ['3'] } });
  businessId = ((await business.json()) as { id: string }).id;
  // The guide-area kiosk: its loop is one 取号 app whose home page is the take-ticket page.
  const app = await api('/api/slides', { body: { type: 'kioskApp', title: '取号', home: 'home', idleMs: 60_000, durationMs: 5000, pages: [{ type: 'takeTicket', id: 'home', title: '自助取号', serviceIds: [businessId, serviceId] }] } });
  expect(app.status, await app.clone().text()).toBe(201);
  const appId = ((await app.json()) as { id: string }).id;
  expect((await api(`/api/slides/${appId}/approve`, { method: 'POST' })).status).toBe(200);
  const playlist = await api('/api/playlists', { body: { name: `取号 ${run}`, items: [{ slideId: appId }] } });
  const kiosk = await api('/api/screens', { body: { hallId, name: '排队机', area: 'guide', kind: 'kiosk' } });
  const kioskBody = (await kiosk.json()) as { id: string; playerUrl: string };
  kioskUrl = kioskBody.playerUrl;
  const schedule = await api('/api/schedules', { body: { name: `取号 ${run}`, target: { screenIds: [kioskBody.id] }, playlistId: ((await playlist.json()) as { id: string }).id, priority: 50 } });
  expect(schedule.status).toBe(201);
});
afterAll(async () => {
  await browser?.close();
});

describe('own queue', () => {
  it('a ticket taken via the API, called with 下一位 on the counter caller, shows on the TV', { timeout: 120_000 }, async () => {
    const tv = await openTv();
    const strip = await context.newPage();
    await strip.setViewportSize({ width: 320, height: 64 });
    await strip.goto(stripUrl);
    await expect.poll(() => strip.getByTestId('counter-strip').getAttribute('data-state'), { timeout: 30_000 }).toBe('idle');
    const first = await take();
    expect(first.number).toBe('A001');
    const second = await take();
    expect(second).toMatchObject({ number: 'A002', waitingAhead: 1 });

    // The TV's board shows our waiting counts (the hall's queue state, fed by the own queue).
    // …with the estimated wait of a newcomer per service (约 M 分钟), the kiosk's estimate function.
    await expect.poll(() => tv.locator('[data-testid="board-waiting"]').textContent(), { timeout: 15_000 }).toMatch(/居民业务 等候 2 人 约 \d+ 分钟/);

    const caller = await openCaller('1');
    await expect.poll(() => caller.locator('[data-testid="caller-waiting"] li').first().getAttribute('data-count'), { timeout: 10_000 }).toBe('2');
    await caller.getByTestId('caller-next').click();
    await expect.poll(() => caller.getByTestId('caller-number').textContent(), { timeout: 10_000 }).toBe('A001');
    await expect.poll(() => tv.locator('[aria-live="assertive"][data-testid="call"]').textContent(), { timeout: 30_000, interval: 200 }).toBe('请 A001 号到 1 号窗口办理');
    // The same call on counter 1's LED strip, and in the TV's voice: exactly the path of an outside call.
    await expect.poll(() => strip.getByTestId('counter-strip').textContent(), { timeout: 15_000 }).toBe('A001 请到 1 号窗口');
    expect(await strip.getByTestId('counter-strip').getAttribute('data-state')).toBe('serving');
    await strip.close();
    await expect.poll(() => tv.evaluate(() => (window as unknown as { __voice: string[] }).__voice), { timeout: 15_000 }).toContain('A001');
    // Pixels: the board panel is drawn.
    const board = await regionStats(tv, { x: 820, y: 0, width: 460, height: 720 });
    expect(board.litRatio).toBeGreaterThan(0.2);
    // The timer runs on the server's clock.
    await expect.poll(() => caller.getByTestId('caller-timer').textContent(), { timeout: 10_000 }).toMatch(/^办理时长 \d\d:\d\d$/);

    // The public page of the second ticket: one fewer ahead now.
    const pub = (await (await fetch(`${baseUrl()}/api/queue/tickets/${second.id}`)).json()) as { waitingAhead: number; status: string };
    expect(pub).toMatchObject({ waitingAhead: 0, status: 'waiting' });

    // Shortcut N (下一位) finishes A001 and calls A002.
    await caller.locator('body').press('n');
    await expect.poll(() => caller.getByTestId('caller-number').textContent(), { timeout: 10_000 }).toBe('A002');
    await expect.poll(() => tv.locator('[data-testid="call"]').textContent(), { timeout: 40_000, interval: 200 }).toBe('请 A002 号到 1 号窗口办理');
    const after = (await (await fetch(`${baseUrl()}/api/queue/tickets/${second.id}`)).json()) as { status: string; counter: string };
    expect(after).toMatchObject({ status: 'called', counter: '1' });

    // 转移 to counter 2 of the same service: the number stays, counter 2 calls it next.
    await caller.getByTestId('caller-transfer').click();
    await caller.getByTestId('transfer-service').selectOption(serviceId);
    await caller.getByTestId('transfer-counter').selectOption('2');
    await caller.getByTestId('transfer-ok').click();
    await expect.poll(() => caller.getByTestId('caller-number').textContent(), { timeout: 10_000 }).toBe('空闲');
    const moved = await api(`/api/halls/${hallId}/counters/2/next`, { body: {} });
    expect(((await moved.json()) as { number: string }).number).toBe('A002');
    await expect.poll(() => tv.locator('[data-testid="call"]').textContent(), { timeout: 40_000, interval: 200 }).toBe('请 A002 号到 2 号窗口办理');
    expect((await api(`/api/halls/${hallId}/counters/2/done`, { body: {} })).status).toBe(200);

    // Nobody waits: 下一位 says so instead of failing silently.
    await caller.getByTestId('caller-next').click();
    await expect.poll(() => caller.getByTestId('toast').last().textContent(), { timeout: 10_000 }).toContain('暂无等候');
  });

  it('a visitor takes a ticket on the kiosk by touch; the phone page moves from 前面 2 人 to 请到 3 号窗口办理', { timeout: 120_000 }, async () => {
    await take(businessId);
    await take(businessId);
    const kioskContext = await browser.newContext({ timezoneId: 'Pacific/Pago_Pago', viewport: { width: 1080, height: 1920 }, hasTouch: true });
    const kiosk = await kioskContext.newPage();
    // No printer here: count the prints instead of opening Chromium's print preview.
    await kiosk.addInitScript(() => {
      const w = window as unknown as { __printed: number };
      w.__printed = 0;
      window.print = () => void w.__printed++;
    });
    kiosk.on('pageerror', (err) => console.error('[kiosk page error]', err.message));
    await kiosk.goto(kioskUrl);
    await kiosk.waitForFunction(() => (window as unknown as { __player?: { status: string } }).__player?.status === 'online', null, { timeout: 30_000 });
    await kiosk.waitForFunction(() => document.querySelector('[data-testid="now-playing"]')?.getAttribute('data-slide-id'), null, { timeout: 30_000 });
    await kiosk.touchscreen.tap(540, 960);
    const tile = kiosk.locator(`[data-testid="kiosk-service"][data-service-id="${businessId}"]`);
    await tile.waitFor({ timeout: 15_000 });
    expect(await tile.textContent()).toContain('等候 2 人');
    const box = (await tile.boundingBox())!;
    expect(box.height).toBeGreaterThanOrEqual(120);
    await kiosk.touchscreen.tap(box.x + box.width / 2, box.y + box.height / 2);
    await expect.poll(() => kiosk.getByTestId('kiosk-ticket-number').textContent(), { timeout: 15_000 }).toBe('B003');
    expect(await kiosk.getByTestId('kiosk-ticket-wait').textContent()).toMatch(/^前面还有 2 人，预计等候 \d+ 分钟$/);
    await expect.poll(() => kiosk.evaluate(() => (window as unknown as { __printed: number }).__printed), { timeout: 10_000 }).toBe(1);
    expect(await kiosk.getByTestId('ticket-print').textContent()).toContain('B003');
    const ticketId = (await kiosk.getByTestId('kiosk-ticket').getAttribute('data-ticket-id'))!;

    const phoneContext = await browser.newContext({ timezoneId: 'Pacific/Pago_Pago', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const phone = await phoneContext.newPage();
    await phone.goto(`${baseUrl()}/t/${ticketId}`);
    await expect.poll(() => phone.getByTestId('ticket-number').textContent(), { timeout: 10_000 }).toBe('B003');
    expect(await phone.getByTestId('ticket-status').textContent()).toMatch(/^前面 2 人/);

    for (const n of ['B001', 'B002', 'B003']) {
      const r = await api(`/api/halls/${hallId}/counters/3/next`, { body: {} });
      expect(((await r.json()) as { number: string }).number).toBe(n);
    }
    await expect.poll(() => phone.getByTestId('ticket-status').textContent(), { timeout: 15_000, interval: 500 }).toBe('请到 3 号窗口办理');
    // 办结, then the phone asks for a 服务评价 and takes one.
    expect((await api(`/api/halls/${hallId}/counters/3/done`, { body: {} })).status).toBe(200);
    const great = phone.locator('[data-testid="ticket-rate"] button[data-rating="great"]');
    await great.waitFor({ state: 'visible', timeout: 15_000 });
    await great.tap();
    await expect.poll(() => phone.getByTestId('ticket-status').textContent(), { timeout: 10_000 }).toBe('谢谢您的评价');
    await kioskContext.close();
    await phoneContext.close();
  });

  it('排队统计 shows the hall\'s day per service and counter, and exports CSV', { timeout: 60_000 }, async () => {
    // The browser's clock says another year and, in Pago Pago, another day: the report must not care.
    const page = await openEditor('#/queue-report', new Date('2025-03-01T09:30:00Z'));
    await page.getByTestId('queue-report-hall').selectOption(hallId);
    const row = page.locator(`[data-testid="queue-report-service"][data-service-id="${businessId}"]`);
    await row.waitFor({ timeout: 15_000 });
    // B001–B003: three taken, two finished by the next press, the last by 办结 (and rated).
    expect(await row.locator('td').nth(1).textContent()).toBe('3');
    expect(await row.locator('td').nth(2).textContent()).toBe('3');
    const counter3 = page.locator('[data-testid="queue-report-counter"][data-counter="3"] td');
    expect(await counter3.nth(2).textContent()).toBe('3');
    expect(await counter3.nth(7).textContent()).toBe('1 / 0 / 0');
    // The dates are the hall's (Asia/Shanghai) today, whatever the browser's zone says.
    const hallToday = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
    expect(await page.getByTestId('queue-report-from').inputValue()).toBe(hallToday);
    const href = (await page.getByTestId('queue-report-csv').getAttribute('href'))!;
    const csv = await page.evaluate(async (url) => (await fetch(url)).text(), href);
    expect(csv).toContain('企业业务');
  });
  it('the counter\'s rating pad asks 非常满意 / 满意 / 不满意 after 办结, records the tap per counter, and times out', { timeout: 60_000 }, async () => {
    const screen = await api('/api/screens', { body: { hallId, name: '2 号窗口评价器', area: 'counter', kind: 'kiosk', counters: ['2'] } });
    expect(screen.status).toBe(201);
    const padUrl = ((await screen.json()) as { playerUrl: string }).playerUrl;
    const padContext = await browser.newContext({ timezoneId: 'Pacific/Pago_Pago', viewport: { width: 1024, height: 600 }, hasTouch: true });
    const pad = await padContext.newPage();
    pad.on('pageerror', (err) => console.error('[pad page error]', err.message));
    // The player's test clock: the 30 s prompt lasts 3 s.
    await pad.goto(`${padUrl}&mode=rating&test=1&timeScale=0.1`);
    await expect.poll(() => pad.getByTestId('rating-pad-idle').textContent(), { timeout: 30_000 }).toBe('2 号窗口');
    expect(await pad.getByTestId('rating-pad').textContent()).toContain('欢迎评价');

    const ticket = await take();
    expect(((await (await api(`/api/halls/${hallId}/counters/2/next`, { body: {} })).json()) as { number: string }).number).toBe(ticket.number);
    expect((await api(`/api/halls/${hallId}/counters/2/done`, { body: {} })).status).toBe(200);
    const good = pad.getByTestId('rating-good');
    await good.waitFor({ state: 'visible', timeout: 10_000 });
    expect(await pad.getByTestId('rating-pad').getAttribute('data-ticket')).toBe(ticket.number);
    expect(await pad.locator('.rating-pad-button').allTextContents()).toEqual(['非常满意', '满意', '不满意']);
    const box = (await good.boundingBox())!;
    expect(box.height).toBeGreaterThanOrEqual(120);
    expect(box.width).toBeGreaterThanOrEqual(200);
    await pad.touchscreen.tap(box.x + box.width / 2, box.y + box.height / 2);
    await pad.getByTestId('rating-pad-thanks').waitFor({ timeout: 10_000 });
    await expect.poll(() => pad.getByTestId('rating-pad').getAttribute('data-state'), { timeout: 10_000 }).toBe('idle');
    const report = (await (await api(`/api/reports/queue?hallId=${hallId}`)).json()) as { counters: { counter: string; ratings: Record<string, number> }[] };
    expect(report.counters.find((c) => c.counter === '2')?.ratings).toEqual({ great: 0, good: 1, bad: 0 });

    // Nobody answers: after the (scaled) 30 s the pad is idle again and nothing was recorded.
    await take();
    await api(`/api/halls/${hallId}/counters/2/next`, { body: {} });
    expect((await api(`/api/halls/${hallId}/counters/2/done`, { body: {} })).status).toBe(200);
    await expect.poll(() => pad.getByTestId('rating-pad').getAttribute('data-state'), { timeout: 10_000, interval: 100 }).toBe('ask');
    await expect.poll(() => pad.getByTestId('rating-pad').getAttribute('data-state'), { timeout: 10_000, interval: 200 }).toBe('idle');
    const after = (await (await api(`/api/reports/queue?hallId=${hallId}`)).json()) as { counters: { counter: string; ratings: Record<string, number> }[] };
    expect(after.counters.find((c) => c.counter === '2')?.ratings).toEqual({ great: 0, good: 1, bad: 0 });
    await padContext.close();
  });
});
