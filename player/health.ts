/**
 * Health reports every 30 s: what plays, frame rate, memory and uptime, so the editor's screen list
 * can tell a frozen or leaking screen from a healthy one.
 */
import type { PlayerMessage } from '../content/protocol';

/** How often a screen reports. */
export const HEALTH_INTERVAL_MS = 30_000;

type Health = Extract<PlayerMessage, { type: 'health' }>;

/** Chromium's non-standard `performance.memory`, when present. */
function heapBytes(): number | undefined {
  const memory = (performance as Performance & { memory?: { usedJSHeapSize?: number } }).memory;
  return typeof memory?.usedJSHeapSize === 'number' ? memory.usedJSHeapSize : undefined;
}

/**
 * Ticks per second averaged since the last sample. `app.ticker.FPS` is the rate of the last frame
 * only, so a report that lands just after one slow frame would call a healthy screen broken.
 */
export class TickRate {
  private count = 0;
  private since = performance.now();

  tick(): void {
    this.count++;
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
  fps(): number;
  resolution(): { width: number; height: number };
  renderer(): string;
}

/** Build one health message now. */
export function healthReport(source: HealthSource): Health {
  const fps = Math.min(1000, Math.max(0, Math.round(source.fps() * 10) / 10));
  return {
    type: 'health',
    slideId: source.slideId()?.slice(0, 64),
    fps,
    heapBytes: heapBytes(),
    uptimeS: Math.round(performance.now() / 1000),
    resolution: source.resolution(),
    renderer: source.renderer().slice(0, 40),
  };
}

/** Send a report every HEALTH_INTERVAL_MS; returns a stop function. */
export function startHealthReports(source: HealthSource, send: (message: Health) => void): () => void {
  const timer = setInterval(() => send(healthReport(source)), HEALTH_INTERVAL_MS);
  return () => clearInterval(timer);
}
