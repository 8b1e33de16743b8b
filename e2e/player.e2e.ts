/**
 * The player as a screen sees it: a real Chromium opens a demo screen's playerUrl and must show
 * Chinese slides on a non-blank canvas, queue calls at once, and emergency takeovers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { adminSession, postCall } from './api';
import { changedFraction, launchBrowser, regionStats } from './browser';

type ScreenRow = { id: string; name: string; area: string; kind: string; hallId: string; playerUrl: string };

let browser: Browser;
let api: Awaited<ReturnType<typeof adminSession>>;
let screens: ScreenRow[];

const screenIn = (area: string): ScreenRow => screens.find((s) => s.area === area)!;

async function openPlayer(url: string, viewport: { width: number; height: number }): Promise<Page> {
  const page = await browser.newPage({ viewport });
  page.on('pageerror', (err) => console.error('[player page error]', err.message));
  await page.goto(url);
  await page.waitForFunction(() => document.querySelector('[data-testid="now-playing"]')?.getAttribute('data-slide-id'), null, { timeout: 20_000 });
  // Let the first transition finish before looking at pixels.
  await page.waitForTimeout(1200);
  return page;
}

beforeAll(async () => {
  browser = await launchBrowser();
  api = await adminSession();
  screens = (await (await api('/api/screens')).json()) as ScreenRow[];
});
afterAll(async () => {
  await browser?.close();
});

describe('player', () => {
  it('shows the demo slides on a non-blank canvas at 1920×1080 and mirrors them into the DOM', async () => {
    const page = await openPlayer(screenIn('waiting').playerUrl, { width: 1920, height: 1080 });
    const slides = (await (await api('/api/slides')).json()) as { id: string; title: string }[];
    const mirror = page.getByTestId('now-playing');
    const slideId = await mirror.getAttribute('data-slide-id');
    const slide = slides.find((s) => s.id === slideId);
    expect(slide, `now-playing names a demo slide, got ${slideId}`).toBeDefined();
    expect(await mirror.textContent()).toContain(slide!.title);
    const stats = await regionStats(page);
    expect(stats.litRatio).toBeGreaterThan(0.3);
    expect(stats.distinctColours).toBeGreaterThan(8);
    await page.close();
  });

  it('renders portrait kiosks and tiny LED strips without going blank', async () => {
    const kiosk = await openPlayer(screenIn('selfService').playerUrl, { width: 1080, height: 1920 });
    expect((await regionStats(kiosk)).litRatio).toBeGreaterThan(0.3);
    await kiosk.close();
    const strip = await openPlayer(screenIn('counter').playerUrl, { width: 320, height: 64 });
    expect((await regionStats(strip)).distinctColours).toBeGreaterThan(2);
    await strip.close();
  });

  it('shows a queue call at once, over the content, and announces it in the aria-live element', async () => {
    const page = await openPlayer(screenIn('waiting').playerUrl, { width: 1920, height: 1080 });
    const before = await page.screenshot();
    const started = Date.now();
    const res = await postCall({ ticket: 'A023', counter: '3', hallId: screenIn('waiting').hallId, id: `e2e-call-${started}` });
    expect(res.status).toBe(202);
    expect(((await res.json()) as { screens: number }).screens).toBeGreaterThan(0);
    const call = page.locator('[aria-live="assertive"][data-testid="call"]');
    await expect.poll(() => call.textContent(), { timeout: 3000, interval: 50 }).toBe('请 A023 号到 3 号窗口办理');
    const shownAfterMs = Date.now() - started;
    expect(shownAfterMs).toBeLessThan(3000);
    await page.waitForTimeout(700);
    const after = await page.screenshot();
    expect(await changedFraction(page, before, after)).toBeGreaterThan(0.05);
    await page.close();
  });

  it('lets an emergency notice take over and clears it again', async () => {
    const page = await openPlayer(screenIn('guide').playerUrl, { width: 1920, height: 1080 });
    const res = await api('/api/overrides', { body: { kind: 'emergency', target: { all: true }, title: '紧急停电通知', body: '因线路抢修，今日 14:00–16:00 营业厅暂停办理业务。' } });
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: string };
    const override = page.locator(`[data-testid="override"][data-override-id="${id}"]`);
    await expect.poll(() => override.textContent(), { timeout: 3000 }).toContain('紧急停电通知');
    await page.waitForTimeout(800);
    const stats = await regionStats(page);
    expect(stats.litRatio).toBeGreaterThan(0.3);
    expect((await api(`/api/overrides/${id}`, { method: 'DELETE' })).status).toBe(204);
    const stillShown = () =>
      page.evaluate((oid) => [...document.querySelectorAll('[data-testid="override"]')].some((e) => e.getAttribute('data-override-id') === oid && e.textContent), id);
    await expect.poll(stillShown, { timeout: 3000 }).toBe(false);
    await page.close();
  });
});
