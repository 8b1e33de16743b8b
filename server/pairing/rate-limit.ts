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

/** A limit that may be counted elsewhere (Redis in a cluster): `hit` resolves false when over. */
export interface SharedRateLimit {
  hit(key: string): Promise<boolean>;
}
/** How routes get a limit: shared across instances in a cluster, this process's own otherwise. */
export type RateLimits = (name: string, opts: { limit: number; windowMs: number; clock: () => number }) => SharedRateLimit;

/** The embedded default: this process counts. */
export const localRateLimits: RateLimits = (_name, opts) => {
  const local = createRateLimit(opts);
  return { hit: async (key) => local.hit(key) };
};
