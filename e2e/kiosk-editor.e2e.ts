/**
 * Staff side of the kiosks: build a touch app from scratch in the editor as a tree of pages (a guide
 * with a step, linked from the home menu), save it (201) and see the tree; make it broken (a bad QR
 * link, a submenu linking back to home) and see the problem named by page without anything being
 * sent; click through the real player in the preview; and see the 触摸统计 charts drawn from
 * `kioskSession` messages that a kiosk sent over its player socket.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import WebSocket from 'ws';
import { PROTOCOL_VERSION } from '../content/protocol';
import { adminSession, baseUrl } from './api';
import { launchBrowser } from './browser';

type ScreenRow = { id: string; name: string; kind: string; playerUrl: string };

let browser: Browser;
let editor: Page;
let appId = '';

async function login(hash: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1680, height: 1050 } });
  page.on('pageerror', (err) => console.error('[editor page error]', err.message));
  await page.goto(`${baseUrl()}/editor/${hash}`);
  await page.getByTestId('login-username').fill('admin');
  await page.getByTestId('login-password').fill(inject('adminPassword'));
  await page.getByTestId('login-submit').click();
  await page.getByTestId('current-user').waitFor();
  return page;
}

const node = (id: string) => editor.locator(`[data-testid="kiosk-tree-node"][data-page-id="${id}"]`);
const problems = () => editor.getByTestId('kiosk-problem').allTextContents();

beforeAll(async () => {
  browser = await launchBrowser();
  editor = await login('#/slides');
});
afterAll(async () => {
  await browser?.close();
});

describe('kiosk app editor', () => {
  it('builds a tree from scratch, saves it, refuses broken trees naming the page, and previews it', async () => {
    const started = Date.now();
    await editor.getByTestId('slide-new-kiosk').click();
    await editor.getByTestId('kiosk-tree').waitFor();
    await editor.getByTestId('kiosk-app-title').fill(`查询终端 ${started % 100000}`);
    // A fresh app is one home menu without tiles: the schema says so, on that page.
    await expect.poll(problems).toEqual([expect.stringMatching(/页面「.*」：菜单至少需要一个按钮/)]);

    await editor.getByTestId('kiosk-add-type').selectOption('guide');
    await editor.getByTestId('kiosk-add-page').click();
    expect(await editor.getByTestId('kiosk-page-id').textContent()).toBe('guide-1');
    await editor.getByTestId('kiosk-page-title').fill('居民新装');
    await editor.getByTestId('kiosk-step-title').fill('提出申请');
    await editor.getByTestId('kiosk-step-add').click();
    await editor.getByTestId('kiosk-step-title').nth(1).fill('装表接电');
    // Not linked yet: listed apart from the tree.
    expect(await editor.getByTestId('kiosk-tree-unlinked').locator('[data-page-id="guide-1"]').count()).toBe(1);

    await node('home').click();
    await editor.getByTestId('kiosk-tile-add').click();
    await editor.getByTestId('kiosk-tile-label').fill('居民新装');
    await editor.getByTestId('kiosk-tile-target').selectOption('guide-1');
    await expect.poll(problems).toEqual([]);
    expect(await editor.getByTestId('kiosk-tree-unlinked').count()).toBe(0);
    expect(await editor.locator('.kiosk-tree-list.root [data-page-id="guide-1"]').count()).toBe(1);

    const created = editor.waitForResponse((r) => r.url().endsWith('/api/slides') && r.request().method() === 'POST');
    await editor.getByTestId('kiosk-save').click();
    const res = await created;
    expect(res.status()).toBe(201);
    appId = ((await res.json()) as { id: string }).id;
    await expect.poll(() => editor.evaluate(() => location.hash)).toBe(`#/kiosk/${appId}`);
    await expect.poll(() => editor.getByTestId('slide-status').getAttribute('data-status')).toBe('draft');

    // Reopened from the server: the same tree.
    const api = await adminSession();
    const temp = (await (await api('/api/slides', { body: { type: 'notice', title: '临时通知', body: '稍后删除', level: 'info' } })).json()) as { id: string };
    await editor.reload();
    await node('guide-1').waitFor();
    expect(await editor.locator('.kiosk-tree-list.root [data-page-id="guide-1"]').count()).toBe(1);

    // What only the server can check (the slide a page shows was deleted meanwhile) comes back as a 400 naming the page.
    await editor.getByTestId('kiosk-add-type').selectOption('slide');
    await editor.getByTestId('kiosk-add-page').click();
    await editor.getByTestId('kiosk-slide-pick').selectOption(temp.id);
    expect((await api(`/api/slides/${temp.id}`, { method: 'DELETE' })).status).toBe(204);
    const refused = editor.waitForResponse((r) => r.url().endsWith(`/api/slides/${appId}`) && r.request().method() === 'PUT');
    await editor.getByTestId('kiosk-save').click();
    expect((await refused).status()).toBe(400);
    await expect.poll(() => editor.getByTestId('kiosk-server-error').textContent()).toMatch(/页面「幻灯片页面」.*不存在/);
    await editor.getByTestId('kiosk-delete-page').click();
    await editor.getByTestId('confirm-ok').click();
    await expect.poll(() => node('slide-1').count()).toBe(0);

    // Broken input is refused in the form, naming the page; nothing reaches the server.
    let writes = 0;
    editor.on('request', (r) => {
      if (r.url().includes('/api/slides') && ['POST', 'PUT'].includes(r.method())) writes++;
    });
    await node('guide-1').click();
    await editor.getByTestId('kiosk-guide-qr-url').fill('网上国网');
    await expect.poll(problems).toEqual([expect.stringContaining('页面「居民新装」：')]);
    expect(await editor.locator('[data-error-for="pages.1.qrUrl"]').isVisible()).toBe(true);
    expect(await node('guide-1').getByTestId('kiosk-tree-problem').count()).toBe(1);
    await editor.getByTestId('kiosk-save').click();
    await editor.getByTestId('toast').filter({ hasText: '请按提示修改' }).waitFor();
    await editor.getByTestId('kiosk-guide-qr-url').fill('https://www.sgcc.com.cn/');
    await expect.poll(problems).toEqual([]);

    // A submenu that links back to home: a cycle, named by its pages.
    await editor.getByTestId('kiosk-add-type').selectOption('menu');
    await editor.getByTestId('kiosk-add-page').click();
    await editor.getByTestId('kiosk-page-title').fill('更多服务');
    await editor.getByTestId('kiosk-tile-add').click();
    await editor.getByTestId('kiosk-tile-label').fill('回到首页');
    await editor.getByTestId('kiosk-tile-target').selectOption('home');
    await node('home').click();
    await editor.getByTestId('kiosk-tile-add').click();
    await editor.getByTestId('kiosk-tile-label').nth(1).fill('更多');
    await editor.getByTestId('kiosk-tile-target').nth(1).selectOption('menu-1');
    await expect.poll(async () => (await problems()).join()).toMatch(/循环.*「更多服务」/);
    await editor.getByTestId('kiosk-save').click();
    await editor.getByTestId('toast').filter({ hasText: '请按提示修改' }).nth(1).waitFor();
    expect(writes).toBe(0);
    // Deleting a page that a tile links to is refused, saying from where.
    await node('guide-1').first().click();
    await editor.getByTestId('kiosk-delete-page').click();
    await editor.getByTestId('toast').filter({ hasText: '页面「' }).filter({ hasText: '居民新装' }).waitFor();
    // Back to a valid tree: the submenu goes back with the 返回 button instead.
    await node('menu-1').first().click();
    await editor.getByTestId('kiosk-tile-target').selectOption('guide-1');
    await expect.poll(problems).toEqual([]);

    // The real player previews the unsaved app (started on demand); a click opens the home menu.
    await editor.getByTestId('kiosk-preview-start').click();
    const frame = editor.frameLocator('[data-testid="preview-iframe"]');
    await expect.poll(() => editor.getByTestId('preview-status').getAttribute('data-state'), { timeout: 20_000 }).toBe('shown');
    await frame.locator('[data-testid="now-playing"]').waitFor({ state: 'attached', timeout: 10_000 });
    const box = (await editor.getByTestId('preview-iframe').boundingBox())!;
    await editor.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await expect.poll(() => frame.getByTestId('kiosk-layer').isVisible(), { timeout: 5000 }).toBe(true);
    expect(await frame.getByTestId('kiosk-page').getAttribute('data-page-id')).toBe('home');
    // Landscape TV size: a new player at 1920×1080.
    await editor.getByTestId('kiosk-preview-tv').click();
    await expect.poll(() => editor.getByTestId('preview-iframe').getAttribute('data-kind')).toBe('tv');
    await expect.poll(() => editor.getByTestId('preview-status').getAttribute('data-state'), { timeout: 20_000 }).toBe('shown');

    const put = editor.waitForResponse((r) => r.url().endsWith(`/api/slides/${appId}`) && r.request().method() === 'PUT');
    await editor.getByTestId('kiosk-save').click();
    expect((await put).status()).toBe(200);
    await editor.getByTestId('kiosk-approve').click();
    await expect.poll(() => editor.getByTestId('slide-status').getAttribute('data-status')).toBe('approved');
    console.log(`[e2e] kiosk app built, saved, checked and previewed in ${Date.now() - started} ms`);
  });

  it('fills the price table’s display rows from the numeric tariff', async () => {
    await editor.getByTestId('nav-slides').click();
    // Price tables only: other specs leave notices about 电价 (the 电价调整 template) in the list.
    await editor.getByTestId('slide-type-filter').selectOption('priceTable');
    await editor.getByTestId('slide-row').filter({ hasText: '电价' }).first().getByTestId('slide-edit').click();
    await editor.getByTestId('slide-tariff-basis').selectOption('month');
    await editor.getByTestId('slide-tariff-tier-up').first().fill('180');
    await editor.getByTestId('slide-tariff-tier-up').nth(1).fill('280');
    await editor.getByTestId('slide-tariff-tier-price').first().fill('0.5');
    await editor.getByTestId('slide-tariff-generate').click();
    await expect.poll(() => editor.getByTestId('slide-tier-range').first().inputValue()).toBe('0–180 千瓦时/月');
    expect(await editor.getByTestId('slide-tier-price').first().inputValue()).toBe('0.5 元/千瓦时');
    expect(await editor.getByTestId('slide-tier-range').nth(2).inputValue()).toBe('280 千瓦时/月以上');
    // A bound on the last tier is refused by the Tariff schema, beside the numbers.
    await editor.getByTestId('slide-tariff-tier-up').nth(2).fill('900');
    await editor.getByTestId('slide-save').click();
    await expect.poll(() => editor.locator('[data-error-for="tariff.tiers"]').textContent()).toContain('最后一档不设上限');
  });

  it('draws 触摸统计 charts from sessions a kiosk sent, and says so when there are none', async () => {
    const api = await adminSession();
    const screens = (await (await api('/api/screens')).json()) as ScreenRow[];
    const kiosk = screens.find((s) => s.kind === 'kiosk')!;
    const key = new URL(kiosk.playerUrl).searchParams.get('key')!;
    const ws = new WebSocket(`${baseUrl().replace(/^http/, 'ws')}/ws/player?screen=${encodeURIComponent(kiosk.id)}&key=${encodeURIComponent(key)}`);
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    ws.send(JSON.stringify({ type: 'hello', protocolVersion: PROTOCOL_VERSION, screenId: kiosk.id, key, playerVersion: 'e2e' }));
    const now = Date.now();
    const sessions = [
      { pages: ['home'], tiles: [], maxDepth: 0, durationMs: 12_000 },
      { pages: ['home', 'guide-1'], tiles: ['home/guide-1'], maxDepth: 1, durationMs: 45_000 },
      { pages: ['home', 'guide-1'], tiles: ['home/guide-1'], maxDepth: 1, durationMs: 30_000 },
      { pages: ['home', 'menu-1', 'guide-1'], tiles: ['home/menu-1', 'menu-1/guide-1'], maxDepth: 2, durationMs: 61_000 },
    ];
    sessions.forEach((s, i) =>
      ws.send(JSON.stringify({ type: 'kioskSession', session: { slideId: appId, startedAt: new Date(now - (i + 1) * 120_000).toISOString(), endedBy: 'idle', input: 'touch', ...s } })),
    );
    await new Promise((r) => setTimeout(r, 500));
    ws.close();

    await editor.getByTestId('nav-kiosk-analytics').click();
    // The price form above was left with refused, unsaved changes: leaving asks (forms/unsaved-guard.ts).
    await editor.getByTestId('confirm-ok').click();
    await editor.getByTestId('kiosk-stats-screen').selectOption(kiosk.id);
    await expect.poll(async () => Number(await editor.getByTestId('kiosk-total-sessions').locator('td').textContent().catch(() => '0')), { timeout: 10_000 }).toBeGreaterThanOrEqual(4);
    for (const chart of ['sessions', 'duration', 'depth', 'tiles']) {
      const canvas = editor.locator(`[data-testid="kiosk-chart-${chart}"] canvas`).first();
      await canvas.waitFor({ timeout: 5000 });
      // Drawn ink, not a blank plane.
      const inked = await canvas.evaluate((c: HTMLCanvasElement) => {
        const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
        let n = 0;
        for (let i = 3; i < d.length; i += 4) if (d[i]! > 0) n++;
        return n;
      });
      expect(inked, chart).toBeGreaterThan(200);
    }
    // The tile chart names the tile by its label in the saved app.
    expect(await editor.getByTestId('kiosk-tile-legend').textContent()).toContain('居民新装');

    await editor.getByTestId('kiosk-stats-from').fill('2020-01-01');
    await editor.getByTestId('kiosk-stats-to').fill('2020-01-07');
    await editor.getByTestId('kiosk-stats-load').click();
    await editor.getByTestId('kiosk-stats-empty').waitFor({ timeout: 5000 });
    expect(await editor.getByTestId('kiosk-stats-empty').textContent()).toContain('还没有触摸记录');
  });
});
