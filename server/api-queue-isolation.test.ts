/**
 * Attacks from outside on the queue intake (issue 13): call ids (idempotency) and acks are per hall
 * and per sender, so another hall's token can neither swallow a hall's call as a "duplicate" nor
 * flood the window so a real retry is announced twice; queue writes are rate-limited per sender.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACK_ITEMS } from './queue/acks';
import { addQueueToken, connectScreen, startTestServer, type PlayerClient, type TestServer } from './test-server';

const clients: PlayerClient[] = [];
afterAll(() => {
  for (const c of clients) c.close();
});
const connect = async (t: TestServer, playerUrl: string): Promise<PlayerClient> => {
  const c = connectScreen(t.port, playerUrl);
  clients.push(c);
  await c.take('manifest');
  return c;
};

describe('call ids and acks are per hall and per sender', () => {
  let t: TestServer;
  let a: Awaited<ReturnType<TestServer['makeHall']>>;
  let b: Awaited<ReturnType<TestServer['makeHall']>>;
  beforeAll(async () => {
    // The flood needs more calls than the default rate limit lets through; the limit has its own test.
    t = await startTestServer({ queueRate: { perSecond: 100_000, burst: 100_000 } });
    a = await t.makeHall('甲营业厅');
    b = await t.makeHall('乙营业厅');
    await addQueueToken(t, 'tok-hall-a', [a.hall.id]);
    await addQueueToken(t, 'tok-hall-b', [b.hall.id]);
  });
  afterAll(() => t.close());
  const callA = (body: object) => t.request('POST', '/api/queue/calls', { hallId: a.hall.id, ...body }, { bearer: 'tok-hall-a' });
  const callB = (body: object) => t.request('POST', '/api/queue/calls', { hallId: b.hall.id, ...body }, { bearer: 'tok-hall-b' });
  const floodB = async (n: number, tag: string): Promise<void> => {
    for (let i = 0; i < n; i += 50)
      await Promise.all(Array.from({ length: Math.min(50, n - i) }, (_, j) => callB({ ticket: `Z${i + j}`, counter: '5', id: `${tag}-${i + j}` })));
  };

  it("a token of hall B cannot make hall A's call look like a duplicate", async () => {
    const tv = await connect(t, a.waiting.playerUrl);
    const squat = await callB({ ticket: 'X001', counter: '3', id: 'shared-key-1' });
    expect(squat.body).toMatchObject({ id: 'shared-key-1', duplicate: false });
    const real = await callA({ ticket: 'A023', counter: '3', id: 'shared-key-1' });
    expect(real.status).toBe(202);
    expect(real.body.duplicate).toBe(false);
    expect(real.body.screens).toBe(2);
    const shown = await tv.take('call', (m) => m.call.id === real.body.id);
    expect(shown.call).toMatchObject({ ticket: 'A023', hallId: a.hall.id });
    // Its own retry is a repeat, answered with the same call.
    const retry = await callA({ ticket: 'A023', counter: '3', id: 'shared-key-1' });
    expect(retry.body).toEqual({ id: real.body.id, screens: 2, duplicate: true });
    const board = await t.request('GET', `/api/halls/${a.hall.id}/queue-state`, undefined, { cookie: t.admin });
    expect(board.body.counters.find((c: { counter: string }) => c.counter === '3').ticket).toBe('A023');
  });

  it(`a flood of more than ${ACK_ITEMS.call} calls in hall B leaves hall A's window and acks alone`, async () => {
    const tv = await connect(t, a.waiting.playerUrl);
    const first = await callA({ ticket: 'A100', counter: '3', id: 'retry-me' });
    const frame = await tv.take('call', (m) => m.call.id === first.body.id);
    tv.send({ type: 'ack', kind: 'call', id: frame.call.id, shownAt: Date.now() });
    await tv.sync();
    await floodB(ACK_ITEMS.call + 20, 'flood');
    const retry = await callA({ ticket: 'A100', counter: '3', id: 'retry-me' });
    expect(retry.body).toMatchObject({ id: first.body.id, duplicate: true });
    await tv.sync();
    expect(tv.messages.filter((m) => m.type === 'call' && m.call.ticket === 'A100')).toHaveLength(1);
    const acks = await t.request('GET', `/api/queue/calls/${first.body.id}/acks`, undefined, { cookie: t.admin });
    expect(acks.status).toBe(200);
    expect(acks.body.targeted).toBe(2);
    expect(acks.body.acks.map((x: { screenId: string }) => x.screenId)).toEqual([a.waiting.id]);
  });

  it('the same key from another sender in the same hall is its own call', async () => {
    const operator = await t.userCookie('operator');
    const staff = await t.request('POST', '/api/queue/calls', { ticket: 'A200', counter: '3', hallId: a.hall.id, id: 'same-key' }, { cookie: operator });
    const system = await callA({ ticket: 'A201', counter: '3', id: 'same-key' });
    expect(staff.body.duplicate).toBe(false);
    expect(system.body.duplicate).toBe(false);
    expect(system.body.id).not.toBe(staff.body.id);
  });

  it('a hall B token cannot ack hall A calls', async () => {
    const intruder = await connect(t, b.waiting.playerUrl);
    const r = await callA({ ticket: 'A300', counter: '3', id: 'no-foreign-acks' });
    intruder.send({ type: 'ack', kind: 'call', id: r.body.id, shownAt: Date.now() });
    await intruder.sync();
    const acks = await t.request('GET', `/api/queue/calls/${r.body.id}/acks`, undefined, { cookie: t.admin });
    expect(acks.body.acks).toEqual([]);
  });

  it('repeats survive a restart per hall', async () => {
    const dir = t.dir;
    const r = await callA({ ticket: 'A400', counter: '3', id: 'restart-key' });
    await t.close({ keepDir: true });
    t = await startTestServer({ dir, removeDir: true, queueRate: { perSecond: 100_000, burst: 100_000 } });
    const again = await callA({ ticket: 'A400', counter: '3', id: 'restart-key' });
    expect(again.body).toEqual({ id: r.body.id, screens: 2, duplicate: true });
    const otherHall = await callB({ ticket: 'B400', counter: '3', id: 'restart-key' });
    expect(otherHall.body.duplicate).toBe(false);
  });

  it('a retry after 60 other calls of a busy hall is a repeat, before and after a restart', async () => {
    const tv = await connect(t, a.waiting.playerUrl);
    const first = await callA({ ticket: 'A500', counter: '3', id: 'busy-first' });
    expect(first.body.duplicate).toBe(false);
    for (let i = 0; i < 60; i += 20) await Promise.all(Array.from({ length: 20 }, (_, j) => callA({ ticket: `A${501 + i + j}`, counter: String(1 + ((i + j) % 9)), id: `busy-${i + j}` })));
    const retry = await callA({ ticket: 'A500', counter: '3', id: 'busy-first' });
    expect(retry.body).toEqual({ id: first.body.id, screens: first.body.screens, duplicate: true });
    await tv.sync();
    expect(tv.messages.filter((m) => m.type === 'call' && m.call.ticket === 'A500')).toHaveLength(1);
    const dir = t.dir;
    await t.close({ keepDir: true });
    t = await startTestServer({ dir, removeDir: true, queueRate: { perSecond: 100_000, burst: 100_000 } });
    const afterRestart = await callA({ ticket: 'A500', counter: '3', id: 'busy-first' });
    expect(afterRestart.body).toEqual({ id: first.body.id, screens: first.body.screens, duplicate: true });
    expect((await callA({ ticket: 'A530', counter: '4', id: 'busy-30' })).body.duplicate).toBe(true);
  });
});

describe('queue writes are rate-limited per sender', () => {
  let t: TestServer;
  let h: Awaited<ReturnType<TestServer['makeHall']>>;
  beforeAll(async () => {
    // A bucket of 5 that refills once in 100 s: the 6th request inside this test is always over.
    t = await startTestServer({ queueRate: { perSecond: 0.01, burst: 5 } });
    h = await t.makeHall('限流厅');
    await addQueueToken(t, 'tok-flood', [h.hall.id]);
    await addQueueToken(t, 'tok-calm', [h.hall.id]);
  });
  afterAll(() => t.close());

  it('answers 429 with Retry-After and a Chinese message once the bucket is empty; other senders go on', async () => {
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => t.request('POST', '/api/queue/calls', { ticket: `R${i}`, counter: '3', id: `rl-${i}` }, { bearer: 'tok-flood' })));
    expect(results.filter((r) => r.status === 202)).toHaveLength(5);
    const refused = results.filter((r) => r.status === 429);
    expect(refused).toHaveLength(3);
    expect(refused[0]!.body.error.code).toBe('rate_limited');
    expect(refused[0]!.body.error.message).toMatch(/频繁.*秒后重试/);
    expect(Number(refused[0]!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    // Events share the sender's bucket.
    const ev = await t.request('POST', '/api/queue/events', { type: 'counter.paused', eventId: 'rl-ev', hallId: h.hall.id, occurredAt: new Date().toISOString(), counter: '3' }, { bearer: 'tok-flood' });
    expect(ev.status).toBe(429);
    expect((await t.request('POST', '/api/queue/calls', { ticket: 'C1', counter: '3' }, { bearer: 'tok-calm' })).status).toBe(202);
  });
});
