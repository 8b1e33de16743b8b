/**
 * 批量操作 on the slide list at phone width (390×844): select 3, approve, tag, delete with the in-use dialog;
 * then 2 images dropped into a playlist become 2 pending slides in order.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import sharp from 'sharp';
import { adminSession, baseUrl } from './api';
import { BROWSER_TIMEZONE, launchBrowser } from './browser';

let browser: Browser;
let context: BrowserContext;
let page: Page;
let api: Awaited<ReturnType<typeof adminSession>>;
const run = Date.now() % 100000;
const prefix = `批量-${run}`;
const ids: string[] = [];

beforeAll(async () => {
  browser = await launchBrowser();
  api = await adminSession();
  for (const n of [1, 2, 3]) ids.push(((await (await api('/api/slides', { body: { type: 'notice', title: `${prefix}-${n}`, body: '正文' } })).json()) as { id: string }).id);
  await api('/api/playlists', { body: { name: `批量用的列表-${run}`, items: [{ slideId: ids[0] }] } });
  context = await browser.newContext({ timezoneId: BROWSER_TIMEZONE, viewport: { width: 390, height: 844 } });
  page = await context.newPage();
  await page.goto(`${baseUrl()}/editor/`);
  await page.getByTestId('login-username').fill('admin');
  await page.getByTestId('login-password').fill(inject('adminPassword'));
  await page.getByTestId('login-submit').click();
  await page.getByTestId('current-user').waitFor();
});
afterAll(async () => {
  await context?.close();
  await browser?.close();
});

const rows = () => page.locator(`[data-testid="slide-row"]`);
const toastWith = (text: string) => page.locator('.toasts').getByText(text);
const tagsOf = async (id: string): Promise<string[]> => (((await (await api(`/api/slides/${id}`, { method: 'GET' })).json()) as { tags?: string[] }).tags ?? []);

describe('bulk actions on slides (390 px)', () => {
  it('selects 3 slides, approves them, then tags them, with toasts that count', async () => {
    await page.goto(`${baseUrl()}/editor/#/slides`);
    await page.getByTestId('slide-search').fill(prefix);
    await expect.poll(() => rows().count()).toBe(3);
    await page.getByTestId('bulk-select-all').check();
    expect(await page.getByTestId('bulk-count').textContent()).toBe('已选 3 项');
    const approve = page.getByTestId('bulk-approve');
    // Usable on a phone: the bar's buttons lie inside the 390 px viewport.
    const box = await approve.boundingBox();
    expect(box && box.x >= 0 && box.x + box.width <= 390).toBe(true);
    await approve.click();
    await toastWith('已通过 3 项').waitFor();
    await expect.poll(() => page.locator('[data-testid="slide-row"][data-status="approved"]').count()).toBe(3);
    await page.getByTestId('bulk-tag').fill('春节');
    await page.getByTestId('bulk-tag-add').click();
    await toastWith('已添加标签 3 项').waitFor();
    for (const id of ids) expect(await tagsOf(id)).toEqual(['春节']);
  }, 15_000);

  it('bulk delete asks with the count and names the slide in use; that one stays', async () => {
    expect(await page.getByTestId('bulk-count').textContent()).toBe('已选 3 项');
    await page.getByTestId('bulk-delete').click();
    const dialog = page.getByTestId('confirm-dialog');
    await dialog.waitFor();
    const text = (await dialog.textContent()) ?? '';
    expect(text).toContain('删除已选的 3 项');
    expect(text).toContain(`其中 1 项仍在使用，不会删除：「${prefix}-1」（播放列表「批量用的列表-${run}」）`);
    await page.getByTestId('confirm-ok').click();
    await toastWith('已删除 2 项，1 项仍在使用').waitFor();
    await expect.poll(() => rows().count()).toBe(1);
    expect(await rows().first().getAttribute('data-slide-id')).toBe(ids[0]);
  }, 15_000);
});

describe('dropping media into a playlist', () => {
  it('2 dropped images become 2 pending image slides at the end, in the order dropped', async () => {
    const pl = (await (await api('/api/playlists', { body: { name: `拖入-${run}`, items: [] } })).json()) as { id: string };
    const pngs = await Promise.all(['#cc3333', '#33cc66'].map(async (background) =>
      (await sharp({ create: { width: 64, height: 36, channels: 3, background } }).png().toBuffer()).toString('base64')));
    await page.goto(`${baseUrl()}/editor/#/playlists/${pl.id}`);
    const zone = page.getByTestId('media-drop');
    await zone.waitFor();
    const names = [`第一张-${run}.png`, `第二张-${run}.png`];
    const transfer = await page.evaluateHandle(([files, names]) => {
      const dt = new DataTransfer();
      files.forEach((b64, i) => dt.items.add(new File([Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))], names[i]!, { type: 'image/png' })));
      return dt;
    }, [pngs, names] as const);
    await zone.dispatchEvent('drop', { dataTransfer: transfer });
    await toastWith('已加入 2 张幻灯片，待审核').waitFor();
    await expect.poll(() => page.getByTestId('playlist-items').locator('li').count()).toBe(2);
    const stored = (await (await api(`/api/playlists/${pl.id}`, { method: 'GET' })).json()) as { items: { slideId: string }[] };
    const made = await Promise.all(stored.items.map(async (i) => (await (await api(`/api/slides/${i.slideId}`, { method: 'GET' })).json()) as { title: string; type: string; status: string }));
    expect(made.map((s) => [s.title, s.type, s.status])).toEqual([[`第一张-${run}`, 'image', 'pending'], [`第二张-${run}`, 'image', 'pending']]);
    // The server already stored the rows it added: the form is clean, so leaving asks nothing.
    await page.getByTestId('nav-media').click();
    await page.getByTestId('media-grid').waitFor({ timeout: 5_000 });
    expect(await page.getByTestId('confirm-dialog').count()).toBe(0);
  }, 15_000);
});
