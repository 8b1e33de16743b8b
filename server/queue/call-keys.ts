/**
 * The idempotency window of queue calls (`id` in `POST /api/queue/calls`): the seam a cluster
 * replaces (Redis `SET NX` per key). A key is remembered per hall and per sender (token or staff
 * user): a token of hall B can neither make hall A's call look like a repeat nor push hall A's keys
 * out by flooding; one sender cannot evict another's.
 *
 * The window is time-based: every key of the last CALL_KEY_WINDOW_MS is a repeat, however busy the
 * hall (a count of 50 let a retry after 50 other calls of a busy hall be announced twice), bounded by
 * CALL_KEY_WINDOW keys per sender against floods. The same keys are persisted with the hall's queue
 * record (newest PERSISTED_CALL_KEYS per hall), so the answer after a restart is the answer before it.
 */
import type { CallKey } from '../store/data';
import type { StoreReader } from '../store/store';

/** A retry of a call within this long of the first request is a repeat: far past any sender's retry loop (and CALL_TTL_MS). */
export const CALL_KEY_WINDOW_MS = 10 * 60_000;
/** Keys remembered per (hall, sender) at most: 20 calls/s (the rate limit) for 4 minutes, or hours of any real hall. */
export const CALL_KEY_WINDOW = 5000;
/** Keys per hall (newest, any sender) that survive a restart; the same bound, so one sender's window survives whole. */
export const PERSISTED_CALL_KEYS = 5000;

/** What the first call with a key answered: repeats get the same. */
export interface CallAnswer {
  callId: string;
  screens: number;
}

export interface CallKeys {
  /**
   * Atomically: the earlier answer for (hall, sender, key), or undefined after recording `answer`
   * as the answer for it. Synchronous, so two concurrent requests with one key cannot both pass.
   */
  claim(hallId: string, sender: string, key: string, answer: CallAnswer): CallAnswer | undefined;
  /** Forgets a claim whose call could not be stored, so the sender's retry is taken. */
  release(hallId: string, sender: string, key: string): void;
  /** The hall's keys still in the window, oldest first, for the store. */
  snapshot(hallId: string): CallKey[];
}

export interface CallKeyOptions {
  clock?: () => number;
  /** Keys per sender (default CALL_KEY_WINDOW). */
  window?: number;
  windowMs?: number;
}

/** The embedded window: in memory, loaded from (and persisted with) the halls' queue records. */
export function createCallKeys(store: StoreReader, opts: CallKeyOptions = {}): CallKeys {
  const clock = opts.clock ?? Date.now;
  const window = opts.window ?? CALL_KEY_WINDOW;
  const windowMs = opts.windowMs ?? CALL_KEY_WINDOW_MS;
  /** hall → sender → key → claim (a Map keeps insertion order: oldest first). */
  const halls = new Map<string, Map<string, Map<string, Required<CallKey>>>>();
  /** Per hall, the claims in order (what is persisted). */
  const recent = new Map<string, Required<CallKey>[]>();
  const keysOf = (hallId: string, sender: string): Map<string, Required<CallKey>> => {
    let s = halls.get(hallId);
    if (!s) halls.set(hallId, (s = new Map()));
    let k = s.get(sender);
    if (!k) s.set(sender, (k = new Map()));
    return k;
  };
  /** Drops the hall's claims older than the window (from the head: the list is in claim order). */
  const expire = (hallId: string, now: number): Required<CallKey>[] => {
    let list = recent.get(hallId);
    if (!list) recent.set(hallId, (list = []));
    let n = 0;
    while (n < list.length && now - list[n]!.at >= windowMs) {
      const old = list[n++]!;
      const keys = halls.get(hallId)?.get(old.sender);
      // A later claim of the same key (after a release) is its own entry: leave it.
      if (keys?.get(old.key) === old) keys.delete(old.key);
    }
    if (n > 0) list.splice(0, n);
    return list;
  };
  const loadedAt = clock();
  for (const rec of store.list('queues'))
    for (const k of rec.callKeys ?? []) {
      const entry = { ...k, at: k.at ?? loadedAt };
      keysOf(rec.id, k.sender).set(k.key, entry);
      let list = recent.get(rec.id);
      if (!list) recent.set(rec.id, (list = []));
      list.push(entry);
    }

  return {
    claim(hallId, sender, key, answer) {
      const now = clock();
      const list = expire(hallId, now);
      const keys = keysOf(hallId, sender);
      const prior = keys.get(key);
      if (prior) return { callId: prior.callId, screens: prior.screens };
      const entry = { sender, key, callId: answer.callId, screens: answer.screens, at: now };
      keys.set(key, entry);
      while (keys.size > window) keys.delete(keys.keys().next().value!);
      list.push(entry);
      if (list.length > PERSISTED_CALL_KEYS) list.splice(0, list.length - PERSISTED_CALL_KEYS);
      return undefined;
    },
    release(hallId, sender, key) {
      halls.get(hallId)?.get(sender)?.delete(key);
      const list = recent.get(hallId) ?? [];
      for (let i = list.length - 1; i >= 0; i--) if (list[i]!.sender === sender && list[i]!.key === key) return void list.splice(i, 1);
    },
    snapshot(hallId) {
      return [...expire(hallId, clock())];
    },
  };
}
