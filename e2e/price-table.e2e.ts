/**
 * 峰谷分时 on TVs: a price-table slide with periods draws them as a second (amber-headed) table under
 * the tiers on a real player; the same slide without periods draws none. Pixels, not the DOM mirror.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import sharp from 'sharp';
import { adminSession } from './api';
import { launchBrowser } from './browser';

let browser: Browser;
let api: Awaited<ReturnType<typeof adminSession>>;
const run = Date.now() % 100000;
const ARTIFACTS = `${import.meta.dirname}/artifacts`;
const json = async (r: Response) => {
  if (!r.ok) throw new Error(`${r.status} ${await r.text()}`);
  return r.json() as Promise<any>;
};

beforeAll(async () => {
  browser = await launchBrowser();
  api = await adminSession();
});
afterAll(async () => {
  await browser?.close();
});

/** A TV in a hall of its own that plays only `slide`; returns the share of the screen in the periods' amber (0xc25e00). */
async function amberShare(slide: object, artifact: string): Promise<number> {
  const hall = await json(await api('/api/halls', { body: { name: `电价厅-${run}-${Math.random().toString(36).slice(2, 6)}` } }));
  const screen = await json(await api('/api/screens', { body: { name: '电价电视', hallId: hall.id, area: 'exhibition', kind: 'tv' } }));
  const s = await json(await api('/api/slides', { body: slide }));
  await json(await api(`/api/slides/${s.id}/approve`, { method: 'POST' }));
  const pl = await json(await api('/api/playlists', { body: { name: `电价-${run}`, items: [{ slideId: s.id }] } }));
  await json(await api('/api/schedules', { body: { name: `电价-${run}`, target: { screenIds: [screen.id] }, playlistId: pl.id, priority: 90 } }));
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  await page.goto(screen.playerUrl);
  await page.waitForFunction((id) => document.querySelector('[data-testid="now-playing"]')?.getAttribute('data-slide-id') === id, s.id, { timeout: 30_000 });
  await page.waitForTimeout(2000);
  const { data, info } = await sharp(await page.screenshot({ path: `${ARTIFACTS}/${artifact}` })).raw().toBuffer({ resolveWithObject: true });
  await page.close();
  let amber = 0;
  for (let i = 0; i < data.length; i += info.channels)
    if (Math.abs(data[i]! - 0xc2) < 24 && Math.abs(data[i + 1]! - 0x5e) < 24 && data[i + 2]! < 40) amber++;
  return amber / (info.width * info.height);
}

const tiers = [
  { name: '第一档', range: '0–2160 千瓦时/年', price: '0.4883 元/千瓦时' },
  { name: '第二档', range: '2161–4200 千瓦时/年', price: '0.5383 元/千瓦时' },
];
const periods = [
  { name: '高峰', hours: '8:00–22:00', price: '0.5483 元/千瓦时' },
  { name: '低谷', hours: '22:00–次日 8:00', price: '0.3083 元/千瓦时' },
];

describe('price table on a TV', () => {
  it('draws the 峰谷分时 rows under the tiers, and nothing of them when the slide has none', async () => {
    const withPeriods = await amberShare({ type: 'priceTable', title: '居民电价', tiers, periods, note: '' }, 'price-table-periods.png');
    const without = await amberShare({ type: 'priceTable', title: '居民电价', tiers, note: '' }, 'price-table-tiers-only.png');
    console.log(`[e2e] amber share with periods ${withPeriods.toFixed(4)}, without ${without.toFixed(4)}`);
    // The periods' heading band spans the table's width: a few percent of a 1280×720 frame.
    expect(withPeriods).toBeGreaterThan(0.01);
    expect(without).toBeLessThan(0.002);
  });
});
