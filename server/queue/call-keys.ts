/**
 * The idempotency window of queue calls (`id` in `POST /api/queue/calls`): the seam a cluster
 * replaces (Redis `SET NX` per key). A key is remembered per hall and per sender (token or staff
 * user): a token of hall B can neither make hall A's call look like a repeat nor push hall A's keys
 * out by flooding; one sender cannot evict another's.
 *
 * The window is time-based (idempotency-window.ts, the same rule queue events follow): every key of
 * the last CALL_KEY_WINDOW_MS is a repeat, however busy the hall (a count of 50 let a retry after 50
 * other calls of a busy hall be announced twice), bounded by CALL_KEY_WINDOW keys per sender against floods. The same keys are persisted with the hall's queue
 * record (newest PERSISTED_CALL_KEYS per hall), so the answer after a restart is the answer before it.
 */
import type { CallKey } from '../store/data';
import type { StoreReader } from '../store/store';
import { IDEMPOTENCY_WINDOW_MS, createIdempotencyWindow } from './idempotency-window';

/** A retry of a call within this long of the first request is a repeat (the one idempotency window). */
export const CALL_KEY_WINDOW_MS = IDEMPOTENCY_WINDOW_MS;
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
  /** Adds the stored keys this instance does not hold (cluster: another instance wrote the hall before us). */
  adopt(hallId: string, stored: readonly CallKey[]): void;
}

export interface CallKeyOptions {
  clock?: () => number;
  /** Keys per sender (default CALL_KEY_WINDOW). */
  window?: number;
  windowMs?: number;
}

/** The embedded window: in memory, loaded from (and persisted with) the halls' queue records. */
export function createCallKeys(store: StoreReader, opts: CallKeyOptions = {}): CallKeys {
  const keys = createIdempotencyWindow<CallAnswer>({
    clock: opts.clock ?? Date.now,
    windowMs: opts.windowMs ?? CALL_KEY_WINDOW_MS,
    perSender: opts.window ?? CALL_KEY_WINDOW,
    perScope: PERSISTED_CALL_KEYS,
  });
  for (const rec of store.list('queues'))
    keys.load(rec.id, (rec.callKeys ?? []).map((k) => ({ sender: k.sender, key: k.key, value: { callId: k.callId, screens: k.screens }, at: k.at })));
  /** The stored form of each entry, made once: the same objects each snapshot, so the journal sees them unchanged. */
  const stored = new WeakMap<object, Required<CallKey>>();
  const toStored = (e: { sender: string; key: string; value: CallAnswer; at: number }): Required<CallKey> => {
    let k = stored.get(e);
    if (!k) stored.set(e, (k = { sender: e.sender, key: e.key, callId: e.value.callId, screens: e.value.screens, at: e.at }));
    return k;
  };

  return {
    claim(hallId, sender, key, answer) {
      const prior = keys.claim(hallId, sender, key, answer);
      return prior && { callId: prior.value.callId, screens: prior.value.screens };
    },
    release(hallId, sender, key) {
      keys.release(hallId, sender, key);
    },
    snapshot(hallId) {
      return keys.entries(hallId).map(toStored);
    },
    adopt(hallId, stored) {
      keys.load(hallId, stored.filter((k) => !keys.find(hallId, k.sender, k.key)).map((k) => ({ sender: k.sender, key: k.key, value: { callId: k.callId, screens: k.screens }, at: k.at })));
    },
  };
}
