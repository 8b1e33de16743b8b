/**
 * Every layout template at its real size: a screen is created through the API with the template's
 * layout and resolution, a real Chromium opens its playerUrl at that size, and every zone must be
 * drawn (pixels sampled per zone, not only the DOM mirror). Screenshots go to e2e/artifacts/.
 */
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { LayoutTemplateId } from '../content/layout-model';
import { layoutTemplate } from '../content/layout-templates';
import { zoneBox } from '../player/layout/zone-boxes';
import { adminSession, baseUrl } from './api';
import { changedFraction, launchBrowser, regionStats } from './browser';

const ARTIFACTS = `${import.meta.dirname}/artifacts`;

interface Case {
  name: string;
  template: LayoutTemplateId;
  width: number;
  height: number;
  area: 'waiting' | 'guide' | 'counter' | 'exhibition' | 'selfService';
}

const CASES: Case[] = [
  { name: 'tv-main-1920x1080', template: 'tvMain', width: 1920, height: 1080, area: 'waiting' },
  { name: 'tv-full-1920x1080', template: 'tvFull', width: 1920, height: 1080, area: 'guide' },
  { name: 'kiosk-1080x1920', template: 'kioskMainInfo', width: 1080, height: 1920, area: 'selfService' },
  { name: 'led-wall-1920x1080', template: 'ledWallFull', width: 1920, height: 1080, area: 'exhibition' },
  { name: 'led-strip-256x64', template: 'ledStripLine', width: 256, height: 64, area: 'exhibition' },
  { name: 'led-strip-320x64', template: 'ledStripLine', width: 320, height: 64, area: 'exhibition' },
  { name: 'led-strip-1920x320', template: 'ledStripLine', width: 1920, height: 320, area: 'exhibition' },
];

let browser: Browser;
let api: Awaited<ReturnType<typeof adminSession>>;
let hallId: string;

async function json<T>(res: Response): Promise<T> {
  if (!res.ok) throw new Error(`${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

async function openPlayer(url: string, width: number, height: number): Promise<Page> {
  const page = await browser.newPage({ viewport: { width, height } });
  page.on('pageerror', (err) => console.error('[player page error]', err.message));
  await page.goto(url);
  await page.waitForFunction(() => document.querySelector('[data-testid="now-playing"]')?.getAttribute('data-slide-id'), null, { timeout: 20_000 });
  // The first transition, font slices and the clock's first tick.
  await page.waitForTimeout(1500);
  return page;
}

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  browser = await launchBrowser();
  api = await adminSession();
  const screens = await json<{ hallId: string }[]>(await api('/api/screens'));
  hallId = screens[0]!.hallId;
});
afterAll(async () => {
  await browser?.close();
});

describe('layout templates at their real sizes', () => {
  for (const c of CASES) {
    it(`${c.name}: every zone of ${c.template} renders non-blank`, { timeout: 180_000 }, async () => {
      const input = layoutTemplate(c.template).build();
      const layout = await json<{ id: string }>(await api('/api/layouts', { body: { ...input, name: `${input.name} ${c.name}` } }));
      const screen = await json<{ id: string; playerUrl: string; layoutId?: string }>(
        await api('/api/screens', {
          body: { name: `E2E ${c.name}`, hallId, area: c.area, kind: input.kind, resolution: { width: c.width, height: c.height }, layoutId: layout.id },
        }),
      );
      if (screen.layoutId !== layout.id) await json(await api(`/api/screens/${screen.id}`, { method: 'PATCH', body: { layoutId: layout.id } }));

      const page = await openPlayer(screen.playerUrl, c.width, c.height);
      await page.screenshot({ path: `${ARTIFACTS}/layout-${c.name}.png` });
      const fonts = await page.evaluate(() =>
        (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).filter((r) => r.name.endsWith('.woff2')).map((r) => r.encodedBodySize),
      );
      console.log(`[fonts] ${c.name}: ${fonts.length} slices, ${Math.round(fonts.reduce((a, b) => a + b, 0) / 1024)} KB`);
      const whole = await regionStats(page);
      expect(whole.distinctColours, 'the screen shows more than a flat colour').toBeGreaterThan(3);
      const full = { x: 0, y: 0, width: c.width, height: c.height };
      for (const zone of input.zones) {
        const box = zoneBox(zone, full);
        const stats = await regionStats(page, box);
        // A zone is drawn when it is not one flat colour (text on a band, a slide, a board).
        expect(stats.distinctColours, `zone ${zone.id} (${zone.content.type}) of ${c.name} is drawn`).toBeGreaterThan(2);
        if (zone.content.type === 'ticker') {
          // Under software WebGL a 1080p frame takes ~1 s and the ticker then steps every few seconds.
          const a = await page.screenshot({ clip: box });
          await expect
            .poll(async () => changedFraction(page, a, await page.screenshot({ clip: box })), { timeout: 15_000, interval: 500, message: `ticker of ${c.name} crawls` })
            .toBeGreaterThan(0.005);
        }
      }
      await page.close();
    });
  }
});

describe('preview mode', () => {
  it('plays a manifest posted by its parent page, at the iframe size, and reports what it shows', { timeout: 90_000 }, async () => {
    const manifest = await json<{ slides: { id: string }[] }>(
      await api('/api/preview/manifest', { body: { kind: 'tv', layout: layoutTemplate('tvMain').build(), slide: { type: 'notice', title: '预览公告', body: '本周六营业厅照常营业，欢迎前来办理业务。', level: 'info' } } }),
    );
    const page = await browser.newPage({ viewport: { width: 1000, height: 600 } });
    page.on('pageerror', (err) => console.error('[preview page error]', err.message));
    // A same-origin parent like the editor: an iframe at the target size, scaled down with CSS.
    // A bare same-origin page as the parent (served by the test, not the server: a 404 page forbids frames).
    const parentUrl = `${baseUrl()}/e2e-preview-parent`;
    await page.route(parentUrl, (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><html><body></body></html>' }));
    await page.goto(parentUrl);
    await page.evaluate(() => {
      document.body.innerHTML = '';
      (window as unknown as { events: unknown[] }).events = [];
      window.addEventListener('message', (e) => (window as unknown as { events: unknown[] }).events.push(e.data));
      const frame = document.createElement('iframe');
      frame.src = '/player/?preview=1';
      frame.style.cssText = 'position:fixed;left:0;top:0;width:1920px;height:1080px;border:0;transform:scale(0.5);transform-origin:0 0';
      document.body.append(frame);
    });
    const events = (): Promise<{ type: string; slideId?: string }[]> => page.evaluate(() => (window as unknown as { events: { type: string }[] }).events);
    await expect.poll(async () => (await events()).map((e) => e.type), { timeout: 20_000 }).toContain('preview.ready');
    await page.evaluate((m) => document.querySelector('iframe')!.contentWindow!.postMessage({ type: 'preview.manifest', manifest: m }, location.origin), manifest);
    await expect.poll(async () => (await events()).find((e) => e.type === 'preview.shown')?.slideId, { timeout: 20_000 }).toBe(manifest.slides[0]!.id);
    await page.waitForTimeout(1500);
    await page.screenshot({ path: `${ARTIFACTS}/preview-tvMain-in-iframe.png` });
    const stats = await regionStats(page, { x: 0, y: 0, width: 960, height: 540 });
    expect(stats.distinctColours).toBeGreaterThan(8);
    // A malformed command is answered, not obeyed.
    await page.evaluate(() => document.querySelector('iframe')!.contentWindow!.postMessage({ type: 'preview.manifest', manifest: { nope: 1 } }, location.origin));
    await expect.poll(async () => (await events()).some((e) => e.type === 'preview.error'), { timeout: 5000 }).toBe(true);
    await page.close();
  });
});
