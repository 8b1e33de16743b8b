/** Rate limits counted by two instances together, on the machine's real Redis (REDIS_TEST_URL), and their local fallback. */
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createLoginThrottle, MAX_FAILURES_PER_IP } from '../auth/login-throttle';
import { openRedisBus, type RedisBus, type RedisClient } from '../bus-redis';
import { RateLimited } from '../queue/call-rate';
import { redisRateLimit, redisRateLimits, SHARED_LIMIT_TIMEOUT_MS } from './redis-rate-limit';

const URL = process.env.REDIS_TEST_URL ?? 'redis://127.0.0.1:6379';
const buses: RedisBus[] = [];
afterEach(async () => {
  await Promise.all(buses.splice(0).map((b) => b.close().catch(() => {})));
});
const open = async (prefix: string): Promise<RedisBus> => {
  const b = await openRedisBus(URL, { prefix, onError: () => {} });
  buses.push(b);
  return b;
};

describe('redis rate limit', () => {
  it('allows the limit once across two instances, per key and window', async () => {
    const prefix = `hs-test-${randomBytes(4).toString('hex')}:`;
    let now = 1_000_000;
    const clock = () => now;
    const [a, b] = [await open(prefix), await open(prefix)];
    const opts = { limit: 3, windowMs: 60_000, clock };
    const onA = redisRateLimit(a.redis, prefix, 'pairing', opts);
    const onB = redisRateLimit(b.redis, prefix, 'pairing', opts);
    const hits = [await onA.hit('1.2.3.4'), await onB.hit('1.2.3.4'), await onA.hit('1.2.3.4'), await onB.hit('1.2.3.4')];
    expect(hits).toEqual([true, true, true, false]);
    expect(await onB.hit('5.6.7.8')).toBe(true);
    // Another limit's name counts apart.
    expect(await redisRateLimit(a.redis, prefix, 'other', opts).hit('1.2.3.4')).toBe(true);
    now += 60_000;
    expect(await onA.hit('1.2.3.4')).toBe(true);
  });

  it('falls back to this instance counting when Redis does not answer', async () => {
    const prefix = `hs-test-${randomBytes(4).toString('hex')}:`;
    const a = await open(prefix);
    const limit = redisRateLimit(a.redis, prefix, 'pairing', { limit: 2, windowMs: 60_000, clock: () => 0 });
    await a.close();
    expect([await limit.hit('k'), await limit.hit('k'), await limit.hit('k')]).toEqual([true, true, false]);
  });
});

describe('redis rate limits (every shape)', () => {
  const freshPrefix = () => `hs-test-${randomBytes(4).toString('hex')}:`;
  const wait = async (take: () => void | Promise<void>): Promise<true | number> => {
    try {
      await take();
      return true;
    } catch (err) {
      if (err instanceof RateLimited) return err.retryAfterS;
      throw err;
    }
  };

  it('a fixed window: over() on one instance sees the hits counted on the other', async () => {
    const prefix = freshPrefix();
    const [a, b] = [await open(prefix), await open(prefix)];
    const opts = { limit: 2, windowMs: 60_000, clock: () => 5_000 };
    const onA = redisRateLimits(a.redis, prefix)('device-key-failures', opts);
    const onB = redisRateLimits(b.redis, prefix)('device-key-failures', opts);
    expect([await onA.hit('ip'), await onA.hit('ip')]).toEqual([true, true]);
    expect(await onB.over('ip')).toBe(false);
    expect(await onB.hit('ip')).toBe(false);
    expect(await onA.over('ip')).toBe(true);
    expect(await onA.over('other-ip')).toBe(false);
  });

  it('a sliding log: both instances count the same recent events, trimmed to the window and to keep', async () => {
    const prefix = freshPrefix();
    let now = 1_000_000;
    const opts = { windowMs: 10_000, clock: () => now, keep: 5 };
    const [a, b] = [await open(prefix), await open(prefix)];
    const onA = redisRateLimits(a.redis, prefix).recent('login-user', opts);
    const onB = redisRateLimits(b.redis, prefix).recent('login-user', opts);
    await onA.add('alice');
    now += 4_000;
    await onB.add('alice');
    expect([await onA.count('alice'), await onB.count('alice'), await onB.count('bob')]).toEqual([2, 2, 0]);
    now += 6_000; // the first event is exactly windowMs old: gone, as in the local log
    expect(await onA.count('alice')).toBe(1);
    for (let i = 0; i < 10; i++) await (i % 2 ? onA : onB).add('alice');
    expect(await onB.count('alice')).toBe(5);
    await onB.clear('alice');
    expect(await onA.count('alice')).toBe(0);
  });

  it('login throttle on two instances: failures on one block the address and delay the user on the other', async () => {
    const prefix = freshPrefix();
    const [a, b] = [await open(prefix), await open(prefix)];
    const clock = () => 0;
    const onA = createLoginThrottle(clock, redisRateLimits(a.redis, prefix));
    const onB = createLoginThrottle(clock, redisRateLimits(b.redis, prefix));
    for (let i = 0; i < MAX_FAILURES_PER_IP; i++) await (i % 2 ? onA : onB).failed('1.2.3.4', `user${i}`);
    expect([await onA.ipBlocked('1.2.3.4'), await onB.ipBlocked('1.2.3.4'), await onA.ipBlocked('5.6.7.8')]).toEqual([true, true, false]);
    // A stranger hammering one username from many addresses only delays it (capped), never blocks it.
    for (let i = 0; i < 40; i++) await (i % 2 ? onA : onB).failed(`10.0.0.${i}`, 'Alice');
    expect(await onA.delayFor('alice')).toBe(8000);
    await onB.succeeded('ALICE');
    expect(await onA.delayFor('alice')).toBe(0);
  });

  it('a token bucket: two instances share one burst and refill, and say when to come back', async () => {
    const prefix = freshPrefix();
    let now = 2_000_000;
    const limit = { perSecond: 2, burst: 3 };
    const [a, b] = [await open(prefix), await open(prefix)];
    const onA = redisRateLimits(a.redis, prefix).bucket('queue-writes', limit, () => now);
    const onB = redisRateLimits(b.redis, prefix).bucket('queue-writes', limit, () => now);
    const takes = [];
    for (const on of [onA, onB, onA, onB]) takes.push(await wait(() => on.take('token:t1')));
    expect(takes).toEqual([true, true, true, 1]);
    expect(await wait(() => onB.take('token:t2'))).toBe(true);
    now += 500; // one token back
    expect([await wait(() => onB.take('token:t1')), await wait(() => onA.take('token:t1'))]).toEqual([true, 1]);
  });

  it('Redis closed: every shape falls back to this instance, still limits and never throws', async () => {
    const prefix = freshPrefix();
    const a = await open(prefix);
    const limits = redisRateLimits(a.redis, prefix);
    const clock = () => 0;
    const window = limits('ticket-lookups', { limit: 1, windowMs: 60_000, clock });
    const recent = limits.recent('login-ip', { windowMs: 60_000, clock, keep: 30 });
    const bucket = limits.bucket('queue-writes', { perSecond: 1, burst: 2 }, clock);
    await a.close();
    expect([await window.hit('k'), await window.over('k'), await window.hit('k'), await window.over('k')]).toEqual([true, false, false, true]);
    await recent.add('k');
    await recent.add('k');
    expect(await recent.count('k')).toBe(2);
    await recent.clear('k');
    expect(await recent.count('k')).toBe(0);
    expect([await wait(() => bucket.take('s')), await wait(() => bucket.take('s')), await wait(() => bucket.take('s'))]).toEqual([true, true, 1]);
  });

  it('Redis that never answers: the local limiter decides within SHARED_LIMIT_TIMEOUT_MS', async () => {
    const never = () => new Promise<never>(() => {});
    const hung = { eval: never, get: never, del: never, multi: () => ({ incr: () => ({ pExpire: () => ({ exec: never }) }) }) } as unknown as RedisClient;
    const limits = redisRateLimits(hung, 'hs-test-hung:');
    const bucket = limits.bucket('queue-writes', { perSecond: 1, burst: 1 }, () => 0);
    const started = performance.now();
    expect([await wait(() => bucket.take('s')), await wait(() => bucket.take('s'))]).toEqual([true, 1]);
    expect(await limits('pairing', { limit: 5, windowMs: 60_000, clock: () => 0 }).hit('k')).toBe(true);
    const elapsed = performance.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(3 * SHARED_LIMIT_TIMEOUT_MS - 5);
    expect(elapsed).toBeLessThan(3 * SHARED_LIMIT_TIMEOUT_MS + 500);
  });
});
