/**
 * Live status per screen. Any application frame from a screen counts as a sign of life; a screen whose
 * players have said nothing for `offlineAfterMs` is shown offline even while its TCP socket looks open
 * (a frozen page still answers protocol pings from the browser's network stack, so those do not count).
 */
import type { ScreenStatus } from '../../content/protocol';

export function createScreenStatuses(opts: { clock: () => number; offlineAfterMs: number; onChange: (s: ScreenStatus) => void }) {
  const { clock, offlineAfterMs, onChange } = opts;
  const statuses = new Map<string, ScreenStatus>();
  /** Last frame per screen (ms): updated on every frame without building a status object. */
  const lastFrame = new Map<string, number>();

  const withLastSeen = (s: ScreenStatus): ScreenStatus => {
    const at = lastFrame.get(s.screenId);
    return at === undefined ? s : { ...s, lastSeen: new Date(at).toISOString() };
  };
  const patch = (screenId: string, p: Partial<ScreenStatus>): void => {
    const next = { ...(statuses.get(screenId) ?? { screenId, online: false }), ...p, screenId };
    statuses.set(screenId, next);
    onChange(withLastSeen(next));
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
      statuses.delete(screenId);
      lastFrame.delete(screenId);
    },
    close(): void {
      clearInterval(sweep);
    },
  };
}
export type ScreenStatuses = ReturnType<typeof createScreenStatuses>;
