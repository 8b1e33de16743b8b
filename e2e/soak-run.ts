/**
 * One soak run: a 1920×1080 player page on the accelerated clock, counted slide changes, and memory
 * samples (renderer + GPU RSS, JS heap after GC) after warm-up and every `sampleEvery` changes.
 */
import type { Browser } from 'playwright-core';
import { installSlideCounter, ProcessMemory, slideCount, waitForChanges, type MemorySample, type SlideCount } from './process-memory';
import { acceleratedUrl } from './soak-content';

export interface SoakPoint extends MemorySample {
  changes: number;
  atMs: number;
}

export interface SoakResult {
  warm: SoakPoint;
  points: SoakPoint[];
  end: SoakPoint;
  /** Slides the host logged as skipped (prepare failed or timed out). */
  skipped: string[];
  pageErrors: string[];
  count: SlideCount;
  /** Mean time per slide change after warm-up. */
  msPerChange: number;
}

export interface SoakOptions {
  playerUrl: string;
  /** Slide ids in play order, to catch skipped slides. */
  loop: string[];
  timeScale: number;
  warmupChanges: number;
  totalChanges: number;
  sampleEvery: number;
  /** Per stretch of `sampleEvery` changes (a wedged player fails fast instead of hanging). */
  stretchTimeoutMs: number;
  onPoint?: (p: SoakPoint) => void;
}

export async function runSoak(browser: Browser, o: SoakOptions): Promise<SoakResult> {
  const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
  const skipped: string[] = [];
  const pageErrors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && m.text().includes('已跳过')) skipped.push(m.text().slice(0, 200));
  });
  page.on('pageerror', (err) => pageErrors.push(err.message));
  const memory = await ProcessMemory.attach(browser, page);
  try {
    await page.goto(acceleratedUrl(o.playerUrl, o.timeScale));
    await page.waitForFunction(() => document.querySelector('[data-testid="now-playing"]')?.getAttribute('data-slide-id'), null, { timeout: 30_000 });
    await installSlideCounter(page, o.loop);
    const started = Date.now();
    const point = async (): Promise<SoakPoint> => {
      const sample = await memory.sample();
      const p = { ...sample, changes: (await slideCount(page)).changes, atMs: Date.now() - started };
      o.onPoint?.(p);
      return p;
    };
    await waitForChanges(page, o.warmupChanges, o.stretchTimeoutMs);
    const warm = await point();
    const points: SoakPoint[] = [warm];
    for (let next = o.warmupChanges + o.sampleEvery; next <= o.totalChanges; next += o.sampleEvery) {
      await waitForChanges(page, next, o.stretchTimeoutMs);
      points.push(await point());
    }
    if (points.at(-1)!.changes < o.totalChanges) {
      await waitForChanges(page, o.totalChanges, o.stretchTimeoutMs);
      points.push(await point());
    }
    const end = points.at(-1)!;
    const msPerChange = (end.atMs - warm.atMs) / Math.max(1, end.changes - warm.changes);
    return { warm, points, end, skipped, pageErrors, count: await slideCount(page), msPerChange };
  } finally {
    await memory.close();
    await page.close();
  }
}

const MB = 2 ** 20;
export const mb = (bytes: number): number => Math.round((bytes / MB) * 10) / 10;
/** Growth from `a` to `b` in percent, one decimal. */
export const growthPct = (a: number, b: number): number => Math.round(((b - a) / a) * 1000) / 10;
