/**
 * Two app instances whose throttles count in the same Redis (REDIS_TEST_URL, a random prefix): each limit
 * is granted once for the pair, not once per instance, with the embedded messages.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_FAILURES_PER_IP } from '../auth/login-throttle';
import { sha256Hex } from '../auth/secrets';
import { openRedisBus, type RedisBus } from '../bus-redis';
import { KEY_FAILURES_PER_MINUTE } from '../routes/screenshots';
import { startTestServer, type TestServer } from '../test-server';
import { redisRateLimits } from './redis-rate-limit';

const URL = process.env.REDIS_TEST_URL ?? 'redis://127.0.0.1:6379';
const TOKEN = 'tok-shared-throttle';
let buses: RedisBus[] = [];
let a: TestServer;
let b: TestServer;

beforeAll(async () => {
  const prefix = `hs-test-${randomBytes(4).toString('hex')}:`;
  buses = [await openRedisBus(URL, { prefix, onError: () => {} }), await openRedisBus(URL, { prefix, onError: () => {} })];
  const queueRate = { perSecond: 0.001, burst: 3 };
  const start = (bus: RedisBus) => startTestServer({ queueRate, cluster: { rateLimits: redisRateLimits(bus.redis, prefix) } });
  [a, b] = await Promise.all([start(buses[0]!), start(buses[1]!)]);
  // One installation: the same token (same id) on both instances, as a shared store would have it.
  for (const t of [a, b])
    await t.store.transact((tx) => tx.insert('tokens', { id: 'tok-shared', name: TOKEN, tokenHash: sha256Hex(TOKEN), scopes: ['queue:write'], hallIds: [], createdAt: new Date().toISOString() }));
});
afterAll(async () => {
  await Promise.all([a?.close(), b?.close()]);
  await Promise.all(buses.map((bus) => bus.close().catch(() => {})));
});

/** Sends `n` requests alternately to the two instances; the statuses in order. */
const alternate = async (n: number, send: (t: TestServer, i: number) => Promise<{ status: number }>): Promise<number[]> => {
  const statuses: number[] = [];
  for (let i = 0; i < n; i++) statuses.push((await send(i % 2 ? b : a, i)).status);
  return statuses;
};

describe('throttles shared by two instances', () => {
  it('queue writes: one bucket per sender for both instances, 429 with Retry-After', async () => {
    const statuses = await alternate(3, (t) => t.request('POST', '/api/queue/calls', {}, { bearer: TOKEN }));
    expect(statuses).not.toContain(429);
    const refused = await b.request('POST', '/api/queue/events', {}, { bearer: TOKEN });
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe('rate_limited');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  });

  it('public ticket look-ups: 120 a minute per address across both instances', async () => {
    const statuses = await alternate(121, (t) => t.request('GET', '/api/queue/tickets/tkt-none'));
    expect(statuses.slice(0, 120).every((s) => s === 404)).toBe(true);
    expect(statuses[120]).toBe(429);
    expect((await a.request('GET', '/api/queue/tickets/tkt-none')).body.error).toEqual({ code: 'too_many_lookups', message: '查询过于频繁，请稍后再试' });
  });

  it('device-key failures on screenshot uploads: counted for the address on both instances', async () => {
    const statuses = await alternate(KEY_FAILURES_PER_MINUTE + 1, (t) => t.request('POST', '/api/player/screenshot', undefined, {}, { 'x-screen-id': 'scr-none', 'x-screen-key': 'wrong' }));
    expect(statuses.slice(0, KEY_FAILURES_PER_MINUTE).every((s) => s === 401)).toBe(true);
    expect(statuses[KEY_FAILURES_PER_MINUTE]).toBe(429);
    expect((await a.request('POST', '/api/player/screenshot')).body.error.code).toBe('too_many_key_failures');
  });

  it('login failures: the address is refused after MAX_FAILURES_PER_IP on the two instances together', async () => {
    const statuses = await alternate(MAX_FAILURES_PER_IP, (t, i) => t.request('POST', '/api/auth/login', { username: `nobody${i}`, password: 'wrong-password' }));
    expect(statuses.every((s) => s === 401)).toBe(true);
    const refused = await b.request('POST', '/api/auth/login', { username: 'admin', password: 'wrong-password' });
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe('too_many_attempts');
  }, 30_000);
});
