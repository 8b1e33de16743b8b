/**
 * Rate limit of queue writes per sender (token or staff user): a token bucket. A real queue system
 * calls a few times a minute per counter and bursts when a hall opens; 20 a second with a burst of 60
 * is far above that and still stops a runaway client (or a leaked token) from flooding screens,
 * windows and logs. A refused request gets 429 with Retry-After.
 */
import { HttpError } from '../http-error';

export interface RateLimit {
  /** Tokens added per second. */
  perSecond: number;
  /** Bucket size: how many requests may come at once. */
  burst: number;
}

/** The default for queue calls and events. */
export const QUEUE_RATE: RateLimit = { perSecond: 20, burst: 60 };
/** Buckets kept at most; full (idle) buckets are dropped first, so memory stays bounded. */
const MAX_BUCKETS = 10_000;

/** 429 with the seconds to wait; the route sets Retry-After from `retryAfterS`. */
export class RateLimited extends HttpError {
  constructor(readonly retryAfterS: number) {
    super(429, 'rate_limited', `叫号请求过于频繁，请 ${retryAfterS} 秒后重试`);
  }
}

export function createRateLimiter(limit: RateLimit, clock: () => number) {
  const buckets = new Map<string, { tokens: number; at: number }>();
  const level = (b: { tokens: number; at: number }, now: number): number => Math.min(limit.burst, b.tokens + (Math.max(0, now - b.at) / 1000) * limit.perSecond);
  return {
    /** Takes one token for `sender`, or throws RateLimited (nothing is taken then). */
    take(sender: string): void {
      const now = clock();
      const b = buckets.get(sender) ?? { tokens: limit.burst, at: now };
      const tokens = level(b, now);
      if (tokens < 1) throw new RateLimited(Math.max(1, Math.ceil((1 - tokens) / limit.perSecond)));
      buckets.delete(sender);
      buckets.set(sender, { tokens: tokens - 1, at: now });
      if (buckets.size > MAX_BUCKETS) {
        // The least recently used bucket goes (it has refilled the most).
        buckets.delete(buckets.keys().next().value!);
      }
    },
  };
}
export type RateLimiter = ReturnType<typeof createRateLimiter>;
