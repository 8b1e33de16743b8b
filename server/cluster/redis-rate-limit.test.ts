/** Rate limits counted by two instances together, on the machine's real Redis (REDIS_TEST_URL). */
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { openRedisBus, type RedisBus } from '../bus-redis';
import { redisRateLimit } from './redis-rate-limit';

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
