/** Pairing codes shared through the real Redis: start on one instance, claim on another, collect on a third. */
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { openRedisBus, type RedisBus } from '../bus-redis';
import { createRedisPairings } from './redis-pairings';

const URL = process.env.REDIS_TEST_URL ?? 'redis://127.0.0.1:6379';
const buses: RedisBus[] = [];
afterEach(async () => {
  await Promise.all(buses.splice(0).map((b) => b.close()));
});

describe('redis pairings', () => {
  it('a code started on A is claimed once on B (a concurrent claim on C is refused) and its key collected once on C', async () => {
    const prefix = `hs-test-${randomBytes(4).toString('hex')}:`;
    const opened = await Promise.all([0, 1, 2].map(() => openRedisBus(URL, { prefix, onError: () => {} })));
    buses.push(...opened);
    let now = 1_000_000;
    const [a, b, c] = opened.map((bus) => createRedisPairings({ redis: bus.redis, prefix, clock: () => now, ttlMs: 60_000 }));
    const started = await a!.start('TV 浏览器');
    expect(await c!.poll(started.pairingId, started.secret)).toMatchObject({ status: 'waiting' });
    await expect(c!.poll(started.pairingId, 'wrong')).rejects.toMatchObject({ status: 404 });

    const claims = await Promise.allSettled([b!.reserve(started.code), c!.reserve(started.code)]);
    const won = claims.filter((r) => r.status === 'fulfilled');
    expect(won).toHaveLength(1);
    expect((claims.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason).toMatchObject({ status: 410, code: 'pairing_code_used' });
    const claim = (won[0] as PromiseFulfilledResult<Awaited<ReturnType<ReturnType<typeof createRedisPairings>["reserve"]>>>).value;
    expect(claim.label).toBe('TV 浏览器');
    await claim.commit({ screenId: 'scr1', deviceId: 'dev1', key: 'k' });

    const polls = await Promise.allSettled([c!.poll(started.pairingId, started.secret), a!.poll(started.pairingId, started.secret)]);
    expect(polls.filter((r) => r.status === 'fulfilled').map((r) => (r as PromiseFulfilledResult<unknown>).value)).toEqual([{ status: 'paired', screenId: 'scr1', deviceId: 'dev1', key: 'k' }]);
  });

  it('a released claim can be claimed again; an expired code is refused with 410', async () => {
    const prefix = `hs-test-${randomBytes(4).toString('hex')}:`;
    const bus = await openRedisBus(URL, { prefix, onError: () => {} });
    buses.push(bus);
    let now = 1_000_000;
    const book = createRedisPairings({ redis: bus.redis, prefix, clock: () => now, ttlMs: 60_000 });
    const p = await book.start('x');
    await (await book.reserve(p.code)).release();
    await (await book.reserve(p.code)).release();
    await expect(book.reserve('ZZZZZZ')).rejects.toMatchObject({ status: 404 });
    now += 61_000;
    await expect(book.reserve(p.code)).rejects.toMatchObject({ status: 410, code: 'pairing_code_expired' });
    await expect(book.poll(p.pairingId, p.secret)).rejects.toMatchObject({ status: 410 });
  });
});
