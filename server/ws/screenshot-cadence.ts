/**
 * Periodic screenshots: each connected screen with `screenshotEveryMin` is asked for one when its last
 * screenshot (or last request) is that old. After a restart the last screenshot on disk counts, and
 * each tick asks at most MAX_PER_TICK screens, so a reconnect wave does not turn into an upload storm.
 */
import type { StoreReader } from '../store/store';

const MAX_PER_TICK = 100;

/** Whether a screen that wants a screenshot every `everyMin` minutes is due at `now`. */
export function screenshotDue(everyMin: number | undefined, lastAt: number | undefined, now: number): boolean {
  if (!everyMin) return false;
  return lastAt === undefined || now - lastAt >= everyMin * 60_000;
}

export function createScreenshotCadence(deps: {
  store: StoreReader;
  clock: () => number;
  tickMs?: number;
  connectedScreens: () => Iterable<string>;
  lastScreenshotAt: (screenId: string) => string | undefined;
  /** Sends the command; false when it could not go out (then it is retried next tick). */
  request: (screenId: string) => boolean;
}) {
  const requested = new Map<string, number>();
  const tick = (): void => {
    const now = deps.clock();
    let asked = 0;
    for (const id of deps.connectedScreens()) {
      if (asked >= MAX_PER_TICK) break;
      const screen = deps.store.get('screens', id);
      const shot = deps.lastScreenshotAt(id);
      const last = Math.max(requested.get(id) ?? -Infinity, shot ? Date.parse(shot) : -Infinity);
      if (!screenshotDue(screen?.screenshotEveryMin, Number.isFinite(last) ? last : undefined, now)) continue;
      if (deps.request(id)) requested.set(id, now);
      asked++;
    }
  };
  const timer = setInterval(tick, deps.tickMs ?? 60_000);
  timer.unref();
  return { tick, stop: () => clearInterval(timer) };
}
