/** 删除 says where a slide or a media file is used before anyone confirms, with links there (browser clock in Pago Pago). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import sharp from 'sharp';
import { adminSession, baseUrl } from './api';
import { launchBrowser } from './browser';

let browser: Browser;
let context: BrowserContext;
let page: Page;
let slideId: string;
let playlistId: string;
let mediaId: string;
let mediaSlideId: string;
const run = Date.now() % 100000;

beforeAll(async () => {
  browser = await launchBrowser();
  const api = await adminSession();
  slideId = ((await (await api('/api/slides', { body: { type: 'notice', title: `在用的-${run}` } })).json()) as { id: string }).id;
  playlistId = ((await (await api('/api/playlists', { body: { name: `用它的列表-${run}`, items: [{ slideId }] } })).json()) as { id: string }).id;
  const png = await sharp({ create: { width: 64, height: 36, channels: 3, background: '#3366cc' } }).png().toBuffer();
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(png)], { type: 'image/png' }), `在用的图-${run}.png`);
  mediaId = ((await (await api('/api/media', { form })).json()) as { id: string }).id;
  mediaSlideId = ((await (await api('/api/slides', { body: { type: 'image', title: `用图的-${run}`, mediaId } })).json()) as { id: string }).id;
  await api(`/api/playlists/${playlistId}`, { method: 'PUT', body: { name: `用它的列表-${run}`, items: [{ slideId }, { slideId: mediaSlideId }] } });
  context = await browser.newContext({ timezoneId: 'Pacific/Pago_Pago', viewport: { width: 1440, height: 900 } });
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

describe('delete dialogs', () => {
  it('a slide in a playlist: the dialog names the playlist and links there, with no delete button', async () => {
    await page.goto(`${baseUrl()}/editor/#/slides`);
    const row = page.locator(`[data-testid="slide-row"][data-slide-id="${slideId}"]`);
    await row.getByTestId('slide-delete').click();
    const users = page.getByTestId('slide-delete-users');
    await users.waitFor();
    expect(await users.textContent()).toBe(`播放列表「用它的列表-${run}」`);
    expect(await page.getByTestId('confirm-ok').count()).toBe(0);
    await users.getByRole('link').click();
    await expect.poll(() => new URL(page.url()).hash).toBe(`#/playlists/${playlistId}`);
  });

  it('a media file shown by a slide: the dialog names the slide and its playlist with links, before any 此操作不可撤销', async () => {
    await page.goto(`${baseUrl()}/editor/#/media`);
    const tile = page.locator(`[data-testid="media-item"][data-media-id="${mediaId}"]`);
    await tile.getByTestId('media-delete').click();
    const users = page.getByTestId('media-delete-users');
    await users.waitFor();
    expect(await users.textContent()).toBe(`幻灯片「用图的-${run}」（在 播放列表「用它的列表-${run}」 中播放）`);
    expect(await page.getByTestId('media-delete-in-use').textContent()).not.toContain('不可撤销');
    expect(await page.getByTestId('confirm-ok').count()).toBe(0);
    await users.getByRole('link', { name: `幻灯片「用图的-${run}」` }).click();
    await expect.poll(() => new URL(page.url()).hash).toBe(`#/slides/${mediaSlideId}`);
  });
});
