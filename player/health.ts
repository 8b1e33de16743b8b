/**
 * Health reports every HEALTH_EVERY_MS and once right after each hello: what plays, frame rate,
 * memory, cache, uptime, version and clock offset, so the editor can tell a frozen or leaking screen
 * from a healthy one. Also the page-health verdict the watchdog acts on.
 */
import { HEALTH_EVERY_MS, type AnnouncerStatus, type PlayerMessage } from '../content/protocol';

type Health = Extract<PlayerMessage, { type: 'health' }>;

/** Chromium's non-standard `performance.memory`, when present. */
export function heapUsage(): { used: number; limit: number } | null {
  const memory = (performance as Performance & { memory?: { usedJSHeapSize?: number; jsHeapSizeLimit?: number } }).memory;
  if (typeof memory?.usedJSHeapSize !== 'number') return null;
  return { used: memory.usedJSHeapSize, limit: memory.jsHeapSizeLimit ?? 0 };
}

/**
 * Ticks per second averaged since the last sample. `app.ticker.FPS` is the rate of the last frame
 * only, so a report that lands just after one slow frame would call a healthy screen broken.
 */
export class TickRate {
  private count = 0;
  private since = performance.now();
  /** When the ticker last ran (the frame loop is alive). */
  lastTickAt = performance.now();

  tick(): void {
    this.count++;
    this.lastTickAt = performance.now();
  }

  /** Average rate since the previous call, then start a new window. */
  sample(): number {
    const now = performance.now();
    const rate = now > this.since ? (this.count * 1000) / (now - this.since) : 0;
    this.count = 0;
    this.since = now;
    return rate;
  }
}

/** What a health report is built from. */
export interface HealthSource {
  slideId(): string | undefined;
  nowPlaying(): string | undefined;
  fps(): number;
  resolution(): { width: number; height: number };
  renderer(): string;
  cacheBytes(): number | undefined;
  clockOffsetMs(): number;
  playerVersion: string;
  /** Speaker screens only: what is said now and how many calls wait. */
  announcer?(): AnnouncerStatus | undefined;
}

/** Build one health message now. */
export function healthReport(source: HealthSource): Health {
  const fps = Math.min(1000, Math.max(0, Math.round(source.fps() * 10) / 10));
  const heap = heapUsage();
  const cacheBytes = source.cacheBytes();
  const nowPlaying = source.nowPlaying();
  const announcer = source.announcer?.();
  return {
    type: 'health',
    slideId: source.slideId()?.slice(0, 64),
    ...(nowPlaying && { nowPlaying: nowPlaying.slice(0, 200) }),
    fps,
    ...(heap && { heapBytes: heap.used }),
    ...(cacheBytes !== undefined && { cacheBytes }),
    uptimeS: Math.round(performance.now() / 1000),
    resolution: source.resolution(),
    renderer: source.renderer().slice(0, 40),
    playerVersion: source.playerVersion.slice(0, 40),
    clockOffsetMs: Math.round(source.clockOffsetMs()),
    ...(announcer && { announcer }),
  };
}

/** Send a report every HEALTH_EVERY_MS; returns a stop function. */
export function startHealthReports(source: HealthSource, send: (message: Health) => void): () => void {
  const timer = setInterval(() => send(healthReport(source)), HEALTH_EVERY_MS);
  return () => clearInterval(timer);
}

/** Heap use past this share of the limit makes the page unhealthy (a leak is eating it). */
export const HEAP_LIMIT_SHARE = 0.85;
/** A frame loop silent this long while the page is visible is stuck. */
export const FRAME_STALL_MS = 30_000;

/** Why the page should reload itself, or null when it is healthy. */
export function unhealthyReason(input: { sinceLastTickMs: number; visible: boolean; heap: { used: number; limit: number } | null }): string | null {
  if (input.visible && input.sinceLastTickMs > FRAME_STALL_MS) return `画面循环已停止 ${Math.round(input.sinceLastTickMs / 1000)} 秒`;
  const heap = input.heap;
  if (heap && heap.limit > 0 && heap.used > heap.limit * HEAP_LIMIT_SHARE) {
    return `JS 内存 ${Math.round(heap.used / 2 ** 20)} MB，超过上限 ${Math.round(heap.limit / 2 ** 20)} MB 的 ${HEAP_LIMIT_SHARE * 100}%`;
  }
  return null;
}
