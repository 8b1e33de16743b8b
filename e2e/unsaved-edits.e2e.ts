/**
 * Nothing typed is lost (browser clock in Pago Pago): leaving a slide form with changes through the
 * app's navigation asks first; a local draft is offered back on return; closing the tab asks the
 * browser's own question.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { adminSession, baseUrl } from './api';
import { launchBrowser } from './browser';

let browser: Browser;
let context: BrowserContext;
let page: Page;
let slideId: string;
let kioskId: string;
const run = Date.now() % 100000;

beforeAll(async () => {
  browser = await launchBrowser();
  const api = await adminSession();
  const r = await api('/api/slides', { body: { type: 'notice', title: `原标题-${run}`, body: '正文' } });
  slideId = ((await r.json()) as { id: string }).id;
  const app = await api('/api/slides', { body: { type: 'kioskApp', title: `查询终端-${run}`, home: 'home', idleMs: 60_000, pages: [{ type: 'guide', id: 'home', title: '居民新装', steps: [{ title: '提出申请' }] }] } });
  expect(app.status).toBe(201);
  kioskId = ((await app.json()) as { id: string }).id;
  context = await browser.newContext({ timezoneId: 'Pacific/Pago_Pago', viewport: { width: 1440, height: 900 } });
  page = await context.newPage();
  page.on('pageerror', (err) => console.error('[editor page error]', err.message));
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

describe('unsaved edits', () => {
  it('leaving through the navigation asks; 取消 keeps the form and what was typed', async () => {
    await page.goto(`${baseUrl()}/editor/#/slides/${slideId}`);
    await page.getByTestId('slide-title').fill(`改了一半-${run}`);
    await page.getByTestId('nav-media').click();
    await page.getByTestId('confirm-dialog').waitFor();
    await page.getByTestId('confirm-cancel').click();
    expect(new URL(page.url()).hash).toBe(`#/slides/${slideId}`);
    expect(await page.getByTestId('slide-title').inputValue()).toBe(`改了一半-${run}`);
  });

  it('离开 leaves; on return the local draft is offered and restored', async () => {
    await page.getByTestId('nav-media').click();
    await page.getByTestId('confirm-ok').click();
    await page.getByTestId('media-grid').waitFor();
    await page.goto(`${baseUrl()}/editor/#/slides/${slideId}`);
    await page.getByTestId('slide-draft-offer').waitFor();
    expect(await page.getByTestId('slide-title').inputValue()).toBe(`原标题-${run}`);
    await page.getByTestId('slide-draft-restore').click();
    await expect.poll(() => page.getByTestId('slide-title').inputValue()).toBe(`改了一半-${run}`);
  });

  it('a saved form leaves without asking and keeps no draft', async () => {
    await page.getByTestId('slide-save').click();
    await page.getByTestId('slide-table').waitFor();
    expect(await page.getByTestId('confirm-dialog').count()).toBe(0);
    await page.goto(`${baseUrl()}/editor/#/slides/${slideId}`);
    await page.getByTestId('slide-title').waitFor();
    expect(await page.getByTestId('slide-title').inputValue()).toBe(`改了一半-${run}`);
    expect(await page.getByTestId('slide-draft-offer').isVisible()).toBe(false);
  });

  it('the playlist form uses the same guard and draft: asks on leaving, offers the draft back; 取消 drops it', async () => {
    await page.goto(`${baseUrl()}/editor/#/playlists/new`);
    await page.getByTestId('playlist-name').fill(`没保存的列表-${run}`);
    await page.getByTestId('nav-media').click();
    await page.getByTestId('confirm-dialog').waitFor();
    await page.getByTestId('confirm-ok').click();
    await page.getByTestId('media-grid').waitFor();
    await page.goto(`${baseUrl()}/editor/#/playlists/new`);
    await page.getByTestId('playlist-draft-offer').waitFor();
    await page.getByTestId('playlist-draft-restore').click();
    await expect.poll(() => page.getByTestId('playlist-name').inputValue()).toBe(`没保存的列表-${run}`);
    await page.getByTestId('playlist-cancel').click();
    await page.getByTestId('playlist-new').waitFor();
    expect(await page.getByTestId('confirm-dialog').count()).toBe(0);
    await page.goto(`${baseUrl()}/editor/#/playlists/new`);
    await page.getByTestId('playlist-name').waitFor();
    expect(await page.getByTestId('playlist-draft-offer').isVisible()).toBe(false);
    await page.goto(`${baseUrl()}/editor/#/slides/${slideId}`);
    await page.getByTestId('slide-title').waitFor();
  });

  it('the layout form too: a renamed, unsaved layout asks on leaving and comes back as a draft', async () => {
    await page.goto(`${baseUrl()}/editor/#/layouts/new?template=tvMain`);
    await page.getByTestId('layout-name').fill(`没保存的布局-${run}`);
    await page.getByTestId('nav-media').click();
    await page.getByTestId('confirm-ok').click();
    await page.getByTestId('media-grid').waitFor();
    await page.goto(`${baseUrl()}/editor/#/layouts/new?template=tvMain`);
    await page.getByTestId('layout-draft-restore').click();
    await expect.poll(() => page.getByTestId('layout-name').inputValue()).toBe(`没保存的布局-${run}`);
    await page.getByTestId('layout-cancel').click();
    await page.goto(`${baseUrl()}/editor/#/slides/${slideId}`);
    await page.getByTestId('slide-title').waitFor();
  });

  it('the kiosk app form too: asks on leaving (返回列表 included), offers the draft back, and is clean once saved', async () => {
    await page.goto(`${baseUrl()}/editor/#/kiosk/${kioskId}`);
    await page.getByTestId('kiosk-app-title').fill(`改名的终端-${run}`);
    await page.getByTestId('kiosk-add-type').selectOption('guide');
    await page.getByTestId('kiosk-add-page').click();
    // 返回列表 is navigation, not 取消: it asks too.
    await page.getByTestId('kiosk-back').click();
    await page.getByTestId('confirm-dialog').waitFor();
    await page.getByTestId('confirm-cancel').click();
    expect(new URL(page.url()).hash).toBe(`#/kiosk/${kioskId}`);
    await page.getByTestId('nav-media').click();
    await page.getByTestId('confirm-ok').click();
    await page.getByTestId('media-grid').waitFor();

    await page.goto(`${baseUrl()}/editor/#/kiosk/${kioskId}`);
    await page.getByTestId('kiosk-draft-offer').waitFor();
    expect(await page.getByTestId('kiosk-app-title').inputValue()).toBe(`查询终端-${run}`);
    await page.getByTestId('kiosk-draft-restore').click();
    await expect.poll(() => page.getByTestId('kiosk-app-title').inputValue()).toBe(`改名的终端-${run}`);
    expect(await page.getByTestId('kiosk-tree-node').count()).toBe(2);
    // Restored counts as changed: leaving still asks.
    await page.getByTestId('nav-media').click();
    await page.getByTestId('confirm-dialog').waitFor();
    await page.getByTestId('confirm-cancel').click();

    // The new guide page needs a step before the app saves.
    await page.locator('[data-testid="kiosk-tree-node"][data-page-id="guide-1"]').click();
    await page.getByTestId('kiosk-step-title').fill('装表接电');
    const saved = page.waitForResponse((res) => res.url().endsWith(`/api/slides/${kioskId}`) && res.request().method() === 'PUT');
    await page.getByTestId('kiosk-save').click();
    expect((await saved).status()).toBe(200);
    await page.getByTestId('nav-media').click();
    await page.getByTestId('media-grid').waitFor();
    expect(await page.getByTestId('confirm-dialog').count()).toBe(0);
    await page.goto(`${baseUrl()}/editor/#/kiosk/${kioskId}`);
    await page.getByTestId('kiosk-app-title').waitFor();
    expect(await page.getByTestId('kiosk-app-title').inputValue()).toBe(`改名的终端-${run}`);
    expect(await page.getByTestId('kiosk-draft-offer').isVisible()).toBe(false);
    await page.goto(`${baseUrl()}/editor/#/slides/${slideId}`);
    await page.getByTestId('slide-title').waitFor();
  });

  it('closing the tab with changes asks the browser question (beforeunload)', async () => {
    await page.getByTestId('slide-title').fill(`又改了-${run}`);
    const asked = new Promise<string>((resolve) => page.once('dialog', (d) => {
      resolve(d.type());
      void d.accept();
    }));
    await page.close({ runBeforeUnload: true });
    expect(await asked).toBe('beforeunload');
  });
});
