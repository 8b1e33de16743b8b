/**
 * Live status per screen. Any application frame from a screen counts as a sign of life; a screen whose
 * players have said nothing for `offlineAfterMs` is shown offline even while its TCP socket looks open
 * (a frozen page still answers protocol pings from the browser's network stack, so those do not count).
 */
import type { ScreenStatus } from '../../content/protocol';

/**
 * Editors hear about one screen at most this often: every status goes to every editor socket, so a
 * device sending health or reports in a loop must not flood them. Going online or offline is told at once.
 */
export const STATUS_COALESCE_MS = 1000;

export function createScreenStatuses(opts: { clock: () => number; offlineAfterMs: number; onChange: (s: ScreenStatus) => void }) {
  const { clock, offlineAfterMs } = opts;
  const statuses = new Map<string, ScreenStatus>();
  /** Last frame per screen (ms): updated on every frame without building a status object. */
  const lastFrame = new Map<string, number>();
  const lastTold = new Map<string, number>();
  const later = new Map<string, ReturnType<typeof setTimeout>>();

  const tell = (screenId: string): void => {
    clearTimeout(later.get(screenId));
    later.delete(screenId);
    const s = statuses.get(screenId);
    if (!s) return;
    lastTold.set(screenId, clock());
    opts.onChange(withLastSeen(s));
  };
  /** Tell editors now, or once the coalescing window since the last telling has passed (latest state wins). */
  const onChange = (s: ScreenStatus, urgent: boolean): void => {
    const since = clock() - (lastTold.get(s.screenId) ?? -Infinity);
    if (urgent || since >= STATUS_COALESCE_MS) return tell(s.screenId);
    if (later.has(s.screenId)) return;
    const timer = setTimeout(() => tell(s.screenId), STATUS_COALESCE_MS - since);
    timer.unref();
    later.set(s.screenId, timer);
  };

  const withLastSeen = (s: ScreenStatus): ScreenStatus => {
    const at = lastFrame.get(s.screenId);
    return at === undefined ? s : { ...s, lastSeen: new Date(at).toISOString() };
  };
  const patch = (screenId: string, p: Partial<ScreenStatus>): void => {
    const before = statuses.get(screenId);
    const next = { ...(before ?? { screenId, online: false }), ...p, screenId };
    statuses.set(screenId, next);
    onChange(next, before?.online !== next.online);
  };

  // Checked a few times per window, so a screen goes grey at most a quarter window late.
  const sweep = setInterval(
    () => {
      const now = clock();
      for (const s of statuses.values()) if (s.online && now - (lastFrame.get(s.screenId) ?? 0) > offlineAfterMs) patch(s.screenId, { online: false });
    },
    Math.max(20, Math.min(5000, Math.floor(offlineAfterMs / 4))),
  );
  sweep.unref();

  return {
    /** A frame arrived from this (authenticated) screen; brings it back online if silence had greyed it. */
    frame(screenId: string, p?: Partial<ScreenStatus>): void {
      lastFrame.set(screenId, clock());
      if (p) patch(screenId, { ...p, online: true });
      else if (!statuses.get(screenId)?.online) patch(screenId, { online: true });
    },
    /** Its last socket closed. */
    gone(screenId: string): void {
      patch(screenId, { online: false });
    },
    /** Fields that are not a sign of life (a screenshot upload over HTTP, restored state at start). */
    patch,
    get(screenId: string): ScreenStatus {
      const s = statuses.get(screenId);
      return s ? withLastSeen(s) : { screenId, online: false };
    },
    all(): ScreenStatus[] {
      return [...statuses.values()].map(withLastSeen);
    },
    forget(screenId: string): void {
      clearTimeout(later.get(screenId));
      later.delete(screenId);
      lastTold.delete(screenId);
      statuses.delete(screenId);
      lastFrame.delete(screenId);
    },
    close(): void {
      clearInterval(sweep);
      for (const timer of later.values()) clearTimeout(timer);
      later.clear();
    },
  };
}
export type ScreenStatuses = ReturnType<typeof createScreenStatuses>;
