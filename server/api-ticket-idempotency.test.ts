/** Taking a ticket is idempotent per key: a kiosk that retries after a timeout prints one ticket, also across a restart. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUEUE_TOKEN, startTestServer, type TestServer } from './test-server';

let t: TestServer;
let hallId: string;
let a: { id: string };
let b: { id: string };
const bearer = { bearer: QUEUE_TOKEN };
beforeAll(async () => {
  t = await startTestServer();
  hallId = (await t.create('/api/halls', { name: '幂等取号厅' })).id;
  a = await t.create(`/api/halls/${hallId}/services`, { name: '居民业务', prefix: 'A', counters: ['1'] });
  b = await t.create(`/api/halls/${hallId}/services`, { name: '企业业务', prefix: 'B', counters: ['2'] });
});
afterAll(() => t.close());

const take = (serviceId: string, key?: string, body: object = {}, server: TestServer = t) =>
  server.request('POST', '/api/queue/tickets', { hallId, serviceId, ...body }, bearer, key === undefined ? {} : { 'idempotency-key': key });

describe('POST /api/queue/tickets with an idempotency key', () => {
  it('two concurrent posts with the same key make one ticket; the repeat answers 200 with the same ticket', async () => {
    const [x, y] = await Promise.all([take(a.id, 'kiosk-tap-0001'), take(a.id, 'kiosk-tap-0001')]);
    expect([x.status, y.status].sort()).toEqual([200, 201]);
    expect(x.body.id).toBe(y.body.id);
    expect(x.body.number).toBe(y.body.number);
    expect(x.body).toEqual(y.body);
    const replay = x.status === 200 ? x : y;
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    const state = await t.request('GET', `/api/halls/${hallId}/queue-state`, undefined, bearer);
    expect(state.body.waiting).toContainEqual(expect.objectContaining({ service: '居民业务', count: 1 }));
  });

  it('different keys, or no key, make different tickets', async () => {
    const [x, y] = await Promise.all([take(a.id, 'kiosk-tap-0002'), take(a.id, 'kiosk-tap-0003')]);
    expect(x.status).toBe(201);
    expect(y.status).toBe(201);
    expect(x.body.id).not.toBe(y.body.id);
    expect(new Set([x.body.number, y.body.number])).toEqual(new Set(['A002', 'A003']));
    const [p, q] = await Promise.all([take(a.id), take(a.id)]);
    expect(p.body.id).not.toBe(q.body.id);
  });

  it('takes the key from the body as requestId too, and the two forms are the same key', async () => {
    const first = await take(b.id, undefined, { requestId: 'body-key-0001' });
    expect(first.status).toBe(201);
    const again = await take(b.id, 'body-key-0001');
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);
  });

  it('refuses a key reused for another service, a bad key, and a header that disagrees with the body', async () => {
    const first = await take(a.id, 'kiosk-tap-0004');
    const other = await take(b.id, 'kiosk-tap-0004');
    expect(other.status).toBe(409);
    expect(other.body.error.code).toBe('idempotency_key_reused');
    expect(other.body.error.message).toMatch(/幂等键/);
    const short = await take(a.id, 'abc');
    expect(short.status).toBe(400);
    expect(short.body.error.code).toBe('bad_idempotency_key');
    const mismatch = await take(a.id, 'kiosk-tap-0005', { requestId: 'kiosk-tap-0006' });
    expect(mismatch.status).toBe(400);
    expect(mismatch.body.error.code).toBe('idempotency_key_mismatch');
    expect((await take(a.id, 'kiosk-tap-0004')).body.id).toBe(first.body.id);
  });

  it('a transferred ticket is still found by its key (taken for its first service)', async () => {
    const first = await take(a.id, 'kiosk-tap-0007');
    // Call everything ahead at counter 1 until this ticket is at the counter, then move it to B.
    for (;;) {
      const r = await t.request('POST', `/api/halls/${hallId}/counters/1/next`, {}, bearer);
      expect(r.status).toBe(200);
      if (r.body.number === first.body.number) break;
    }
    expect((await t.request('POST', `/api/halls/${hallId}/counters/1/transfer`, { serviceId: b.id }, bearer)).status).toBe(200);
    const again = await take(a.id, 'kiosk-tap-0007');
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ id: first.body.id, number: first.body.number, serviceId: b.id });
  });
});

describe('restarts', () => {
  it('remembers a key across a restart', async () => {
    const first = await startTestServer();
    const h = await first.create('/api/halls', { name: '重启幂等厅' });
    const s = await first.create(`/api/halls/${h.id}/services`, { name: '居民业务', prefix: 'A', counters: ['1'] });
    const post = (server: TestServer) => server.request('POST', '/api/queue/tickets', { hallId: h.id, serviceId: s.id }, bearer, { 'idempotency-key': 'restart-key-01' });
    const before = await post(first);
    expect(before.status).toBe(201);
    await first.close({ keepDir: true });
    const again = await startTestServer({ dir: first.dir, removeDir: true });
    try {
      const after = await post(again);
      expect(after.status).toBe(200);
      expect(after.body).toMatchObject({ id: before.body.id, number: 'A001' });
      expect((await again.request('POST', '/api/queue/tickets', { hallId: h.id, serviceId: s.id }, bearer)).body.number).toBe('A002');
    } finally {
      await again.close();
    }
  });
});
