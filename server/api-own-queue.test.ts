/** The hall's own queue over real HTTP and sockets: services, tickets, counter actions, races, restarts. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUEUE_TOKEN, connectScreen, startTestServer, type PlayerClient, type TestServer } from './test-server';

let t: TestServer;
let hall: Awaited<ReturnType<TestServer['makeHall']>>;
const clients: PlayerClient[] = [];
beforeAll(async () => {
  t = await startTestServer();
  hall = await t.makeHall('自助排队厅');
});
afterAll(async () => {
  for (const c of clients) c.close();
  await t.close();
});
const bearer = { bearer: QUEUE_TOKEN };
const service = (body: object, hallId = hall.hall.id) => t.create(`/api/halls/${hallId}/services`, body);
const take = (serviceId: string, auth: object = bearer, hallId = hall.hall.id) => t.request('POST', '/api/queue/tickets', { hallId, serviceId }, auth);
const act = (counter: string, action: string, body?: object, auth: object = bearer, hallId = hall.hall.id) =>
  t.request('POST', `/api/halls/${hallId}/counters/${counter}/${action}`, body ?? {}, auth);

describe('services', () => {
  it('creates, lists, changes and deletes a service; prefixes are the hall\'s own', async () => {
    const s = await service({ name: '临时业务', prefix: 'z', counters: ['9'] });
    expect(s).toMatchObject({ id: expect.any(String), name: '临时业务', prefix: 'Z', counters: ['9'], hallId: hall.hall.id });
    const dup = await t.request('POST', `/api/halls/${hall.hall.id}/services`, { name: '重复', prefix: 'Z' }, { cookie: t.admin });
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe('prefix_taken');
    const patched = await t.request('PATCH', `/api/halls/${hall.hall.id}/services/${s.id}`, { name: '临时业务二' }, { cookie: t.admin });
    expect(patched.body).toMatchObject({ name: '临时业务二', prefix: 'Z' });
    const list = await t.request('GET', `/api/halls/${hall.hall.id}/services`, undefined, bearer);
    expect(list.body.map((x: { id: string }) => x.id)).toContain(s.id);
    expect((await t.request('DELETE', `/api/halls/${hall.hall.id}/services/${s.id}`, undefined, { cookie: t.admin })).status).toBe(204);
  });

  it('refuses bad input and non-admins with a 4xx', async () => {
    const bad = await t.request('POST', `/api/halls/${hall.hall.id}/services`, { name: '', prefix: '12' }, { cookie: t.admin });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toEqual(expect.any(String));
    const op = await t.userCookie('operator');
    expect((await t.request('POST', `/api/halls/${hall.hall.id}/services`, { name: 'x', prefix: 'X' }, { cookie: op })).status).toBe(403);
    expect((await t.request('POST', '/api/halls/nope/services', { name: 'x', prefix: 'X' }, { cookie: t.admin })).status).toBe(404);
  });
});

describe('tickets and counters', () => {
  let a: { id: string };
  let b: { id: string };
  beforeAll(async () => {
    a = await service({ name: '居民业务', prefix: 'A', counters: ['1', '2', '3'] });
    b = await service({ name: '企业业务', prefix: 'B', counters: ['3'] });
  });

  it('numbers carry the prefix and count per prefix; waitingAhead grows', async () => {
    const first = await take(a.id);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ id: expect.any(String), number: 'A001', serviceId: a.id, waitingAhead: 0 });
    expect(first.body.id.length).toBeGreaterThanOrEqual(16);
    expect((await take(a.id)).body).toMatchObject({ number: 'A002', waitingAhead: 1 });
    expect((await take(b.id)).body).toMatchObject({ number: 'B001', waitingAhead: 0 });
    const pub = await t.request('GET', `/api/queue/tickets/${first.body.id}`);
    expect(pub.status).toBe(200);
    expect(pub.body).toMatchObject({ number: 'A001', status: 'waiting', waitingAhead: 0, serviceName: '居民业务' });
    expect(pub.body).not.toHaveProperty('source');
  });

  it('next calls the oldest ticket and announces it like an outside call, on the TV and the strip', async () => {
    const tv = connectScreen(t.port, hall.waiting.playerUrl);
    const strip = connectScreen(t.port, hall.strip3.playerUrl);
    clients.push(tv, strip);
    await tv.take('manifest');
    await strip.take('manifest');
    const r = await act('3', 'next');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ number: 'A001', counter: '3', callId: expect.any(String), screens: 2 });
    const shown = await tv.take('call', (m) => m.call.id === r.body.callId);
    expect(shown.call).toMatchObject({ ticket: 'A001', counter: '3', text: '请 A001 号到 3 号窗口办理', service: '居民业务' });
    await strip.take('call', (m) => m.call.id === r.body.callId);
    const state = await t.request('GET', `/api/halls/${hall.hall.id}/queue-state`, undefined, bearer);
    expect(state.body.counters).toContainEqual(expect.objectContaining({ counter: '3', state: 'serving', ticket: 'A001', callId: r.body.callId }));
    expect(state.body.waiting).toEqual(expect.arrayContaining([expect.objectContaining({ service: '居民业务', count: 1, minutes: expect.any(Number) }), expect.objectContaining({ service: '企业业务', count: 1, minutes: expect.any(Number) })]));
    const pub = await t.request('GET', `/api/queue/tickets/${r.body.ticket.id}`);
    expect(pub.body).toMatchObject({ status: 'called', counter: '3' });
  });

  it('recall announces again under a new id; transfer keeps the number; done frees the counter', async () => {
    const recall = await act('3', 'recall');
    expect(recall.status).toBe(200);
    expect(recall.body.number).toBe('A001');
    const moved = await act('3', 'transfer', { serviceId: b.id });
    expect(moved.status).toBe(200);
    expect(moved.body.ticket).toMatchObject({ number: 'A001', serviceId: b.id, status: 'waiting' });
    // Counter 3 serves A first, then B: A002 waits in A.
    const next = await act('3', 'next');
    expect(next.body.number).toBe('A002');
    expect((await act('3', 'done')).body.ticket).toMatchObject({ number: 'A002', status: 'done' });
    // The transferred A001 kept its place (taken before B001), so it comes first in B.
    expect((await act('3', 'next')).body.number).toBe('A001');
    expect((await act('3', 'skip')).body.ticket).toMatchObject({ number: 'A001', status: 'skipped' });
    expect((await act('3', 'next')).body.number).toBe('B001');
  });

  it('says what to do: empty queue, paused counter, unknown counter, service or action, no ticket', async () => {
    const empty = await act('1', 'next');
    expect(empty.status).toBe(409);
    expect(empty.body.error).toMatchObject({ code: 'queue_empty', message: expect.stringContaining('暂无等候') });
    expect((await act('1', 'pause')).body).toMatchObject({ paused: true });
    await take(a.id);
    const paused = await act('1', 'next');
    expect(paused.status).toBe(409);
    expect(paused.body.error.message).toContain('恢复');
    expect((await act('1', 'resume')).body).toMatchObject({ paused: false });
    expect((await act('1', 'next')).status).toBe(200);
    expect((await act('42', 'next')).status).toBe(404);
    expect((await act('1', 'dance')).status).toBe(404);
    expect((await act('2', 'done')).body.error.code).toBe('no_ticket');
    expect((await act('1', 'transfer', { serviceId: 'svc_nope' })).status).toBe(404);
    expect((await act('1', 'transfer', {})).status).toBe(400);
    expect((await take('svc_nope')).status).toBe(404);
  });

  it('a closed service takes no tickets and says so', async () => {
    const c = await service({ name: '暂停业务', prefix: 'C', counters: ['2'], open: false });
    const r = await take(c.id);
    expect(r.status).toBe(409);
    expect(r.body.error).toMatchObject({ code: 'service_closed', message: expect.stringContaining('停止取号') });
  });

  it('checks who asks: staff and the queue token act; strangers and other halls do not; screens take tickets with their key', async () => {
    expect((await act('1', 'pause', {}, {})).status).toBe(401);
    const other = await t.create('/api/halls', { name: '别的厅' });
    const otherService = await service({ name: '别厅业务', prefix: 'A', counters: ['1'] }, other.id);
    const op = await t.userCookie('operator');
    expect((await take(otherService.id, { cookie: op }, other.id)).body.number).toBe('A001');
    const kiosk = await t.create('/api/screens', { hallId: hall.hall.id, name: '取号机', area: 'guide', kind: 'kiosk' });
    const u = new URL(kiosk.playerUrl);
    const headers = { 'x-screen-id': u.searchParams.get('screen')!, 'x-screen-key': u.searchParams.get('key')! };
    const mine = await t.request('POST', '/api/queue/tickets', { hallId: hall.hall.id, serviceId: a.id }, {}, headers);
    expect(mine.status).toBe(201);
    const theirs = await t.request('POST', '/api/queue/tickets', { hallId: other.id, serviceId: otherService.id }, {}, headers);
    expect(theirs.status).toBe(403);
    const badKey = await t.request('POST', '/api/queue/tickets', { hallId: hall.hall.id, serviceId: a.id }, {}, { ...headers, 'x-screen-key': 'wrong' });
    expect(badKey.status).toBe(401);
    // A screen may take tickets but never call them.
    expect((await t.request('POST', `/api/halls/${hall.hall.id}/counters/1/next`, {}, {}, headers)).status).toBe(401);
  });

  it('20 concurrent next presses never get the same ticket', async () => {
    const d = await service({ name: '并发业务', prefix: 'D', counters: Array.from({ length: 20 }, (_, i) => `d${i}`) });
    for (let i = 0; i < 15; i++) expect((await take(d.id)).status).toBe(201);
    const replies = await Promise.all(Array.from({ length: 20 }, (_, i) => act(`d${i}`, 'next')));
    const called = replies.filter((r) => r.status === 200).map((r) => r.body.number as string);
    expect(called).toHaveLength(15);
    expect(new Set(called).size).toBe(15);
    expect(replies.filter((r) => r.status === 409)).toHaveLength(5);
    for (const r of replies.filter((x) => x.status !== 200)) expect(r.body.error.code).toBe('queue_empty');
  });

  it('takes one 服务评价 per ticket after 办结, from the public page', async () => {
    const r = await service({ name: '评价业务', prefix: 'R', counters: ['r1'] });
    const ticket = (await take(r.id)).body;
    const early = await t.request('POST', `/api/queue/tickets/${ticket.id}/rating`, { rating: 'great' });
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('not_done');
    await act('r1', 'next');
    await act('r1', 'done');
    expect((await t.request('GET', `/api/queue/tickets/${ticket.id}`)).body).toMatchObject({ status: 'done', canRate: true });
    expect((await t.request('POST', `/api/queue/tickets/${ticket.id}/rating`, { rating: 'meh' })).status).toBe(400);
    const rated = await t.request('POST', `/api/queue/tickets/${ticket.id}/rating`, { rating: 'great' });
    expect(rated.status).toBe(200);
    expect(rated.body).toMatchObject({ rating: 'great' });
    expect(rated.body.canRate).toBeUndefined();
    expect((await t.request('POST', `/api/queue/tickets/${ticket.id}/rating`, { rating: 'bad' })).body.error.code).toBe('already_rated');
    const report = await t.request('GET', `/api/reports/queue?hallId=${hall.hall.id}`, undefined, { cookie: t.admin });
    expect(report.body.counters.find((c: { counter: string }) => c.counter === 'R1').ratings).toEqual({ great: 1, good: 0, bad: 0 });
  });

  it('reports per service and counter', async () => {
    const r = await t.request('GET', `/api/reports/queue?hallId=${hall.hall.id}`, undefined, { cookie: t.admin });
    expect(r.status).toBe(200);
    const resident = r.body.services.find((s: { serviceId: string }) => s.serviceId === a.id);
    expect(resident).toMatchObject({ tickets: 4, transferred: 1 });
    const business = r.body.services.find((s: { serviceId: string }) => s.serviceId === b.id);
    expect(business).toMatchObject({ skipped: 1 });
    expect(r.body.counters.find((c: { counter: string }) => c.counter === '3')).toMatchObject({ served: 1, skipped: 1, transferred: 1 });
    expect(r.body.totals.waitMinutes.count).toBeGreaterThan(0);
    const csv = await t.request('GET', `/api/reports/queue.csv?hallId=${hall.hall.id}`, undefined, { cookie: t.admin });
    expect(csv.status).toBe(200);
    expect(csv.body).toContain('居民业务');
    expect((await t.request('GET', '/api/reports/queue?from=2026-13-01', undefined, { cookie: t.admin })).status).toBe(400);
    expect((await t.request('GET', '/api/reports/queue')).status).toBe(401);
  });
});

describe('restarts', () => {
  it('numbers never repeat within the day after a restart', async () => {
    const first = await startTestServer();
    const h = await first.create('/api/halls', { name: '重启厅' });
    const s = await first.create(`/api/halls/${h.id}/services`, { name: '居民业务', prefix: 'A', counters: ['1'] });
    for (const n of ['A001', 'A002']) expect((await first.request('POST', '/api/queue/tickets', { hallId: h.id, serviceId: s.id }, bearer)).body.number).toBe(n);
    await first.close({ keepDir: true });
    const again = await startTestServer({ dir: first.dir, removeDir: true });
    try {
      expect((await again.request('POST', '/api/queue/tickets', { hallId: h.id, serviceId: s.id }, bearer)).body.number).toBe('A003');
      expect((await again.request('POST', `/api/halls/${h.id}/counters/1/next`, {}, bearer)).body.number).toBe('A001');
    } finally {
      await again.close();
    }
  });
});
