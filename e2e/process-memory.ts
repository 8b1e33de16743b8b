/**
 * How much memory the browser really uses, for soak runs. The JS heap alone hides the worst leak we
 * know (decoded images and GPU uploads live outside it, see shared STACK-NOTES), so this reads the
 * resident set of Chromium's renderer and GPU processes from /proc, with their pids from CDP
 * `SystemInfo.getProcessInfo`, and the page's JS heap after a forced GC.
 */
import { readFileSync } from 'node:fs';
import type { Browser, CDPSession, Page } from 'playwright-core';

export interface MemorySample {
  /** Resident set of every renderer process, summed (one page open: that page's renderer). */
  rendererRssBytes: number;
  /** Resident set of the GPU process (SwiftShader keeps textures here when there is no GPU). */
  gpuRssBytes: number;
  /** The page's JS heap in use after a full GC. */
  jsHeapBytes: number;
}

/** Sum of renderer and GPU RSS: the figure the soak target is about. */
export const processBytes = (s: MemorySample): number => s.rendererRssBytes + s.gpuRssBytes;

/** VmRSS of a Linux process in bytes, 0 when it is gone. */
export function rssBytes(pid: number): number {
  try {
    const m = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** Reads process and heap memory of one page's browser; `close()` detaches the CDP sessions. */
export class ProcessMemory {
  private constructor(
    private readonly browserCdp: CDPSession,
    private readonly pageCdp: CDPSession,
  ) {}

  static async attach(browser: Browser, page: Page): Promise<ProcessMemory> {
    const browserCdp = await browser.newBrowserCDPSession();
    const pageCdp = await page.context().newCDPSession(page);
    return new ProcessMemory(browserCdp, pageCdp);
  }

  /** Renderer and GPU pids as Chromium reports them. */
  async pids(): Promise<{ renderer: number[]; gpu: number[] }> {
    const { processInfo } = await this.browserCdp.send('SystemInfo.getProcessInfo');
    const of = (type: string) => processInfo.filter((p) => p.type.toLowerCase() === type).map((p) => p.id);
    return { renderer: of('renderer'), gpu: of('gpu') };
  }

  /** Forces a full GC in the page first, so the heap figure is live data, not garbage. */
  async sample(): Promise<MemorySample> {
    await this.pageCdp.send('HeapProfiler.collectGarbage');
    const { usedSize } = await this.pageCdp.send('Runtime.getHeapUsage');
    const { renderer, gpu } = await this.pids();
    const sum = (pids: number[]) => pids.reduce((n, pid) => n + rssBytes(pid), 0);
    return { rendererRssBytes: sum(renderer), gpuRssBytes: sum(gpu), jsHeapBytes: usedSize };
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.browserCdp.detach(), this.pageCdp.detach()]);
  }
}

/** What the in-page counter knows; constant size, so a 10,000-change run does not grow the heap it measures. */
export interface SlideCount {
  changes: number;
  /** Changes that did not go to the next slide of `loop` (a skipped or repeated slide). */
  outOfOrder: number;
  /** Distinct slide ids seen. */
  distinct: number;
  /**
   * Most picture textures the player held (`window.__player.textures`) at any change: a picture never
   * released shows here within one loop, where its ~8 MB takes hundreds of changes to stand out in RSS.
   */
  maxTextures: number;
}

type SoakState = SlideCount & { last: string; seen: Set<string>; loop: string[] };

/**
 * Counts slide changes in the page with a MutationObserver on the DOM mirror's `data-slide-id`
 * (cheaper than polling, and it cannot miss a change between polls). With `loop` (slide ids in play
 * order) it also counts changes that skipped a slide.
 */
export async function installSlideCounter(page: Page, loop: string[] = []): Promise<void> {
  await page.evaluate((order) => {
    const w = window as unknown as { __soak?: SoakState };
    if (w.__soak) return;
    const el = document.querySelector('[data-testid="now-playing"]');
    if (!el) throw new Error('no now-playing mirror in the page');
    const first = el.getAttribute('data-slide-id') ?? '';
    const textures = () => (window as unknown as { __player?: { textures?: number } }).__player?.textures ?? 0;
    const state: SoakState = { changes: 0, outOfOrder: 0, distinct: 1, maxTextures: textures(), last: first, seen: new Set([first]), loop: order };
    w.__soak = state;
    new MutationObserver(() => {
      const id = el.getAttribute('data-slide-id') ?? '';
      if (!id || id === state.last) return;
      const at = state.loop.indexOf(state.last);
      if (state.loop.length > 0 && (at < 0 || state.loop[(at + 1) % state.loop.length] !== id)) state.outOfOrder++;
      state.changes++;
      state.last = id;
      state.maxTextures = Math.max(state.maxTextures, textures());
      if (!state.seen.has(id)) {
        state.seen.add(id);
        state.distinct = state.seen.size;
      }
    }).observe(el, { attributes: true, attributeFilter: ['data-slide-id'] });
  }, loop);
}

/** The counter's state since `installSlideCounter`. */
export function slideCount(page: Page): Promise<SlideCount> {
  return page.evaluate(() => {
    const s = (window as unknown as { __soak: SlideCount }).__soak;
    return { changes: s.changes, outOfOrder: s.outOfOrder, distinct: s.distinct, maxTextures: s.maxTextures };
  });
}

/** Waits until at least `n` slide changes were counted; throws on `timeoutMs`. */
export async function waitForChanges(page: Page, n: number, timeoutMs: number): Promise<void> {
  await page.waitForFunction((target) => (window as unknown as { __soak: SlideCount }).__soak.changes >= target, n, { timeout: timeoutMs, polling: 250 });
}
