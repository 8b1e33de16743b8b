/**
 * A call whose group commit fails: the screens already got it (the bus goes before the write), the
 * caller gets an error and retries with the same key. The retry must reach the screens under the
 * same call id, so a screen that already showed (and spoke) it takes the retry as a repeat instead of
 * announcing the ticket a second time; and the retry is then stored.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRedisBus, type RedisBus } from './bus-redis';
import { redisCallClaims } from './cluster/call-claims';
import { LIVE_JOURNAL } from './store/lowdb-store';
import { QUEUE_TOKEN, connectScreen, startTestServer, type PlayerClient, type TestServer } from './test-server';

describe('a call whose write fails', () => {
  let t: TestServer;
  let tv: PlayerClient;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(async () => {
    tv?.close();
    await t.close();
  });

  it('is retried under the same call id, so screens do not announce it twice', async () => {
    const h = await t.makeHall('写盘失败厅');
    tv = connectScreen(t.port, h.waiting.playerUrl);
    await tv.take('manifest');
    const live = path.join(t.dir, LIVE_JOURNAL);
    // The live journal becomes a directory: the store's append to it fails (EISDIR), even as root.
    fs.rmSync(live, { force: true });
    fs.mkdirSync(live);
    const body = { ticket: 'W301', counter: '7', hallId: h.hall.id, id: 'retry-after-fail-1' };
    const first = await t.request('POST', '/api/queue/calls', body, { bearer: QUEUE_TOKEN });
    expect(first.status).toBeGreaterThanOrEqual(500);
    const shown = (await tv.take('call', (m) => m.call.ticket === 'W301')).call;
    fs.rmdirSync(live);
    const retry = await t.request('POST', '/api/queue/calls', body, { bearer: QUEUE_TOKEN });
    expect(retry.status).toBe(202);
    expect(retry.body.duplicate).toBe(false);
    expect(retry.body.id).toBe(shown.id);
    const again = await tv.take('call', (m) => m.call.ticket === 'W301' && m.call.createdAt !== shown.createdAt);
    expect(again.call.id).toBe(shown.id);
    const listed = (await t.request('GET', '/api/queue/calls', undefined, { cookie: t.admin })).body as { id: string }[];
    expect(listed.filter((c) => c.id === shown.id)).toHaveLength(1);
  });

  it('answers a repeat that arrives while the first write is in flight only once that write is done, failing with it', async () => {
    const h = await t.makeHall('并发重试厅');
    const live = path.join(t.dir, LIVE_JOURNAL);
    fs.rmSync(live, { force: true });
    fs.mkdirSync(live);
    const body = { ticket: 'W401', counter: '2', hallId: h.hall.id, id: 'retry-in-flight-1' };
    const [first, repeat] = await Promise.all([
      t.request('POST', '/api/queue/calls', body, { bearer: QUEUE_TOKEN }),
      t.request('POST', '/api/queue/calls', body, { bearer: QUEUE_TOKEN }),
    ]);
    fs.rmdirSync(live);
    expect(first.status).toBeGreaterThanOrEqual(500);
    // A 202 here would tell the queue system the call is stored while its only write failed.
    expect(repeat.status).toBeGreaterThanOrEqual(500);
    const retry = await t.request('POST', '/api/queue/calls', body, { bearer: QUEUE_TOKEN });
    expect(retry.status).toBe(202);
    expect(retry.body.duplicate).toBe(false);
    const listed = (await t.request('GET', '/api/queue/calls', undefined, { cookie: t.admin })).body as { id: string }[];
    expect(listed.filter((c) => c.id === retry.body.id)).toHaveLength(1);
  });

  it('answers a repeated queue event whose first write is in flight only once that write is done, failing with it', async () => {
    const h = await t.makeHall('事件重试厅');
    const evTv = connectScreen(t.port, h.waiting.playerUrl);
    await evTv.take('manifest');
    const live = path.join(t.dir, LIVE_JOURNAL);
    fs.rmSync(live, { force: true });
    fs.mkdirSync(live);
    const ev = { type: 'ticket.called', eventId: 'ev-in-flight-1', hallId: h.hall.id, occurredAt: new Date().toISOString(), ticket: 'W501', counter: '3' };
    const [first, repeat] = await Promise.all([
      t.request('POST', '/api/queue/events', ev, { bearer: QUEUE_TOKEN }),
      t.request('POST', '/api/queue/events', ev, { bearer: QUEUE_TOKEN }),
    ]);
    fs.rmdirSync(live);
    expect(first.status).toBeGreaterThanOrEqual(500);
    expect(repeat.status).toBeGreaterThanOrEqual(500);
    const retry = await t.request('POST', '/api/queue/events', ev, { bearer: QUEUE_TOKEN });
    expect(retry.status).toBe(202);
    expect(retry.body.applied).toBe(true);
    // The screens showed the failed first try: the retry's call is the same call to them.
    const shown = (await evTv.take('call', (m) => m.call.ticket === 'W501')).call;
    expect(retry.body.call.id).toBe(shown.id);
    evTv.close();
  });
});

describe('a call whose write fails, in a cluster (real Redis claims)', () => {
  let t: TestServer;
  let redis: RedisBus;
  beforeAll(async () => {
    const prefix = `hs-test-${randomBytes(4).toString('hex')}:`;
    redis = await openRedisBus(process.env.REDIS_TEST_URL ?? 'redis://127.0.0.1:6379', { prefix, onError: () => {} });
    t = await startTestServer({ cluster: { callClaims: redisCallClaims(redis.redis, prefix) } });
  });
  afterAll(async () => {
    await t.close();
    await redis.close();
  });

  it('gives its cluster-wide claim back, so the retry is stored instead of answered "duplicate"', async () => {
    const h = await t.makeHall('集群写盘失败厅');
    const live = path.join(t.dir, LIVE_JOURNAL);
    fs.rmSync(live, { force: true });
    fs.mkdirSync(live);
    const body = { ticket: 'W601', counter: '4', hallId: h.hall.id, id: 'cluster-retry-after-fail-1' };
    const first = await t.request('POST', '/api/queue/calls', body, { bearer: QUEUE_TOKEN });
    expect(first.status).toBeGreaterThanOrEqual(500);
    fs.rmdirSync(live);
    const retry = await t.request('POST', '/api/queue/calls', body, { bearer: QUEUE_TOKEN });
    expect(retry.status).toBe(202);
    expect(retry.body.duplicate).toBe(false);
    const listed = (await t.request('GET', '/api/queue/calls', undefined, { cookie: t.admin })).body as { id: string; ticket: string }[];
    expect(listed.filter((c) => c.ticket === 'W601')).toHaveLength(1);
  });
});
