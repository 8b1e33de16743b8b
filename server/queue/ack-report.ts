/** The acknowledgement report of one call or override, as `GET …/:id/acks` answers it. */
import type { ScreenStatus } from '../../content/protocol';
import type { StoreReader } from '../store/store';
import type { AckKind, AckTracker } from './acks';

export interface AckReport {
  id: string;
  /** Screens targeted (that still exist); -1 when the item is known but its acks are no longer held. */
  targeted: number;
  acks: { screenId: string; screenName: string; latencyMs: number; audioLatencyMs?: number }[];
  missing: { screenId: string; screenName: string; online: boolean }[];
}

/** The report, or undefined when nothing is known about `id`. */
export function ackReport(
  deps: { acks: AckTracker; store: StoreReader; status: (screenId: string) => ScreenStatus },
  kind: AckKind,
  id: string,
): AckReport | undefined {
  const { acks, store } = deps;
  const tracked = acks.get(kind, id);
  if (!tracked) {
    const known = kind === 'call' ? store.get('calls', id) : store.get('overrides', id);
    return known ? { id, targeted: -1, acks: [], missing: [] } : undefined;
  }
  // One pass over the screens: a call to 5,000 screens must not look each one up in a list.
  const names = new Map(store.list('screens').map((s) => [s.id, s.name]));
  const name = (screenId: string): string => names.get(screenId) ?? screenId;
  const targets = tracked.screenIds.filter((s) => names.has(s));
  const acked = [...tracked.acks]
    .map(([screenId, r]) => ({ screenId, screenName: name(screenId), latencyMs: r.latencyMs, ...(r.audioLatencyMs !== undefined && { audioLatencyMs: r.audioLatencyMs }) }))
    .sort((a, b) => a.latencyMs - b.latencyMs);
  const missing = targets
    .filter((s) => !tracked.acks.has(s))
    .map((screenId) => ({ screenId, screenName: name(screenId), online: deps.status(screenId).online }));
  return { id, targeted: targets.length, acks: acked, missing };
}
