/**
 * Acknowledgements of calls and overrides: which targeted screens put it on screen, and how fast
 * (ack received − request received, both on the server clock). Only recent items are kept, in windows
 * per group (a call's hall): a flood of calls in one hall never pushes another hall's calls out.
 *
 * Cost: tracking a call is O(1) (the target list and set are shared, never copied: the call service
 * hands in the same frozen pair for every call to the same counter); an ack is O(1).
 */

export type AckKind = 'call' | 'override';

export interface AckRecord {
  latencyMs: number;
  /** When the player says when the audio started (its server-corrected clock) − request received. */
  audioLatencyMs?: number;
}

/** Screens an item was sent to: the list (for reports) and the same ids as a set (checked on every ack). */
export interface AckTargets {
  ids: readonly string[];
  set: ReadonlySet<string>;
}

interface Tracked {
  receivedAt: number;
  group: string;
  screenIds: readonly string[];
  targeted: ReadonlySet<string>;
  acks: Map<string, AckRecord>;
}

/** Items tracked per kind and group (per hall for calls); the oldest of a group are dropped first. */
export const ACK_ITEMS: Record<AckKind, number> = { call: 500, override: 200 };
/** Ack records kept in all (a call to a 5,000-screen district is 5,000 records). */
export const ACK_RECORDS = 200_000;

/** Builds the list-and-set pair for a one-off item (overrides); calls reuse cached pairs. */
export function ackTargets(ids: readonly string[]): AckTargets {
  return { ids, set: new Set(ids) };
}

const isTargets = (x: readonly string[] | AckTargets): x is AckTargets => !Array.isArray(x);

export function createAckTracker(limits: { items?: Partial<Record<AckKind, number>>; records?: number } = {}) {
  const maxItems = { ...ACK_ITEMS, ...limits.items };
  const maxRecords = limits.records ?? ACK_RECORDS;
  const byId: Record<AckKind, Map<string, Tracked>> = { call: new Map(), override: new Map() };
  /** Per kind, per group: ids oldest first (a Map keeps insertion order). */
  const groups: Record<AckKind, Map<string, Map<string, Tracked>>> = { call: new Map(), override: new Map() };
  let records = 0;

  const evictOldest = (kind: AckKind, group: Map<string, Tracked>, groupName: string): void => {
    const oldest = group.keys().next();
    if (oldest.done) return;
    records -= group.get(oldest.value)!.acks.size;
    group.delete(oldest.value);
    byId[kind].delete(oldest.value);
    if (group.size === 0) groups[kind].delete(groupName);
  };
  /** Over the record budget: the largest group gives up its oldest item (never the one being acked). */
  const shed = (keep: Tracked): boolean => {
    for (const kind of ['call', 'override'] as const) {
      let largest: [string, Map<string, Tracked>] | undefined;
      for (const entry of groups[kind]) if (!largest || entry[1].size > largest[1].size) largest = entry;
      if (!largest) continue;
      const oldest = largest[1].values().next().value;
      if (oldest === keep && largest[1].size === 1) continue;
      if (oldest === keep) {
        // Move the acked item to the end so the next oldest goes.
        const id = largest[1].keys().next().value!;
        largest[1].delete(id);
        largest[1].set(id, keep);
      }
      evictOldest(kind, largest[1], largest[0]);
      return true;
    }
    return false;
  };

  return {
    /**
     * Starts tracking an item sent (or made visible) to these screens; `group` is its window (a hall).
     * A plain list (overrides) gets its set built here; the list itself is kept, not copied.
     */
    track(kind: AckKind, id: string, receivedAt: number, screens: readonly string[] | AckTargets, group = ''): void {
      if (byId[kind].has(id)) return;
      const targets = isTargets(screens) ? screens : ackTargets(screens);
      const t: Tracked = { receivedAt, group, screenIds: targets.ids, targeted: targets.set, acks: new Map() };
      byId[kind].set(id, t);
      let g = groups[kind].get(group);
      if (!g) groups[kind].set(group, (g = new Map()));
      g.set(id, t);
      while (g.size > maxItems[kind]) evictOldest(kind, g, group);
    },
    /** Records a screen's ack; returns it (the first one wins), or undefined for an item not tracked. */
    ack(kind: AckKind, id: string, screenId: string, at: number, audioStartedAt?: number): AckRecord | undefined {
      const t = byId[kind].get(id);
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
      while (records > maxRecords && shed(t));
      return rec;
    },
    /** What is known about an item, or undefined when it is not (or no longer) tracked. */
    get(kind: AckKind, id: string): { receivedAt: number; group: string; screenIds: readonly string[]; acks: ReadonlyMap<string, AckRecord> } | undefined {
      return byId[kind].get(id);
    },
    /** How many items and ack records are held (for tests and health). */
    size(): { calls: number; overrides: number; records: number } {
      return { calls: byId.call.size, overrides: byId.override.size, records };
    },
  };
}
export type AckTracker = ReturnType<typeof createAckTracker>;
