/**
 * Acknowledgements of calls and overrides: which targeted screens put it on screen, and how fast
 * (ack received − request received, both on the server clock). Only recent items are kept.
 */

export type AckKind = 'call' | 'override';

export interface AckRecord {
  latencyMs: number;
  /** When the player says when the audio started (its server-corrected clock) − request received. */
  audioLatencyMs?: number;
}

interface Tracked {
  receivedAt: number;
  screenIds: string[];
  /** The same ids as a set: a call may target thousands of screens and every ack is checked. */
  targeted: Set<string>;
  acks: Map<string, AckRecord>;
}

/** Calls and overrides tracked per kind; the oldest are dropped first. */
export const ACK_ITEMS: Record<AckKind, number> = { call: 500, override: 200 };
/** Ack records kept in all (a call to a 5,000-screen district is 5,000 records). */
export const ACK_RECORDS = 200_000;

export function createAckTracker(limits: { items?: Partial<Record<AckKind, number>>; records?: number } = {}) {
  const maxItems = { ...ACK_ITEMS, ...limits.items };
  const maxRecords = limits.records ?? ACK_RECORDS;
  const items: Record<AckKind, Map<string, Tracked>> = { call: new Map(), override: new Map() };
  let records = 0;

  const evictOldest = (kind: AckKind): void => {
    const oldest = items[kind].keys().next();
    if (oldest.done) return;
    records -= items[kind].get(oldest.value)!.acks.size;
    items[kind].delete(oldest.value);
  };

  return {
    /** Starts tracking an item sent (or made visible) to these screens. */
    track(kind: AckKind, id: string, receivedAt: number, screenIds: readonly string[]): void {
      const map = items[kind];
      if (map.has(id)) return;
      map.set(id, { receivedAt, screenIds: [...screenIds], targeted: new Set(screenIds), acks: new Map() });
      while (map.size > maxItems[kind]) evictOldest(kind);
    },
    /** Records a screen's ack; returns it (the first one wins), or undefined for an item not tracked. */
    ack(kind: AckKind, id: string, screenId: string, at: number, audioStartedAt?: number): AckRecord | undefined {
      const t = items[kind].get(id);
      // Only screens the item was sent to may ack it: others would skew the latency report.
      if (!t || !t.targeted.has(screenId)) return undefined;
      const prev = t.acks.get(screenId);
      if (prev) {
        // A player may ack on screen first and again once the audio starts.
        if (audioStartedAt !== undefined && prev.audioLatencyMs === undefined) prev.audioLatencyMs = Math.max(0, audioStartedAt - t.receivedAt);
        return prev;
      }
      const rec: AckRecord = { latencyMs: Math.max(0, at - t.receivedAt) };
      if (audioStartedAt !== undefined) rec.audioLatencyMs = Math.max(0, audioStartedAt - t.receivedAt);
      t.acks.set(screenId, rec);
      records++;
      // Over the budget: drop whole old items (calls first: they are the many), never the one being acked.
      while (records > maxRecords) {
        const victim = (['call', 'override'] as const).find((k) => {
          const oldest = items[k].keys().next();
          return !oldest.done && !(k === kind && oldest.value === id);
        });
        if (!victim) break;
        evictOldest(victim);
      }
      return rec;
    },
    /** What is known about an item, or undefined when it is not (or no longer) tracked. */
    get(kind: AckKind, id: string): { receivedAt: number; screenIds: readonly string[]; acks: ReadonlyMap<string, AckRecord> } | undefined {
      return items[kind].get(id);
    },
    /** How many items and ack records are held (for tests and health). */
    size(): { calls: number; overrides: number; records: number } {
      return { calls: items.call.size, overrides: items.override.size, records };
    },
  };
}
export type AckTracker = ReturnType<typeof createAckTracker>;
