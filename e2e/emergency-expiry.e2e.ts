/**
 * An emergency notice covers a TV and a counter LED strip at once and ends by itself at its expiry,
 * on the players, without anyone clearing it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { adminSession } from './api';
import { launchBrowser, regionStats } from './browser';

type ScreenRow = { id: string; area: string; kind: string; playerUrl: string };
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const overrideShown = (page: Page, id: string) =>
  page.evaluate((oid) => [...document.querySelectorAll('[data-testid="override"]')].some((e) => e.getAttribute('data-override-id') === oid && e.textContent), id);

describe('emergency takeover with expiry', () => {
  it('covers a TV and an LED strip, then ends at expiresAt on its own', async () => {
    const api = await adminSession();
    const screens = (await (await api('/api/screens')).json()) as ScreenRow[];
    const tv = screens.find((s) => s.area === 'exhibition')!;
    const strip = screens.find((s) => s.kind === 'ledStrip')!;
    const tvPage = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    const stripPage = await browser.newPage({ viewport: { width: 320, height: 64 } });
    for (const [page, s] of [[tvPage, tv], [stripPage, strip]] as const) {
      await page.goto(s.playerUrl);
      await page.waitForFunction(() => document.querySelector('[data-testid="now-playing"]')?.getAttribute('data-slide-id'), null, { timeout: 20_000 });
    }

    const expiresAt = new Date(Date.now() + 6000).toISOString();
    const res = await api('/api/overrides', {
      body: { kind: 'emergency', target: { screenIds: [tv.id, strip.id] }, title: '临时停电', body: '线路抢修，暂停办理业务。', expiresAt },
    });
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: string };
    for (const page of [tvPage, stripPage]) await expect.poll(() => overrideShown(page, id), { timeout: 3000 }).toBe(true);
    await tvPage.waitForTimeout(700);
    // The takeover is red: most of the TV is strongly red while it lasts.
    const { redRatio: red } = await regionStats(tvPage);
    expect(red).toBeGreaterThan(0.5);

    const msLeft = Date.parse(expiresAt) - Date.now();
    for (const page of [tvPage, stripPage]) await expect.poll(() => overrideShown(page, id), { timeout: msLeft + 3000, interval: 100 }).toBe(false);
    const lateMs = Date.now() - Date.parse(expiresAt);
    expect(lateMs).toBeLessThan(2500);
    await tvPage.waitForTimeout(800);
    expect((await regionStats(tvPage)).litRatio).toBeGreaterThan(0.3);
    await tvPage.close();
    await stripPage.close();
  });
});
