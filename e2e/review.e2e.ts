/**
 * Review as staff live it, in Chromium (browser clock in Pago Pago, unlike the halls'): an editor fixes
 * a notice that is on air, the screen keeps the approved text; a reviewer sees the 待审核 badge, the
 * field diff, rejects without a reason (refused) and with one; the editor sees why; the reviewer
 * approves and the screen switches to the new text.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { adminSession, baseUrl } from './api';
import sharp from 'sharp';
import { launchBrowser } from './browser';

let browser: Browser;
let api: Awaited<ReturnType<typeof adminSession>>;
const contexts: BrowserContext[] = [];
const run = Date.now() % 100000;
const PASSWORD = 'Review-e2e-2026';
let slideId: string;
let playerUrl: string;
const OLD = `营业时间-${run}`;
const NEW = `营业时间调整-${run}`;

async function staffPage(username: string): Promise<Page> {
  const context = await browser.newContext({ timezoneId: 'Pacific/Pago_Pago', viewport: { width: 1440, height: 900 } });
  contexts.push(context);
  const page = await context.newPage();
  page.on('pageerror', (err) => console.error(`[${username} page error]`, err.message));
  await page.goto(`${baseUrl()}/editor/`);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(PASSWORD);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('current-user').waitFor();
  return page;
}
const json = async (r: Response) => {
  if (!r.ok) throw new Error(`${r.status} ${await r.text()}`);
  return r.json() as Promise<any>;
};

beforeAll(async () => {
  browser = await launchBrowser();
  api = await adminSession();
  for (const role of ['editor', 'reviewer'])
    await json(await api('/api/users', { body: { username: `${role}-${run}`, password: PASSWORD, displayName: role === 'editor' ? '宣传小王' : '审核老李', role } }));
  const hall = await json(await api('/api/halls', { body: { name: `审核厅-${run}` } }));
  const screen = await json(await api('/api/screens', { body: { name: '审核电视', hallId: hall.id, area: 'exhibition', kind: 'tv' } }));
  playerUrl = screen.playerUrl;
  const slide = await json(await api('/api/slides', { body: { type: 'notice', title: OLD, body: '周六 9:00 开门' } }));
  slideId = slide.id;
  await json(await api(`/api/slides/${slideId}/approve`, { method: 'POST' }));
  const pl = await json(await api('/api/playlists', { body: { name: `审核-${run}`, items: [{ slideId }] } }));
  await json(await api('/api/schedules', { body: { name: `审核-${run}`, target: { screenIds: [screen.id] }, playlistId: pl.id, priority: 90 } }));
});
afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
});

describe('review', () => {
  let player: Page;
  let editor: Page;
  let reviewer: Page;

  it('an edit of an on-air notice waits for review while the screen keeps the approved text', async () => {
    player = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    await player.goto(playerUrl);
    const nowPlaying = player.getByTestId('now-playing');
    await expect.poll(() => nowPlaying.textContent(), { timeout: 30_000 }).toContain(OLD);

    editor = await staffPage(`editor-${run}`);
    await editor.goto(`${baseUrl()}/editor/#/slides/${slideId}`);
    await editor.getByTestId('slide-on-air-note').waitFor();
    await editor.getByTestId('slide-title').fill(NEW);
    await editor.getByTestId('slide-body').fill('周六 8:30 开门');
    await editor.getByTestId('slide-save-submit').click();
    const row = editor.locator(`[data-testid="slide-row"][data-slide-id="${slideId}"]`);
    await expect.poll(() => row.getAttribute('data-status'), { timeout: 10_000 }).toBe('pending');
    expect(await row.getByTestId('slide-on-air').isVisible()).toBe(true);
    // Saved and submitted: the screen still shows the approved version (give it time to (wrongly) switch).
    await player.waitForTimeout(3000);
    expect(await nowPlaying.textContent()).toContain(OLD);
    expect(await nowPlaying.textContent()).not.toContain(NEW);
  });

  it('a reviewer sees the badge and the diff; rejecting needs a reason; the editor then sees it', async () => {
    reviewer = await staffPage(`reviewer-${run}`);
    // A reviewer lands on the queue; the badge counts what waits.
    await expect.poll(() => reviewer.getByTestId('review-count').textContent(), { timeout: 10_000 }).toMatch(/^[1-9]\d*$/);
    // Reviewers land on 待审核 but may browse the slide list too (read-only for them).
    expect(await reviewer.getByTestId('nav-slides').count()).toBe(1);
    const row = reviewer.locator(`[data-testid="review-row"][data-slide-id="${slideId}"]`);
    await row.getByTestId('review-open').click();
    const diff = reviewer.getByTestId('slide-diff');
    await diff.waitFor();
    expect(await diff.locator('[data-field="title"] .diff-before').textContent()).toBe(OLD);
    expect(await diff.locator('[data-field="title"] .diff-after').textContent()).toBe(NEW);
    expect(await diff.locator('[data-field="body"] .diff-after').textContent()).toBe('周六 8:30 开门');

    await reviewer.getByTestId('review-reject').click();
    await reviewer.getByTestId('reject-ok').click();
    expect(await reviewer.getByTestId('reject-error').textContent()).toBe('请填写驳回理由');
    await reviewer.getByTestId('reject-reason').fill('开门时间请与营业厅公告一致');
    await reviewer.getByTestId('reject-ok').click();
    await reviewer.getByTestId('review-table').waitFor();
    await expect.poll(() => row.count(), { timeout: 10_000 }).toBe(0);

    await editor.goto(`${baseUrl()}/editor/#/slides/${slideId}`);
    await editor.reload();
    await expect.poll(() => editor.getByTestId('slide-rejection-reason').textContent(), { timeout: 10_000 }).toBe('开门时间请与营业厅公告一致');
    expect(await editor.getByTestId('slide-rejection').textContent()).toContain('审核老李');
    const history = editor.getByTestId('review-history');
    expect(await history.textContent()).toContain('驳回：开门时间请与营业厅公告一致');
    expect(await editor.getByTestId('slide-diff-row').count()).toBe(2);
    expect(await player.getByTestId('now-playing').textContent()).toContain(OLD);
  });

  it('approved from the review page, the screen switches to the new text', async () => {
    await editor.getByTestId('slide-save-submit').click();
    await editor.getByTestId('slide-table').waitFor();
    await reviewer.goto(`${baseUrl()}/editor/#/review/${slideId}`);
    await reviewer.getByTestId('review-approve').click();
    await reviewer.getByTestId('review-table').waitFor();
    await expect.poll(() => player.getByTestId('now-playing').textContent(), { timeout: 30_000 }).toContain(NEW);
  });

  it('ticker text waits in the same queue and a reviewer approves it there', async () => {
    const templates = await json(await api('/api/layout-templates'));
    const base = templates.find((x: { id: string }) => x.id === 'tvMain').layout;
    const text = `今晚系统升级-${run}`;
    const zones = base.zones.map((z: any) => (z.content.type === 'ticker' ? { ...z, content: { ...z.content, text } } : z));
    const layout = await json(await api('/api/layouts', { body: { ...base, name: `字幕-${run}`, zones } }));
    await reviewer.goto(`${baseUrl()}/editor/#/review`);
    const row = reviewer.locator(`[data-testid="ticker-review-row"][data-layout-id="${layout.id}"]`);
    await expect.poll(() => row.getByTestId('ticker-new-text').textContent(), { timeout: 10_000 }).toBe(text);
    await row.getByTestId('ticker-approve').click();
    await expect.poll(() => row.count(), { timeout: 10_000 }).toBe(0);
    const stored = await json(await api(`/api/layouts/${layout.id}`));
    expect(stored.approvedTickers.ticker.text).toBe(text);
  });

  it('media dropped into a playlist together wait as one batch, and 全部通过 approves them all', async () => {
    const ids: string[] = [];
    for (const i of [0, 1, 2]) {
      // Pictures of their own (a size and colours no other test uses): the library dedupes by content.
      const background = { r: 17 + i * 60, g: run % 251, b: 201 };
      const png = await sharp({ create: { width: 72, height: 40, channels: 3, background } }).png().toBuffer();
      const form = new FormData();
      form.append('file', new Blob([new Uint8Array(png)], { type: 'image/png' }), `批次图-${i + 1}-${run}.png`);
      ids.push((await json(await api('/api/media', { form }))).id);
    }
    const pl = await json(await api('/api/playlists', { body: { name: `批次-${run}`, items: [] } }));
    const dropped = await json(await api('/api/slides/from-media', { body: { playlistId: pl.id, mediaIds: ids } }));
    const slideIds: string[] = dropped.slides.map((s: { id: string }) => s.id);
    await reviewer.goto(`${baseUrl()}/editor/#/review`);
    // Other tests on this server drop media too: this drop's own batch.
    const batch = reviewer.locator(`[data-testid="review-batch"][data-batch="${dropped.slides[0].review[0].batch}"]`);
    await batch.waitFor({ timeout: 10_000 });
    expect(await batch.textContent()).toContain('一批拖入的素材 · 3 项');
    for (const id of slideIds) expect(await reviewer.locator(`[data-testid="review-row"][data-slide-id="${id}"]`).getAttribute('class')).toBe('batch-member');
    await batch.getByTestId('review-batch-approve').click();
    await expect.poll(() => batch.count(), { timeout: 10_000 }).toBe(0);
    expect(await reviewer.getByTestId('toast').last().textContent()).toContain('已通过 3 项');
    for (const id of slideIds) expect((await json(await api(`/api/slides/${id}`))).status).toBe('approved');
  });
});
