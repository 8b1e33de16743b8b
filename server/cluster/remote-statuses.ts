/**
 * Screen statuses across instances, so the editor's screen wall is complete whichever instance it
 * talks to. Each instance sends its screens' status changes over the bus and, every BEACON_MS, all of
 * its online ones, as side messages hubs never see (a quiet screen sends frames but no changes); a status not heard of again within
 * `staleAfterMs` (its instance died) no longer counts as online. Local statuses win.
 */
import type { ScreenStatus } from '../../content/protocol';
import type { RedisBus } from '../bus-redis';

/** How often each instance re-announces its online screens. */
export const BEACON_MS = 20_000;

export function createRemoteStatuses(deps: { bus: Pick<RedisBus, 'publishSide' | 'onSide'>; clock: () => number; local: () => ScreenStatus[]; onRemote: (s: ScreenStatus) => void; staleAfterMs?: number; beaconMs?: number }) {
  const { bus, clock } = deps;
  const staleAfterMs = deps.staleAfterMs ?? BEACON_MS * 3;
  const remote = new Map<string, { status: ScreenStatus; at: number }>();
  const unsubscribe = bus.onSide((event) => {
    if (event.type !== 'screenStatus') return;
    const at = clock();
    for (const status of event.statuses) {
      remote.set(status.screenId, { status, at });
      deps.onRemote(status);
    }
  });
  const beacon = setInterval(() => {
    const online = deps.local().filter((s) => s.online);
    if (online.length > 0) bus.publishSide({ type: 'screenStatus', statuses: online });
    const now = clock();
    for (const [id, r] of remote) if (now - r.at > staleAfterMs) remote.delete(id);
  }, deps.beaconMs ?? BEACON_MS);
  beacon.unref();

  return {
    /** Tells the other instances about a change of one of ours. */
    publish(status: ScreenStatus): void {
      bus.publishSide({ type: 'screenStatus', statuses: [status] });
    },
    /** One screen's status: ours when we hold it online, else a fresh one from another instance, else ours. */
    status(screenId: string, own: ScreenStatus): ScreenStatus {
      if (own.online) return own;
      const r = remote.get(screenId);
      return r && clock() - r.at <= staleAfterMs ? r.status : own;
    },
    /** Ours, plus the other instances' screens that we do not hold online ourselves. */
    merged(): ScreenStatus[] {
      const mine = deps.local();
      const byId = new Map(mine.map((s) => [s.screenId, s]));
      const now = clock();
      for (const [id, r] of remote) {
        const own = byId.get(id);
        if (own?.online) continue;
        const fresh = now - r.at <= staleAfterMs;
        if (!fresh && own) continue;
        byId.set(id, fresh ? r.status : { ...r.status, online: false });
      }
      return [...byId.values()];
    },
    close(): void {
      clearInterval(beacon);
      unsubscribe();
    },
  };
}
export type RemoteStatuses = ReturnType<typeof createRemoteStatuses>;
