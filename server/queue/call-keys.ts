/**
 * The idempotency window of queue calls (`id` in `POST /api/queue/calls`): the seam a cluster
 * replaces (Redis `SET NX` per key). A key is remembered per hall and per sender (token or staff
 * user), in a window of its own: a token of hall B can neither make hall A's call look like a
 * repeat nor push hall A's keys out of the window by flooding; one sender cannot evict another's.
 * The newest keys of each hall are persisted with its queue record, so a retry after a restart is
 * still a repeat (all 500 per sender of every hall would make the live file, rewritten per call, large).
 */
import type { CallKey } from '../store/data';
import type { StoreReader } from '../store/store';

/** Keys remembered per (hall, sender); a retry after this many newer calls from that sender is a new call. */
export const CALL_KEY_WINDOW = 500;
/** Keys per hall (newest, any sender) that survive a restart: minutes of calls even in a busy hall. */
export const PERSISTED_CALL_KEYS = 50;

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
  /** The hall's newest keys, oldest first, for the store. */
  snapshot(hallId: string): CallKey[];
}

/** The embedded window: in memory, loaded from (and persisted with) the halls' queue records. */
export function createCallKeys(store: StoreReader, window = CALL_KEY_WINDOW): CallKeys {
  /** hall → sender → key → answer (a Map keeps insertion order: oldest first). */
  const halls = new Map<string, Map<string, Map<string, CallAnswer>>>();
  /** Per hall, the newest claims in order (what is persisted). */
  const recent = new Map<string, CallKey[]>();
  const remember = (hallId: string, k: CallKey): void => {
    let list = recent.get(hallId);
    if (!list) recent.set(hallId, (list = []));
    list.push(k);
    if (list.length > PERSISTED_CALL_KEYS) list.shift();
  };
  const senders = (hallId: string): Map<string, Map<string, CallAnswer>> => {
    let s = halls.get(hallId);
    if (!s) halls.set(hallId, (s = new Map()));
    return s;
  };
  const keysOf = (hallId: string, sender: string): Map<string, CallAnswer> => {
    const s = senders(hallId);
    let k = s.get(sender);
    if (!k) s.set(sender, (k = new Map()));
    return k;
  };
  for (const rec of store.list('queues'))
    for (const k of rec.callKeys ?? []) {
      keysOf(rec.id, k.sender).set(k.key, { callId: k.callId, screens: k.screens });
      remember(rec.id, k);
    }

  return {
    claim(hallId, sender, key, answer) {
      const keys = keysOf(hallId, sender);
      const prior = keys.get(key);
      if (prior) return prior;
      keys.set(key, answer);
      while (keys.size > window) keys.delete(keys.keys().next().value!);
      remember(hallId, { sender, key, callId: answer.callId, screens: answer.screens });
      return undefined;
    },
    release(hallId, sender, key) {
      halls.get(hallId)?.get(sender)?.delete(key);
      const list = recent.get(hallId) ?? [];
      for (let i = list.length - 1; i >= 0; i--) if (list[i]!.sender === sender && list[i]!.key === key) return void list.splice(i, 1);
    },
    snapshot(hallId) {
      return [...(recent.get(hallId) ?? [])];
    },
  };
}
