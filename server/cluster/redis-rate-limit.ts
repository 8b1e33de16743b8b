/**
 * Rate limits every instance counts together (cluster mode): a fixed window per key in Redis (`INCR`,
 * expiring with the window), so N instances behind a load balancer allow the limit once, not N times.
 * When Redis does not answer, this instance's own window decides: a public endpoint stays limited and
 * never fails because the bus is down.
 */
import type { RedisClient } from '../bus-redis';
import { createRateLimit, type SharedRateLimit } from '../pairing/rate-limit';

export function redisRateLimit(redis: RedisClient, prefix: string, name: string, opts: { limit: number; windowMs: number; clock: () => number }): SharedRateLimit {
  const local = createRateLimit(opts);
  return {
    async hit(key) {
      const window = Math.floor(opts.clock() / opts.windowMs);
      const k = `${prefix}rl:${name}:${window}:${key}`;
      try {
        const [count] = (await redis.multi().incr(k).pExpire(k, opts.windowMs * 2).exec()) as unknown as [number, number];
        return Number(count) <= opts.limit;
      } catch {
        return local.hit(key);
      }
    },
  };
}
