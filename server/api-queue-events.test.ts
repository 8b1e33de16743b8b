/**
 * `POST /api/queue/events` and `GET /api/halls/:id/queue-state`: auth and scopes, hall isolation,
 * idempotency, out-of-order seq, queue state pushed to the hall's screens, persistence, bounds.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { QueueState } from '../content/queue';
import { sha256Hex } from './auth/secrets';
import { newId } from './ids';
import { EVENT_WINDOW_MS } from './queue/hall-queues';
import { QUEUE_STATE_PUSH_MS } from './ws/player-hub';
import { QUEUE_TOKEN, connectScreen, startTestServer, type PlayerClient, type TestServer } from './test-server';

let t: TestServer;
let hall: Awaited<ReturnType<TestServer['makeHall']>>;
let other: Awaited<ReturnType<TestServer['makeHall']>>;
const OTHER_TOKEN = 'tok-other-hall';
const clients: PlayerClient[] = [];
beforeAll(async () => {
  // The flood below sends hundreds of events from one token: above the default rate limit on purpose.
  t = await startTestServer({ queueRate: { perSecond: 10_000, burst: 10_000 } });
  hall = await t.makeHall('事件测试厅');
  other = await t.makeHall('隔壁营业厅');
  await t.store.transact((tx) => {
    tx.insert('tokens', { id: newId('tok'), name: 'other-hall', tokenHash: sha256Hex(OTHER_TOKEN), scopes: ['queue:write'], hallIds: [other.hall.id], createdAt: new Date().toISOString() });
    tx.insert('tokens', { id: newId('tok'), name: 'no-scope', tokenHash: sha256Hex('tok-no-scope'), scopes: [], hallIds: [], createdAt: new Date().toISOString() });
  });
});
afterAll(async () => {
  for (const c of clients) c.close();
  await t.close();
});

const connect = async (playerUrl: string): Promise<PlayerClient> => {
  const c = connectScreen(t.port, playerUrl);
  clients.push(c);
  await c.take('manifest');
  return c;
};
let seqNo = 0;
const event = (type: string, fields: object, hallId = hall.hall.id) => ({ type, eventId: `ev-${++seqNo}-${Date.now()}`, hallId, occurredAt: new Date().toISOString(), ...fields });
const post = (body: object, auth: { bearer?: string; cookie?: string } = { bearer: QUEUE_TOKEN }) => t.request('POST', '/api/queue/events', body, auth);
const queueState = async (hallId = hall.hall.id): Promise<QueueState> => {
  const r = await t.request('GET', `/api/halls/${hallId}/queue-state`, undefined, { cookie: t.admin });
  expect(r.status).toBe(200);
  return QueueState.parse(r.body);
};
const logLines = (name: string): any[] =>
  fs
    .readdirSync(path.join(t.dir, 'logs'))
    .filter((f) => f.startsWith(`${name}-`))
    .flatMap((f) => fs.readFileSync(path.join(t.dir, 'logs', f), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l)));

describe('auth, scopes and hall isolation', () => {
  it.each([
    ['no credentials', {}, 401],
    ['a wrong token', { bearer: 'tok-wrong' }, 401],
    ['a token without queue:write', { bearer: 'tok-no-scope' }, 403],
    ['a token tied to another hall', { bearer: OTHER_TOKEN }, 403],
  ])('refuses %s with %i', async (_name, auth, status) => {
    const r = await post(event('counter.paused', { counter: '9' }), auth);
    expect(r.status).toBe(status);
    expect(r.body.error).toEqual({ code: expect.any(String), message: expect.any(String) });
  });

  it('refuses an editor session; takes an operator session and an admin session', async () => {
    expect((await post(event('counter.resumed', { counter: '9' }), { cookie: await t.userCookie('editor') })).status).toBe(403);
    expect((await post(event('counter.resumed', { counter: '9' }), { cookie: await t.userCookie('operator') })).status).toBe(202);
    expect((await post(event('counter.resumed', { counter: '9' }), { cookie: t.admin })).status).toBe(202);
  });

  it('a token tied to a hall works there', async () => {
    const r = await post(event('counter.paused', { counter: '1' }, other.hall.id), { bearer: OTHER_TOKEN });
    expect(r).toMatchObject({ status: 202, body: { applied: true } });
  });

  it('an unknown hall is 404, also for a token tied to other halls', async () => {
    for (const bearer of [QUEUE_TOKEN, OTHER_TOKEN]) {
      const r = await post(event('counter.paused', { counter: '1' }, 'hall_nope'), { bearer });
      expect(r.status).toBe(404);
    }
  });

  it.each([
    ['an unknown type', { type: 'ticket.teleported', eventId: 'x1', hallId: 'h', occurredAt: new Date().toISOString() }],
    ['no eventId', { type: 'counter.paused', hallId: 'h', occurredAt: new Date().toISOString(), counter: '1' }],
    ['a ticket with spaces', { type: 'ticket.called', eventId: 'x2', hallId: 'h', occurredAt: new Date().toISOString(), ticket: 'A 1', counter: '1' }],
    ['a ticket too long', { type: 'ticket.called', eventId: 'x3', hallId: 'h', occurredAt: new Date().toISOString(), ticket: 'A'.repeat(17), counter: '1' }],
    ['a counter with odd characters', { type: 'counter.paused', eventId: 'x4', hallId: 'h', occurredAt: new Date().toISOString(), counter: '3号' }],
    ['a bad occurredAt', { type: 'counter.paused', eventId: 'x5', hallId: 'h', occurredAt: 'yesterday', counter: '1' }],
    ['a negative seq', { type: 'counter.paused', eventId: 'x6', hallId: 'h', occurredAt: new Date().toISOString(), counter: '1', seq: -1 }],
    ['a JSON array', []],
  ])('refuses %s with 400', async (_name, body) => {
    const r = await post(body);
    expect(r.status).toBe(400);
    expect(r.body.error.message).toEqual(expect.any(String));
  });
});

describe('ticket.called and ticket.recalled', () => {
  it('announce through the call service: same targets, template text, audio, repeat 2', async () => {
    const [tv, strip3, strip5] = await Promise.all([hall.waiting, hall.strip3, hall.strip5].map((s) => connect(s.playerUrl)));
    const r = await post(event('ticket.called', { ticket: 'a023', counter: '3', service: '电费缴纳' }));
    expect(r.status).toBe(202);
    expect(r.body).toEqual({ eventId: expect.any(String), applied: true, call: { id: expect.any(String), screens: 2 } });
    for (const c of [tv!, strip3!]) {
      const { call } = await c.take('call', (m) => m.call.id === r.body.call.id);
      expect(call).toMatchObject({ ticket: 'A023', counter: '3', kind: 'call', repeat: 2, text: '请 A023 号到 3 号窗口办理', service: '电费缴纳', hallId: hall.hall.id });
      expect(call.audioUrl).toMatch(/^\/voice\/call\.wav\?ticket=A023&counter=3&v=[0-9a-f]+$/);
    }
    await strip5!.sync();
    expect(strip5!.messages.filter((m) => m.type === 'call')).toEqual([]);
  });

  it('a recall is a new call id with kind recall', async () => {
    const tv = await connect(hall.waiting.playerUrl);
    const first = await post(event('ticket.called', { ticket: 'A030', counter: '5' }));
    const again = await post(event('ticket.recalled', { ticket: 'A030', counter: '5' }));
    expect(again.body.call.id).not.toBe(first.body.call.id);
    const { call } = await tv.take('call', (m) => m.call.id === again.body.call.id);
    expect(call).toMatchObject({ kind: 'recall', ticket: 'A030', counter: '5' });
    expect(call.audioUrl).toContain('recall=1');
    const state = await queueState();
    expect(state.recentCalls.slice(0, 2).map((c) => c.id)).toEqual([again.body.call.id, first.body.call.id]);
  });
});

describe('idempotency by eventId', () => {
  it('the first time is 202, a repeat is 200 duplicate and is not announced again', async () => {
    const tv = await connect(hall.waiting.playerUrl);
    const e = event('ticket.called', { ticket: 'D001', counter: '3' });
    const first = await post(e);
    expect(first.status).toBe(202);
    const again = await post(e);
    expect(again).toMatchObject({ status: 200, body: { eventId: e.eventId, duplicate: true } });
    // Even with a different body: the id decides.
    expect((await post({ ...e, ticket: 'D999' })).status).toBe(200);
    await tv.sync();
    expect(tv.messages.filter((m) => m.type === 'call' && m.call.ticket.startsWith('D'))).toHaveLength(1);
  });

  it('concurrent repeats of one event make exactly one call', async () => {
    const e = event('ticket.called', { ticket: 'D002', counter: '3' });
    const replies = await Promise.all(Array.from({ length: 5 }, () => post(e)));
    expect(replies.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 202]);
    const calls = await t.request('GET', '/api/queue/calls', undefined, { cookie: t.admin });
    expect(calls.body.filter((c: { ticket: string }) => c.ticket === 'D002')).toHaveLength(1);
  });

  it('the same eventId in another hall is another event', async () => {
    const id = `shared-${Date.now()}`;
    expect((await post({ ...event('counter.paused', { counter: '2' }), eventId: id })).status).toBe(202);
    expect((await post({ ...event('counter.paused', { counter: '2' }, other.hall.id), eventId: id })).status).toBe(202);
  });
});

describe('out-of-order seq', () => {
  it('an older event is stored (logged) but not shown as current, and not announced', async () => {
    const tv = await connect(hall.waiting.playerUrl);
    const newer = await post(event('ticket.called', { ticket: 'E005', counter: '7', seq: 5 }));
    expect(newer.body.applied).toBe(true);
    const older = event('ticket.called', { ticket: 'E004', counter: '7', seq: 4 });
    const late = await post(older);
    expect(late).toMatchObject({ status: 202, body: { eventId: older.eventId, applied: false } });
    expect(late.body.call).toBeUndefined();
    const state = await queueState();
    expect(state.counters.find((c) => c.counter === '7')).toMatchObject({ state: 'serving', ticket: 'E005', seq: 5 });
    expect(state.recentCalls.some((c) => c.ticket === 'E004')).toBe(false);
    await tv.sync();
    expect(tv.messages.some((m) => m.type === 'call' && m.call.ticket === 'E004')).toBe(false);
    // Stored: the calls log has the stale event, marked as not applied; a repeat of it is a duplicate.
    await vi.waitFor(() => expect(logLines('calls').find((l) => l.eventId === older.eventId)).toMatchObject({ record: 'event', applied: false, ticket: 'E004', seq: 4 }));
    expect((await post(older)).status).toBe(200);
  });
});

describe('every event type moves the board', () => {
  it('called → paused → resumed → skipped → closed, and a snapshot with waiting counts', async () => {
    const h = await t.makeHall('看板厅');
    const ev = (type: string, fields: object) => event(type, fields, h.hall.id);
    const counterOf = async () => (await queueState(h.hall.id)).counters.find((c) => c.counter === '3');
    await post(ev('ticket.called', { ticket: 'F001', counter: '3' }));
    expect(await counterOf()).toMatchObject({ state: 'serving', ticket: 'F001' });
    await post(ev('counter.paused', { counter: '3' }));
    expect(await counterOf()).toMatchObject({ state: 'paused', ticket: 'F001' });
    await post(ev('counter.resumed', { counter: '3' }));
    expect(await counterOf()).toMatchObject({ state: 'serving', ticket: 'F001' });
    await post(ev('ticket.skipped', { ticket: 'F001', counter: '3' }));
    expect(await counterOf()).toEqual({ counter: '3', state: 'idle' });
    await post(ev('ticket.called', { ticket: 'F002', counter: '3' }));
    await post(ev('ticket.cancelled', { ticket: 'F002' }));
    expect(await counterOf()).toEqual({ counter: '3', state: 'idle' });
    await post(ev('counter.closed', { counter: '3' }));
    expect(await counterOf()).toEqual({ counter: '3', state: 'closed' });
    const snap = await post(ev('queue.snapshot', { waiting: [{ service: '电费缴纳', count: 12 }], counters: [{ counter: '1', state: 'serving', ticket: 'F010' }, { counter: '3', state: 'idle' }] }));
    expect(snap.body.applied).toBe(true);
    const state = await queueState(h.hall.id);
    expect(state.waiting).toEqual([{ service: '电费缴纳', count: 12 }]);
    expect(state.counters.map((c) => [c.counter, c.state, c.ticket])).toEqual([['1', 'serving', 'F010'], ['3', 'idle', undefined]]);
    expect(state.recentCalls.map((c) => c.ticket)).toEqual(['F002', 'F001']);
  });
});

describe('GET /api/halls/:id/queue-state', () => {
  it.each([
    ['no credentials', {}, 401],
    ['a token for another hall', { bearer: OTHER_TOKEN }, 403],
    ['a token for all halls', { bearer: QUEUE_TOKEN }, 200],
  ])('%s → %i', async (_name, auth, status) => {
    expect((await t.request('GET', `/api/halls/${hall.hall.id}/queue-state`, undefined, auth)).status).toBe(status);
  });

  it('a token tied to the hall may read it; an unknown hall is 404', async () => {
    expect((await t.request('GET', `/api/halls/${other.hall.id}/queue-state`, undefined, { bearer: OTHER_TOKEN })).status).toBe(200);
    expect((await t.request('GET', '/api/halls/hall_nope/queue-state', undefined, { cookie: t.admin })).status).toBe(404);
  });

  it('a hall nobody called in yet has an empty board', async () => {
    const h = await t.makeHall('空厅');
    const state = await queueState(h.hall.id);
    expect(state).toMatchObject({ hallId: h.hall.id, counters: [], recentCalls: [], waiting: [] });
  });
});

describe('queueState pushed to screens', () => {
  it('a player gets its hall queue state right after its manifest', async () => {
    await post(event('ticket.called', { ticket: 'G001', counter: '5' }));
    const c = await connect(hall.strip5.playerUrl);
    const pushed = await c.take('queueState');
    const types = c.messages.map((m) => m.type);
    expect(types.indexOf('queueState')).toBe(types.indexOf('manifest') + 1);
    expect(pushed.state.hallId).toBe(hall.hall.id);
    expect(pushed.state.counters.find((x) => x.counter === '5')).toMatchObject({ ticket: 'G001' });
  });

  it('every change goes to every connected screen of the hall (even those that show no calls), not to other halls', async () => {
    const show = await connect(hall.exhibition.playerUrl);
    const strip3 = await connect(hall.strip3.playerUrl);
    const elsewhere = await connect(other.waiting.playerUrl);
    await Promise.all([show.take('queueState'), strip3.take('queueState'), elsewhere.take('queueState')]);
    await post(event('counter.paused', { counter: '11' }));
    for (const c of [show, strip3]) {
      const m = await c.take('queueState', (x) => x.state.counters.some((k) => k.counter === '11' && k.state === 'paused'));
      expect(() => QueueState.parse(m.state)).not.toThrow();
    }
    await elsewhere.sync();
    expect(elsewhere.messages.filter((m) => m.type === 'queueState')).toHaveLength(1);
  });

  it('a stale or duplicate event pushes nothing', async () => {
    const c = await connect(hall.waiting.playerUrl);
    await c.take('queueState');
    const e = event('counter.paused', { counter: '12', seq: 10 });
    await post(e);
    await c.take('queueState', (m) => m.state.counters.some((k) => k.counter === '12'));
    await post(e);
    await post(event('counter.resumed', { counter: '12', seq: 3 }));
    await new Promise((r) => setTimeout(r, QUEUE_STATE_PUSH_MS * 2.5));
    await c.sync();
    expect(c.messages.filter((m) => m.type === 'queueState')).toHaveLength(2);
  });
});

describe('POST /api/queue/calls moves the queue state too', () => {
  it('the counter serves the ticket and the call is in the history', async () => {
    const h = await t.makeHall('简单叫号厅');
    const r = await t.request('POST', '/api/queue/calls', { ticket: 'H001', counter: 4, hallId: h.hall.id, id: `simple-${Date.now()}` }, { bearer: QUEUE_TOKEN });
    expect(r.status).toBe(202);
    const state = await queueState(h.hall.id);
    expect(state.counters).toEqual([expect.objectContaining({ counter: '4', state: 'serving', ticket: 'H001', callId: r.body.id })]);
    expect(state.recentCalls[0]).toMatchObject({ id: r.body.id, kind: 'call', repeat: 2, audioUrl: expect.stringContaining('/voice/call.wav?ticket=H001&counter=4') });
  });
});

describe('persistence and bounds', () => {
  it('a restart keeps the queue state and the idempotency window', async () => {
    const dir = fs.mkdtempSync(path.join(t.dir, '..', 'hs-restart-'));
    const a = await startTestServer({ dir, removeDir: false });
    const h = await a.makeHall('重启厅');
    const e = { type: 'ticket.called', eventId: 'restart-1', hallId: h.hall.id, occurredAt: new Date().toISOString(), ticket: 'K001', counter: '2', seq: 3 };
    expect((await a.request('POST', '/api/queue/events', e, { bearer: QUEUE_TOKEN })).status).toBe(202);
    await a.close({ keepDir: true });
    const b = await startTestServer({ dir, removeDir: true });
    try {
      const r = await b.request('GET', `/api/halls/${h.hall.id}/queue-state`, undefined, { cookie: b.admin });
      expect(r.body.counters).toEqual([expect.objectContaining({ counter: '2', ticket: 'K001', seq: 3 })]);
      expect(r.body.recentCalls.map((c: { ticket: string }) => c.ticket)).toEqual(['K001']);
      expect((await b.request('POST', '/api/queue/events', e, { bearer: QUEUE_TOKEN })).status).toBe(200);
      const older = { ...e, eventId: 'restart-2', ticket: 'K000', seq: 2 };
      expect((await b.request('POST', '/api/queue/events', older, { bearer: QUEUE_TOKEN })).body.applied).toBe(false);
    } finally {
      await b.close();
    }
  });

  it('a flood of events: a retry minutes later is still a duplicate (time-based window, as for calls), the history stays at 10', async () => {
    let now = Date.parse('2026-12-02T03:00:00.000Z');
    const f = await startTestServer({ queueRate: { perSecond: 10_000, burst: 10_000 }, clock: () => now });
    try {
      const h = await f.makeHall('洪水厅');
      const flood = (k: number) => {
        const type = k % 3 === 0 ? 'ticket.called' : 'counter.paused';
        return { type, eventId: `flood-${k}`, hallId: h.hall.id, occurredAt: new Date(now).toISOString(), counter: String(k % 7), ...(type === 'ticket.called' && { ticket: `F${k}` }) };
      };
      // Far more than the 256 ids a count-based window held, 20 a second for 20 s.
      const n = 400;
      for (let i = 0; i < n; i += 20) {
        await Promise.all(Array.from({ length: 20 }, (_, j) => f.request('POST', '/api/queue/events', flood(i + j), { bearer: QUEUE_TOKEN })));
        now += 1000;
      }
      const rec = f.store.get('queues', h.hall.id)!;
      expect(rec.eventIds).toHaveLength(n);
      expect(rec.eventAt).toHaveLength(n);
      expect(rec.state.recentCalls.length).toBeLessThanOrEqual(10);
      now += 5 * 60_000;
      const retry = await f.request('POST', '/api/queue/events', flood(0), { bearer: QUEUE_TOKEN });
      expect(retry.status).toBe(200);
      expect(retry.body.duplicate).toBe(true);
      // Past EVENT_WINDOW_MS after it was first taken, the same id is a new event.
      now = Date.parse('2026-12-02T03:00:00.000Z') + EVENT_WINDOW_MS;
      expect((await f.request('POST', '/api/queue/events', flood(0), { bearer: QUEUE_TOKEN })).status).toBe(202);
      expect((await f.request('POST', '/api/queue/events', flood(n - 1), { bearer: QUEUE_TOKEN })).status).toBe(200);
    } finally {
      await f.close();
    }
  });
});
