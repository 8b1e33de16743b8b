/**
 * Rate limits every instance counts together (cluster mode), so N instances behind a load balancer allow
 * each limit once, not N times. Three shapes, one key space (`<prefix>rl:<name>:…`), each one round trip:
 * - a fixed window per key (`INCR`, expiring with the window): pairing, ticket look-ups, screenshot uploads
 *   and device-key failures;
 * - a sliding log per key (a sorted set of event times, trimmed to the window and to `keep`): login failures;
 * - a token bucket per sender (a hash refilled by a Lua script): queue calls and events.
 * When Redis fails or has not answered within SHARED_LIMIT_TIMEOUT_MS, this instance's own limiter
 * decides: a limit stays in force and nothing fails or waits because the bus is down or slow.
 */
import { randomBytes } from 'node:crypto';
import type { RedisClient } from '../bus-redis';
import {
  createRateLimit,
  createRecentLog,
  type RateLimits,
  type RecentOptions,
  type SharedRateLimit,
  type SharedRecentLog,
  type SharedTokenBucket,
  type WindowOptions,
} from '../pairing/rate-limit';
import { RateLimited, createRateLimiter, type RateLimit } from '../queue/call-rate';
import { withTimeout } from '../with-timeout';

/** Longest a request waits for Redis's count before the local one decides (a healthy Redis answers in < 1 ms). */
export const SHARED_LIMIT_TIMEOUT_MS = 100;

/** Redis's answer, or the local one when Redis throws or is late. */
async function orLocal<T>(ask: () => Promise<T>, local: () => T): Promise<T> {
  try {
    return await withTimeout(ask(), SHARED_LIMIT_TIMEOUT_MS, 'redis too slow');
  } catch {
    return local();
  }
}

export function redisRateLimit(redis: RedisClient, prefix: string, name: string, opts: WindowOptions): SharedRateLimit {
  const local = createRateLimit(opts);
  const keyOf = (key: string) => `${prefix}rl:${name}:${Math.floor(opts.clock() / opts.windowMs)}:${key}`;
  return {
    hit(key) {
      const k = keyOf(key);
      return orLocal(async () => {
        const [count] = (await redis.multi().incr(k).pExpire(k, opts.windowMs * 2).exec()) as unknown as [number, number];
        return Number(count) <= opts.limit;
      }, () => local.hit(key));
    },
    over(key) {
      const k = keyOf(key);
      return orLocal(async () => Number((await redis.get(k)) ?? 0) > opts.limit, () => local.over(key));
    },
  };
}

export function redisRecentLog(redis: RedisClient, prefix: string, name: string, opts: RecentOptions): SharedRecentLog {
  const local = createRecentLog(opts);
  const keyOf = (key: string) => `${prefix}rl:${name}:${key}`;
  return {
    count(key) {
      const k = keyOf(key);
      // Same window as the local log: an event at t counts while now - t < windowMs.
      return orLocal(async () => {
        const [, card] = (await redis.multi().zRemRangeByScore(k, '-inf', opts.clock() - opts.windowMs).zCard(k).exec()) as unknown as [number, number];
        return Math.min(Number(card), opts.keep);
      }, () => local.count(key));
    },
    add(key) {
      const k = keyOf(key);
      const now = opts.clock();
      return orLocal(async () => {
        await redis
          .multi()
          .zAdd(k, { score: now, value: `${now}:${randomBytes(6).toString('hex')}` })
          .zRemRangeByScore(k, '-inf', now - opts.windowMs)
          .zRemRangeByRank(k, 0, -(opts.keep + 1))
          .pExpire(k, opts.windowMs)
          .exec();
      }, () => local.add(key));
    },
    clear(key) {
      return orLocal(async () => void (await redis.del(keyOf(key))), () => local.clear(key));
    },
  };
}

/** Refills the bucket by elapsed time, takes one token or answers the seconds to wait (0 = taken). */
const TAKE_TOKEN = `
local now, rate, burst, ttl = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
local b = redis.call('HMGET', KEYS[1], 't', 'at')
local tokens, at = burst, now
if b[1] then
  at = math.max(now, tonumber(b[2]))
  tokens = math.min(burst, tonumber(b[1]) + math.max(0, now - tonumber(b[2])) / 1000 * rate)
end
if tokens < 1 then return math.max(1, math.ceil((1 - tokens) / rate)) end
redis.call('HSET', KEYS[1], 't', tostring(tokens - 1), 'at', tostring(at))
redis.call('PEXPIRE', KEYS[1], ttl)
return 0`;

export function redisTokenBucket(redis: RedisClient, prefix: string, name: string, limit: RateLimit, clock: () => number): SharedTokenBucket {
  const local = createRateLimiter(limit, clock);
  // A bucket left alone this long is full again, so Redis may forget it.
  const ttl = String(Math.ceil((limit.burst / limit.perSecond) * 1000) + 1000);
  const localWait = (sender: string): number => {
    try {
      local.take(sender);
      return 0;
    } catch (err) {
      if (err instanceof RateLimited) return err.retryAfterS;
      throw err;
    }
  };
  return {
    async take(sender) {
      const args = [String(clock()), String(limit.perSecond), String(limit.burst), ttl];
      const wait = await orLocal(async () => Number(await redis.eval(TAKE_TOKEN, { keys: [`${prefix}rl:${name}:${sender}`], arguments: args })), () => localWait(sender));
      if (wait > 0) throw new RateLimited(wait);
    },
  };
}

/** Every limit shape counted in this Redis (what cluster/runtime.ts hands the routes). */
export function redisRateLimits(redis: RedisClient, prefix: string): RateLimits {
  return Object.assign((name: string, opts: WindowOptions) => redisRateLimit(redis, prefix, name, opts), {
    recent: (name: string, opts: RecentOptions) => redisRecentLog(redis, prefix, name, opts),
    bucket: (name: string, limit: RateLimit, clock: () => number) => redisTokenBucket(redis, prefix, name, limit, clock),
  });
}
