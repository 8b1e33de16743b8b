/**
 * The idempotency window, one rule for queue calls (call-keys.ts, key = the request's `id`) and queue
 * events (hall-queues.ts, key = `eventId`): every key claimed in the last `windowMs` is a repeat,
 * however busy the hall — a window counted in keys forgot a retry after a few hundred others, which
 * a flood of events reaches in seconds. Bounded against floods by `perSender` keys per (scope,
 * sender) and `perScope` keys per scope (the oldest go first); what is left is exactly what
 * `entries` hands to the store, so the answer after a restart is the answer before it.
 *
 * A scope is a hall: a sender of hall B can neither make hall A's key look like a repeat nor push hall
 * A's keys out; one sender cannot evict another's beyond the scope's bound.
 */

/** A retry within this long of the first request is a repeat: far past any sender's retry loop (and CALL_TTL_MS). */
export const IDEMPOTENCY_WINDOW_MS = 10 * 60_000;

export interface WindowEntry<V> {
  sender: string;
  key: string;
  value: V;
  /** When it was claimed (epoch ms of the window's clock). */
  at: number;
}

export interface WindowOptions {
  clock: () => number;
  windowMs?: number;
  perSender: number;
  perScope: number;
}

export interface IdempotencyWindow<V> {
  /** Atomically: the earlier entry for (scope, sender, key), or undefined after recording `value` for it. */
  claim(scope: string, sender: string, key: string, value: V): WindowEntry<V> | undefined;
  /** The entry still in the window, if any. */
  find(scope: string, sender: string, key: string): WindowEntry<V> | undefined;
  /** Forgets a claim whose request could not be stored, so the sender's retry is taken. */
  release(scope: string, sender: string, key: string): boolean;
  /** The scope's entries still in the window, oldest first (what the store keeps). */
  entries(scope: string): WindowEntry<V>[];
  /** Adds stored entries, oldest first; an entry stored without a time counts from now. */
  load(scope: string, entries: Iterable<Omit<WindowEntry<V>, 'at'> & { at?: number | undefined }>): void;
}

interface Scope<V> {
  /** Every entry, in claim order (a Map keeps insertion order). */
  all: Map<string, WindowEntry<V>>;
  bySender: Map<string, Map<string, WindowEntry<V>>>;
}

export function createIdempotencyWindow<V>(opts: WindowOptions): IdempotencyWindow<V> {
  const windowMs = opts.windowMs ?? IDEMPOTENCY_WINDOW_MS;
  const scopes = new Map<string, Scope<V>>();
  // Sender and key are free text from the wire: the sender's length makes the joined pair unambiguous.
  const id = (sender: string, key: string): string => `${sender.length}:${sender}${key}`;
  const scopeOf = (name: string): Scope<V> => {
    let s = scopes.get(name);
    if (!s) scopes.set(name, (s = { all: new Map(), bySender: new Map() }));
    return s;
  };
  const drop = (s: Scope<V>, e: WindowEntry<V>): void => {
    s.all.delete(id(e.sender, e.key));
    const keys = s.bySender.get(e.sender);
    keys?.delete(e.key);
    if (keys?.size === 0) s.bySender.delete(e.sender);
  };
  /** Drops the claims older than the window: from the head, the map is in claim order. */
  const expire = (name: string): Scope<V> => {
    const s = scopeOf(name);
    const now = opts.clock();
    for (const e of s.all.values()) {
      if (now - e.at < windowMs) break;
      drop(s, e);
    }
    return s;
  };
  const add = (s: Scope<V>, e: WindowEntry<V>): void => {
    const k = id(e.sender, e.key);
    const prior = s.all.get(k);
    if (prior) drop(s, prior);
    s.all.set(k, e);
    let keys = s.bySender.get(e.sender);
    if (!keys) s.bySender.set(e.sender, (keys = new Map()));
    keys.set(e.key, e);
    if (keys.size > opts.perSender) drop(s, keys.values().next().value!);
    if (s.all.size > opts.perScope) drop(s, s.all.values().next().value!);
  };

  return {
    claim(scope, sender, key, value) {
      const s = expire(scope);
      const prior = s.all.get(id(sender, key));
      if (prior) return prior;
      add(s, { sender, key, value, at: opts.clock() });
      return undefined;
    },
    find(scope, sender, key) {
      return expire(scope).all.get(id(sender, key));
    },
    release(scope, sender, key) {
      const s = scopes.get(scope);
      const e = s?.all.get(id(sender, key));
      if (!s || !e) return false;
      drop(s, e);
      return true;
    },
    entries(scope) {
      return [...expire(scope).all.values()];
    },
    load(scope, entries) {
      const s = scopeOf(scope);
      const now = opts.clock();
      for (const e of entries) add(s, { sender: e.sender, key: e.key, value: e.value, at: e.at ?? now });
    },
  };
}
