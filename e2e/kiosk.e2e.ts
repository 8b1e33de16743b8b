/**
 * The interactive kiosk app on real players: on a portrait touch kiosk (1080 × 1920, touch
 * emulation) a tap on the attract loop opens the home menu, a visitor walks into a guide and back,
 * works out a bill on the keypad, sees a queue call arrive while browsing, and after the idle time
 * the kiosk returns to the loop with nothing of the visitor left; on a 1920 × 1080 TV the remote's
 * arrows and Enter open a guide, and an emergency ends the session and shows through.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { demoKioskApp } from '../content/demo-kiosk';
import { calculateBill, parseKwh, type Tariff } from '../content/tariff';
import { addDays, wallClock } from '../content/wall-clock';
import { adminSession, postCall } from './api';
import { launchBrowser, regionStats } from './browser';

type Api = Awaited<ReturnType<typeof adminSession>>;

let browser: Browser;
let api: Api;
let hallId: string;
let appId: string;
let kioskId: string;
let kioskUrl: string;
let tvUrl: string;
let tvId: string;
const contexts: BrowserContext[] = [];
const run = Date.now().toString(36);
/** The kiosk app's idle time: the schema's minimum, so the spec can watch it happen. */
const IDLE_MS = 10_000;
const tariff: Tariff = {
  basis: 'month',
  tiers: [
    { name: '第一档', upToKwh: 180, pricePerKwh: 0.4883 },
    { name: '第二档', upToKwh: 280, pricePerKwh: 0.5383 },
    { name: '第三档', upToKwh: null, pricePerKwh: 0.7883 },
  ],
  timeOfUse: [
    { name: '高峰', hours: '8:00–22:00', pricePerKwh: 0.5583 },
    { name: '低谷', hours: '22:00–次日 8:00', pricePerKwh: 0.3583 },
  ],
};

async function created(path: string, body: unknown): Promise<{ id: string; playerUrl?: string }> {
  const res = await api(path, { body });
  expect(res.status, `${path}: ${await res.clone().text()}`).toBe(201);
  return (await res.json()) as { id: string; playerUrl?: string };
}

async function approved(body: unknown): Promise<string> {
  const { id } = await created('/api/slides', body);
  expect((await api(`/api/slides/${id}/approve`, { method: 'POST' })).status).toBe(200);
  return id;
}

async function openPlayer(url: string, options: { viewport: { width: number; height: number }; hasTouch?: boolean }): Promise<Page> {
  const context = await browser.newContext(options);
  contexts.push(context);
  const page = await context.newPage();
  page.on('pageerror', (err) => console.error('[player page error]', err.message));
  await page.goto(url);
  await page.waitForFunction(() => document.querySelector('[data-testid="now-playing"]')?.getAttribute('data-slide-id'), null, { timeout: 30_000 });
  await page.waitForFunction(() => window.__player?.status === 'online', null, { timeout: 20_000 });
  return page;
}

const pageId = (page: Page) => page.getByTestId('kiosk-page').getAttribute('data-page-id');
const layerShown = (page: Page) => page.getByTestId('kiosk-layer').isVisible();

beforeAll(async () => {
  browser = await launchBrowser();
  api = await adminSession();
  hallId = (await created('/api/halls', { name: `触摸查询测试厅 ${run}` })).id;
  const priceSlideId = await approved({ type: 'priceTable', title: '居民阶梯电价', tiers: [{ name: '第一档', range: '0–180 千瓦时', price: '0.4883 元' }], tariff });
  appId = await approved({ ...demoKioskApp({ priceSlideId }), idleMs: IDLE_MS, durationMs: 4000 });
  const noticeId = await approved({ type: 'notice', title: '触摸查询测试通知', body: '欢迎光临', durationMs: 3000 });
  const playlistId = (await created('/api/playlists', { name: `触摸查询 ${run}`, items: [{ slideId: noticeId }, { slideId: appId }] })).id;
  // Guide-area screens show calls as a banner (and so put them in the aria-live element).
  const kiosk = await created('/api/screens', { name: '智能导航平台', hallId, area: 'guide', kind: 'kiosk' });
  const tv = await created('/api/screens', { name: '引导区电视', hallId, area: 'guide', kind: 'tv' });
  kioskId = kiosk.id;
  kioskUrl = kiosk.playerUrl!;
  tvId = tv.id;
  tvUrl = tv.playerUrl!;
  await created('/api/schedules', { name: `触摸查询 ${run}`, target: { screenIds: [kiosk.id, tv.id] }, playlistId, priority: 50 });
});
// A failed test must not leave its player rendering while the next one runs.
afterEach(async () => {
  await Promise.all(contexts.splice(0).map((c) => c.close()));
});
afterAll(async () => {
  await browser?.close();
});

describe('kiosk app', () => {
  it('touch: home menu, a guide and back, the bill calculator, a call while browsing, idle back to the loop', async () => {
    const page = await openPlayer(kioskUrl, { viewport: { width: 1080, height: 1920 }, hasTouch: true });
    expect(await layerShown(page)).toBe(false);
    // The app's own turn in the loop draws its attract card on the canvas.
    await page.waitForFunction((id) => document.querySelector('[data-testid="now-playing"]')?.getAttribute('data-slide-id') === id, appId, { timeout: 15_000 });
    await page.waitForTimeout(400);
    const card = await regionStats(page, { x: 0, y: 400, width: 1080, height: 600 });
    expect(card.litRatio).toBeGreaterThan(0.05);

    await page.touchscreen.tap(540, 960);
    await expect.poll(() => pageId(page)).toBe('home');
    const tiles = page.getByTestId('kiosk-tile');
    expect(await tiles.count()).toBe(4);
    const box = (await tiles.first().boundingBox())!;
    expect(box.height).toBeGreaterThanOrEqual(120);
    expect(box.width).toBeGreaterThanOrEqual(120);

    await page.tap('[data-testid="kiosk-tile"][data-target="guides"]');
    await expect.poll(() => pageId(page)).toBe('guides');
    await page.tap('[data-testid="kiosk-tile"][data-target="guide-new"]');
    await expect.poll(() => pageId(page)).toBe('guide-new');
    const guide = await page.getByTestId('kiosk-page').textContent();
    expect(guide).toContain('户主有效身份证件');
    expect(await page.locator('.kiosk-qr').count()).toBe(1);
    await page.tap('[data-testid="kiosk-back"]');
    await expect.poll(() => pageId(page)).toBe('guides');
    await page.tap('[data-testid="kiosk-home"]');
    await expect.poll(() => pageId(page)).toBe('home');

    // Prices: the tier table, then 260 kWh on the keypad.
    await page.tap('[data-testid="kiosk-tile"][data-target="prices"]');
    await expect.poll(() => pageId(page)).toBe('prices');
    for (const d of ['2', '6', '0']) await page.tap(`[data-testid="kiosk-keypad-${d}"]`);
    expect(await page.getByTestId('kiosk-kwh-input').inputValue()).toBe('260');
    await page.tap('[data-testid="kiosk-keypad-calc"]');
    const bill = calculateBill(260, tariff);
    expect(bill.ok && bill.total).toBe(130.95);
    expect(await page.getByTestId('kiosk-bill-total').getAttribute('data-total')).toBe('130.95');
    expect(await page.getByTestId('kiosk-page').textContent()).toContain('第二档：80 千瓦时 × 0.5383 元 = 43.06 元');
    // Nonsense gets parseKwh's own words on screen.
    await page.tap('[data-testid="kiosk-keypad-clear"]');
    for (const k of ['dot', 'dot', '5']) await page.tap(`[data-testid="kiosk-keypad-${k}"]`);
    await page.tap('[data-testid="kiosk-keypad-calc"]');
    const refused = parseKwh('..5');
    expect(await page.getByTestId('kiosk-bill-error').textContent()).toBe(refused.ok ? '' : refused.message);
    await page.tap('[data-testid="kiosk-keypad-1"]');
    await page.tap('[data-testid="kiosk-large-text"]');
    expect(await page.getByTestId('kiosk-layer').getAttribute('class')).toContain('is-large');
    // The last touch of this visitor: the idle time counts from here.
    const lastTouch = Date.now();

    // A queue call while a visitor browses: the aria-live element and the banner on top of the layer.
    const text = '请 K001 号到 3 号窗口办理';
    expect((await postCall({ ticket: 'K001', counter: '3', hallId, id: `e2e-kiosk-${run}` })).status).toBe(202);
    await expect.poll(() => page.locator('[data-testid="call"][aria-live="assertive"]').textContent(), { timeout: 5000 }).toBe(text);
    await expect.poll(() => page.getByTestId('kiosk-call-banner').textContent(), { timeout: 2000 }).toBe(text);
    expect(await page.getByTestId('kiosk-call-banner').isVisible()).toBe(true);
    const bannerBox = await page.getByTestId('kiosk-call-banner').boundingBox();
    expect(bannerBox, 'the banner is on screen while the visitor browses').not.toBeNull();
    expect(await pageId(page)).toBe('prices');
    expect((await regionStats(page, bannerBox!)).redRatio).toBeGreaterThan(0.3);

    // Idle: back to the attract loop after IDLE_MS without a touch.
    await expect.poll(() => layerShown(page), { timeout: IDLE_MS + 5000, interval: 250 }).toBe(false);
    expect(Date.now() - lastTouch).toBeGreaterThanOrEqual(IDLE_MS - 500);
    // The next visitor starts clean: home page, normal text, an empty calculator.
    await page.touchscreen.tap(540, 1500);
    await expect.poll(() => pageId(page)).toBe('home');
    expect(await page.getByTestId('kiosk-layer').getAttribute('class')).not.toContain('is-large');
    expect(await page.getByTestId('kiosk-large-text').getAttribute('aria-pressed')).toBe('false');
    await page.tap('[data-testid="kiosk-tile"][data-target="prices"]');
    expect(await page.getByTestId('kiosk-kwh-input').inputValue()).toBe('');
    // The hall map: a service lights up its area and names its counters.
    await page.tap('[data-testid="kiosk-back"]');
    await page.tap('[data-testid="kiosk-tile"][data-target="map"]');
    await expect.poll(() => pageId(page)).toBe('map');
    expect(await page.getByTestId('kiosk-map-here').textContent()).toBe('您在这里');
    await page.tap('[data-testid="kiosk-service"]');
    expect(await page.locator('.kiosk-map-area.is-highlighted').getAttribute('data-area')).toBe('counter');
    expect(await page.locator('.kiosk-map-answer').textContent()).toContain('1、2 号窗口');
    // 退出 from home ends this second session at once.
    await page.tap('[data-testid="kiosk-back"]');
    await page.tap('[data-testid="kiosk-back"]');
    await expect.poll(() => layerShown(page)).toBe(false);

    // Both sessions reached the analytics.
    // Yesterday too: a session that began just before the hall's midnight belongs to that day.
    const day = wallClock(Date.now(), 'Asia/Shanghai').date;
    await expect
      .poll(async () => ((await (await api(`/api/reports/kiosk?from=${addDays(day, -1)}&to=${day}&screenId=${kioskId}`)).json()) as { endedBy: Record<string, number> }).endedBy, { timeout: 5000 })
      .toMatchObject({ idle: 1, exit: 1 });
  }, 75_000);

  it('keyboard on a TV: arrows and Enter open a guide, Escape goes back; an emergency ends the session', async () => {
    const page = await openPlayer(tvUrl, { viewport: { width: 1920, height: 1080 } });
    await page.keyboard.press('Enter');
    await expect.poll(() => pageId(page)).toBe('home');
    // Keyboard users land on the first tile (办事指南).
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-target'))).toBe('guides');
    await page.keyboard.press('ArrowRight');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-target'))).toBe('prices');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('Enter');
    await expect.poll(() => pageId(page)).toBe('guides');
    await page.keyboard.press('ArrowDown');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-target'))).toBe('guide-transfer');
    await page.keyboard.press('Enter');
    await expect.poll(() => pageId(page)).toBe('guide-transfer');
    await page.keyboard.press('Escape');
    await expect.poll(() => pageId(page)).toBe('guides');

    const res = await api('/api/overrides', { body: { kind: 'emergency', target: { screenIds: [tvId] }, title: '紧急疏散演练', body: '请听从工作人员指挥' } });
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: string };
    await expect.poll(() => layerShown(page), { timeout: 5000 }).toBe(false);
    await expect.poll(() => page.getByTestId('override').getAttribute('data-override-id')).toBe(id);
    // While the emergency shows, a key does not open the app over it.
    await page.keyboard.press('Enter');
    await page.waitForTimeout(300);
    expect(await layerShown(page)).toBe(false);
    expect((await api(`/api/overrides/${id}`, { method: 'DELETE' })).status).toBeLessThan(300);
  }, 45_000);
});
