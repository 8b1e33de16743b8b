/**
 * 发布通知 from a 390×844 phone (browser in Pago Pago, the hall on Beijing time): a 横幅 停电通知 runs
 * as a red band while content and queue calls go on; 撤销 asks first; a 全屏接管 紧急通知 covers the screen
 * and calls under it are neither shown nor voiced (as `display-choice.ts` tells staff). Pixels on a real
 * player, not only the DOM mirror.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import sharp from 'sharp';
import { adminSession, baseUrl, postCall } from './api';
import { launchBrowser } from './browser';

let browser: Browser;
let context: BrowserContext;
let api: Awaited<ReturnType<typeof adminSession>>;
let player: Page;
let phone: Page;
let hallId: string;
let screenId: string;
const run = Date.now() % 100000;
const json = async (r: Response) => {
  if (!r.ok) throw new Error(`${r.status} ${await r.text()}`);
  return r.json() as Promise<any>;
};
const overrideShown = (page: Page) => page.evaluate(() => [...document.querySelectorAll('[data-testid="override"]')].map((e) => e.textContent ?? '').join(''));

/** Share of red (the emergency colour) in a horizontal slice of the player, from a real screenshot. */
async function redShare(page: Page, fromY: number, toY: number): Promise<number> {
  const { data, info } = await sharp(await page.screenshot()).raw().toBuffer({ resolveWithObject: true });
  let red = 0;
  let n = 0;
  for (let y = Math.floor(fromY * info.height); y < Math.floor(toY * info.height); y++)
    for (let x = 0; x < info.width; x += 2) {
      const i = (y * info.width + x) * info.channels;
      n++;
      if (data[i]! > 150 && data[i + 1]! < 90 && data[i + 2]! < 90) red++;
    }
  return red / n;
}

beforeAll(async () => {
  browser = await launchBrowser();
  api = await adminSession();
  const hall = await json(await api('/api/halls', { body: { name: `横幅厅-${run}` } }));
  hallId = hall.id;
  const screen = await json(await api('/api/screens', { body: { name: `横幅电视-${run}`, hallId, area: 'waiting', kind: 'tv' } }));
  screenId = screen.id;
  player = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  await player.goto(screen.playerUrl);
  await player.waitForFunction(() => document.querySelector('[data-testid="now-playing"]')?.getAttribute('data-slide-id'), null, { timeout: 30_000 });
  context = await browser.newContext({ timezoneId: 'Pacific/Pago_Pago', viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
  phone = await context.newPage();
  phone.on('pageerror', (err) => console.error('[editor page error]', err.message));
  await phone.goto(`${baseUrl()}/editor/`);
  await phone.getByTestId('login-username').fill('admin');
  await phone.getByTestId('login-password').fill(inject('adminPassword'));
  await phone.getByTestId('login-submit').click();
  await phone.getByTestId('current-user').waitFor();
});
afterAll(async () => {
  await context?.close();
  await browser?.close();
});

describe('发布通知: severity chosen by staff', () => {
  it('发布通知 on a 390×844 phone: a 横幅 停电通知 runs as a red band while a queue call still shows', async () => {
    await phone.goto(`${baseUrl()}/editor/#/live`);
    await phone.getByTestId('publish-open').tap();
    await phone.getByTestId('publish-preset-outage').tap();
    // The preset suggests a band: outages mostly stop only some business.
    expect(await phone.getByTestId('publish-display-banner').isChecked()).toBe(true);
    await phone.getByTestId('publish-outage-region').fill(`城东片区-${run}`);
    await phone.getByTestId('publish-target-kind-screens').check();
    await phone.getByTestId('publish-screens').locator(`input[value="${screenId}"]`).check();
    expect(await phone.getByTestId('publish-dialog').getByTestId('zone-note').first().textContent()).toBe('按北京时间填写');
    expect(await phone.getByTestId('publish-preview').textContent()).toContain(`城东片区-${run}停电`);
    // Nothing of the dialog sits off a phone's width.
    expect(await phone.getByTestId('publish-dialog').evaluate((d) => d.scrollWidth <= d.clientWidth && d.getBoundingClientRect().right <= 390)).toBe(true);
    await phone.screenshot({ path: `${import.meta.dirname}/artifacts/publish-dialog-390.png` });
    const review = phone.getByTestId('publish-review');
    const box = (await review.boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(390);
    await review.tap();
    expect(await phone.getByTestId('publish-confirm-display').textContent()).toContain('横幅');
    expect(await phone.getByTestId('publish-confirm-target').textContent()).toContain(`横幅电视-${run}`);
    expect(await phone.getByTestId('publish-confirm-end').textContent()).toMatch(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}（北京时间）自动结束/);
    await phone.screenshot({ path: `${import.meta.dirname}/artifacts/publish-confirm-390.png` });
    await phone.getByTestId('publish-confirm').tap();
    await expect.poll(() => overrideShown(player), { timeout: 10_000 }).toContain('停电通知');
    await player.waitForTimeout(1500);
    expect(await redShare(player, 0.9, 1)).toBeGreaterThan(0.5);
    expect(await redShare(player, 0.2, 0.7)).toBeLessThan(0.1);

    const res = await postCall({ ticket: 'B101', counter: '2', hallId, id: `e2e-banner-${run}` });
    expect(res.status).toBe(202);
    const call = player.locator('[aria-live="assertive"][data-testid="call"]');
    await expect.poll(() => call.textContent(), { timeout: 10_000 }).toBe('请 B101 号到 2 号窗口办理');
    expect(await overrideShown(player)).toContain('停电通知');
    await phone.screenshot({ path: `${import.meta.dirname}/artifacts/live-banner-390.png` });
  }, 15_000);

  it('撤销 asks first: cancel keeps it on air, confirm ends it', async () => {
    const row = phone.locator('[data-testid="override-row"]').filter({ hasText: `城东片区-${run}` });
    expect(await row.getByTestId('override-display').textContent()).toBe('横幅');
    await row.getByTestId('override-clear').click();
    await phone.getByTestId('confirm-cancel').click();
    await player.waitForTimeout(1000);
    expect(await overrideShown(player)).toContain('停电通知');
    await row.getByTestId('override-clear').click();
    await phone.getByTestId('confirm-ok').click();
    await expect.poll(() => overrideShown(player), { timeout: 10_000 }).not.toContain('停电通知');
  }, 15_000);

  it('a 全屏接管 emergency covers the screen; calls under it are not shown', async () => {
    // A call on screen when the takeover starts: the aria-live element must not keep it (contract: the call *on screen*).
    const callEl = player.locator('[aria-live="assertive"][data-testid="call"]');
    // Counter 2 again: it supersedes B101 at once instead of queueing behind it (keeps the test short).
    expect((await postCall({ ticket: 'B103', counter: '2', hallId, id: `e2e-before-takeover-${run}` })).status).toBe(202);
    await expect.poll(() => callEl.textContent(), { timeout: 10_000 }).toBe('请 B103 号到 2 号窗口办理');
    await phone.getByTestId('publish-open').tap();
    await phone.getByTestId('publish-preset-emergency').tap();
    expect(await phone.getByTestId('publish-display-fullscreen').isChecked()).toBe(true);
    await phone.getByTestId('publish-template-evacuation').tap();
    await phone.getByTestId('publish-title').fill(`疏散-${run}`);
    await phone.getByTestId('publish-target-kind-screens').check();
    await phone.getByTestId('publish-screens').locator(`input[value="${screenId}"]`).check();
    await phone.getByTestId('publish-expires-30').tap();
    await phone.getByTestId('publish-review').tap();
    expect(await phone.getByTestId('publish-confirm-display').textContent()).toContain('全屏接管');
    expect(await phone.getByTestId('publish-confirm-display').textContent()).toContain('叫号不显示也不播报');
    await phone.getByTestId('publish-confirm').tap();
    await expect.poll(() => overrideShown(player), { timeout: 10_000 }).toContain(`疏散-${run}`);
    const o = (await json(await api('/api/overrides'))).find((x: { title: string }) => x.title === `疏散-${run}`);
    expect(o.display).toBe('fullscreen');
    expect(await callEl.textContent(), 'the call element under a takeover').toBe('');
    await player.waitForTimeout(1500);
    expect(await redShare(player, 0.2, 0.7)).toBeGreaterThan(0.5);
    const hidden = await json(await postCall({ ticket: 'B102', counter: '2', hallId, id: `e2e-takeover-${run}` }));
    await player.waitForTimeout(2500);
    await player.screenshot({ path: `${import.meta.dirname}/artifacts/takeover-call.png` });
    expect(await callEl.textContent(), 'a call posted under a takeover').toBe('');
    // Hidden, so not reported as shown (an ack would tell the queue desk the waiting person saw it).
    const acks = await json(await api(`/api/queue/calls/${hidden.id}/acks`));
    expect(acks.acks.map((a: { screenId: string }) => a.screenId)).not.toContain(screenId);
    expect(await redShare(player, 0.2, 0.7)).toBeGreaterThan(0.5);
    expect((await api(`/api/overrides/${o.id}`, { method: 'DELETE' })).status).toBe(204);
  }, 15_000);
});
