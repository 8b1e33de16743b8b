import { createRateLimiter, type RateLimit } from '../queue/call-rate';

/** A fixed-window counter per key (client IP): enough to stop a script from draining pairing codes. */
export function createRateLimit(opts: { limit: number; windowMs: number; clock: () => number; maxKeys?: number }) {
  const maxKeys = opts.maxKeys ?? 10_000;
  const windows = new Map<string, { start: number; count: number }>();
  return {
    /** Counts one hit; false when `key` is over its limit in the current window. */
    hit(key: string): boolean {
      const now = opts.clock();
      let w = windows.get(key);
      if (!w || now - w.start >= opts.windowMs) {
        // Bounded under a flood from many addresses: drop the oldest windows (Map keeps insertion order).
        if (!w && windows.size >= maxKeys) for (const k of [...windows.keys()].slice(0, Math.ceil(maxKeys / 10))) windows.delete(k);
        windows.delete(key);
        windows.set(key, (w = { start: now, count: 0 }));
      }
      w.count++;
      return w.count <= opts.limit;
    },
    /** True when `key` is already over its limit in the current window; counts nothing. */
    over(key: string): boolean {
      const w = windows.get(key);
      return w !== undefined && opts.clock() - w.start < opts.windowMs && w.count > opts.limit;
    },
  };
}

/** The times of recent events per key (sliding window, newest `keep` kept; bounded, stale keys swept). */
export function createRecentLog(opts: { windowMs: number; clock: () => number; keep: number; maxKeys?: number }) {
  const maxKeys = opts.maxKeys ?? 10_000;
  const byKey = new Map<string, number[]>();
  const recent = (key: string): number[] => {
    const now = opts.clock();
    return (byKey.get(key) ?? []).filter((t) => now - t < opts.windowMs);
  };
  const sweep = (): void => {
    if (byKey.size <= maxKeys) return;
    const now = opts.clock();
    for (const [k, ts] of byKey) if (ts.every((t) => now - t >= opts.windowMs)) byKey.delete(k);
  };
  return {
    /** Events of `key` within the window (at most `keep`). */
    count: (key: string): number => recent(key).length,
    add(key: string): void {
      sweep();
      byKey.set(key, [...recent(key), opts.clock()].slice(-opts.keep));
    },
    clear(key: string): void {
      byKey.delete(key);
    },
  };
}

export type WindowOptions = { limit: number; windowMs: number; clock: () => number };
export type RecentOptions = { windowMs: number; clock: () => number; keep: number };

/** A limit that may be counted elsewhere (Redis in a cluster): `hit` resolves false when over. */
export interface SharedRateLimit {
  hit(key: string): Promise<boolean>;
  /** True when `key` is already over its limit in the current window; counts nothing. */
  over(key: string): Promise<boolean>;
}
/** Recent events per key that may be counted elsewhere (login failures). */
export interface SharedRecentLog {
  count(key: string): Promise<number>;
  add(key: string): Promise<void>;
  clear(key: string): Promise<void>;
}
/**
 * A token bucket per sender. `take` throws RateLimited when empty; the local one answers synchronously
 * (returns void), so the hot call path awaits only when a cluster shares the buckets.
 */
export interface SharedTokenBucket {
  take(sender: string): void | Promise<void>;
}
/**
 * How routes get a limit: shared across instances in a cluster, this process's own otherwise. Called
 * directly it gives a fixed window (pairing, look-ups, uploads); `recent` and `bucket` give the other shapes.
 */
export interface RateLimits {
  (name: string, opts: WindowOptions): SharedRateLimit;
  recent(name: string, opts: RecentOptions): SharedRecentLog;
  bucket(name: string, limit: RateLimit, clock: () => number): SharedTokenBucket;
}

/** The embedded default: this process counts. */
export const localRateLimits: RateLimits = Object.assign(
  (_name: string, opts: WindowOptions): SharedRateLimit => {
    const local = createRateLimit(opts);
    return { hit: async (key) => local.hit(key), over: async (key) => local.over(key) };
  },
  {
    recent(_name: string, opts: RecentOptions): SharedRecentLog {
      const local = createRecentLog(opts);
      return { count: async (key) => local.count(key), add: async (key) => local.add(key), clear: async (key) => local.clear(key) };
    },
    bucket: (_name: string, limit: RateLimit, clock: () => number): SharedTokenBucket => createRateLimiter(limit, clock),
  },
);
