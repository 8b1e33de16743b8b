/**
 * The Redis bus and call claims against the machine's real Redis (127.0.0.1:6379, REDIS_TEST_URL),
 * each run on its own random channel and key prefix.
 */
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { BusEvent } from './bus';
import { openRedisBus, type RedisBus } from './bus-redis';
import { redisCallClaims } from './cluster/call-claims';

const URL = process.env.REDIS_TEST_URL ?? 'redis://127.0.0.1:6379';
const buses: RedisBus[] = [];
afterEach(async () => {
  await Promise.all(buses.splice(0).map((b) => b.close()));
});
const open = async (prefix: string, opts: Parameters<typeof openRedisBus>[1] = {}): Promise<RedisBus> => {
  const b = await openRedisBus(URL, { prefix, onError: () => {}, ...opts });
  buses.push(b);
  return b;
};
const until = async (check: () => boolean, ms = 5000): Promise<void> => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
};
const call = (id: string): BusEvent => ({ type: 'call', call: { id, ticket: 'A1', counter: '1', text: 't', createdAt: '', expiresAt: '' }, screenIds: ['s1'] });

describe('redis bus', () => {
  it('delivers to local listeners at once and to the other instance once, in order; not back to the sender', async () => {
    const prefix = `hs-test-${randomBytes(4).toString('hex')}:`;
    const a = await open(prefix);
    const b = await open(prefix);
    const gotA: string[] = [];
    const gotB: string[] = [];
    a.subscribe((e) => e.type === 'call' && gotA.push(e.call.id));
    b.subscribe((e) => e.type === 'call' && gotB.push(e.call.id));
    for (let i = 0; i < 50; i++) a.publish(call(`c${i}`));
    expect(gotA).toHaveLength(50);
    await until(() => gotB.length === 50);
    expect(gotB).toEqual(gotA);
    await new Promise((r) => setTimeout(r, 100));
    expect(gotA).toHaveLength(50);
  });

  it('a remote `changed` waits for the store catch-up; another prefix hears nothing', async () => {
    const prefix = `hs-test-${randomBytes(4).toString('hex')}:`;
    let synced = 0;
    const a = await open(prefix);
    const b = await open(prefix, { beforeChanged: async () => void (await new Promise((r) => setTimeout(r, 30)), synced++) });
    const other = await open(`${prefix}other:`);
    const seenAtDelivery: number[] = [];
    let strangers = 0;
    b.subscribe((e) => e.type === 'changed' && seenAtDelivery.push(synced));
    other.subscribe(() => strangers++);
    a.publish({ type: 'changed', collection: 'slides' });
    await until(() => seenAtDelivery.length === 1);
    expect(seenAtDelivery).toEqual([1]);
    expect(strangers).toBe(0);
  });

  it('a subscriber whose connection drops resubscribes and asks for a resync', async () => {
    const prefix = `hs-test-${randomBytes(4).toString('hex')}:`;
    let resyncs = 0;
    const a = await open(prefix);
    const b = await open(prefix, { onResync: () => resyncs++ });
    const got: string[] = [];
    b.subscribe((e) => e.type === 'call' && got.push(e.call.id));
    // Kill b's subscriber connection from the server side, as a Redis restart would.
    const clients = await a.redis.sendCommand(['CLIENT', 'LIST', 'TYPE', 'pubsub']);
    const ids = String(clients).split('\n').filter((l) => l.includes(`${prefix}bus`) || l.includes('sub=1')).map((l) => /id=(\d+)/.exec(l)?.[1]).filter(Boolean) as string[];
    for (const id of ids) await a.redis.sendCommand(['CLIENT', 'KILL', 'ID', id]);
    await until(() => resyncs >= 1 && b.ready());
    await until(() => {
      a.publish(call(`after-${got.length}`));
      return got.length > 0;
    });
    expect(got[0]).toMatch(/^after-/);
  });
});

describe('call claims', () => {
  it('of two instances claiming one id at once exactly one wins; the others learn its screen count once it is stored', async () => {
    const prefix = `hs-test-${randomBytes(4).toString('hex')}:`;
    const a = await open(prefix);
    const b = await open(prefix);
    const claimA = redisCallClaims(a.redis, prefix);
    const claimB = redisCallClaims(b.redis, prefix);
    const settled: (number | undefined)[] = [];
    const all = Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? claimA : claimB).claim('h1', 'same-id', i).then((r) => (settled[i] = r))));
    // The winner is known at once; the repeats wait on its pending claim until it is stored.
    await until(() => settled.some((r) => r === undefined));
    const winner = settled.findIndex((r) => r === undefined);
    expect(settled.filter((r) => r !== undefined)).toEqual([]);
    await (winner % 2 ? claimA : claimB).confirm('h1', 'same-id', winner);
    const results = await all;
    expect(results.filter((r) => r === undefined)).toHaveLength(1);
    expect(new Set(results.filter((r) => r !== undefined))).toEqual(new Set([winner]));
    expect(await claimA.claim('h2', 'same-id', 3)).toBeUndefined();
    // Given back (its call could not be stored): the next claim of the id, on any instance, wins again.
    await claimA.release('h2', 'same-id');
    expect(await claimB.claim('h2', 'same-id', 4)).toBeUndefined();
    await claimB.confirm('h2', 'same-id', 4);
    expect(await claimA.claim('h2', 'same-id', 5)).toBe(4);
  });

  it('a claim whose instance died before storing the call runs out: the retry elsewhere is taken, not a "duplicate"', async () => {
    const prefix = `hs-test-${randomBytes(4).toString('hex')}:`;
    const a = await open(prefix);
    const b = await open(prefix);
    const pendingTtl = 300;
    const claimA = redisCallClaims(a.redis, prefix, undefined, pendingTtl);
    const claimB = redisCallClaims(b.redis, prefix, undefined, pendingTtl);
    expect(await claimA.claim('h1', 'killed', 2)).toBeUndefined();
    // Instance A is killed -9 here: no confirm, no release. The queue system retries on B.
    const started = Date.now();
    expect(await claimB.claim('h1', 'killed', 2)).toBeUndefined();
    expect(Date.now() - started).toBeGreaterThanOrEqual(pendingTtl - 50);
    await claimB.confirm('h1', 'killed', 2);
    // Stored by B: from now on a repeat is a duplicate, long after the pending TTL.
    await new Promise((r) => setTimeout(r, pendingTtl + 100));
    expect(await claimA.claim('h1', 'killed', 9)).toBe(2);
  });
});
