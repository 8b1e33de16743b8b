/**
 * One truth for calls and boards: every accepted call, with or without `hallId`, from any endpoint
 * (simple calls, queue events, staff test calls), is part of its hall's queue state; a call whose
 * hall is ambiguous is refused naming the halls; the call frame carries the board delta, and a newly
 * connected screen's board agrees with the calls shown.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QueueState } from '../content/queue';
import { QUEUE_TOKEN, addQueueToken, connectScreen, startTestServer, type PlayerClient, type TestServer } from './test-server';

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
const stateOf = async (t: TestServer, hallId: string): Promise<QueueState> => {
  const r = await t.request('GET', `/api/halls/${hallId}/queue-state`, undefined, { cookie: t.admin });
  expect(r.status).toBe(200);
  return QueueState.parse(r.body);
};
const tickets = (s: QueueState): Record<string, string | undefined> => Object.fromEntries(s.counters.map((c) => [c.counter, c.ticket]));

describe('a call without hallId', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.close());

  it("belongs to the install's only hall and moves its queue state", async () => {
    const halls = (await t.request('GET', '/api/halls', undefined, { cookie: t.admin })).body as { id: string }[];
    expect(halls).toHaveLength(1);
    const r = await t.request('POST', '/api/queue/calls', { ticket: 'A101', counter: '4', id: 'only-hall-1' }, { bearer: QUEUE_TOKEN });
    expect(r.status).toBe(202);
    expect(tickets(await stateOf(t, halls[0]!.id))['4']).toBe('A101');
    const listed = (await t.request('GET', '/api/queue/calls', undefined, { cookie: t.admin })).body as { id: string; hallId?: string }[];
    expect(listed.find((c) => c.id === 'only-hall-1')?.hallId).toBe(halls[0]!.id);
  });

  it('is refused with 400 naming every hall once the install has several', async () => {
    const second = await t.makeHall('第二营业厅');
    const halls = (await t.request('GET', '/api/halls', undefined, { cookie: t.admin })).body as { id: string; name: string }[];
    const r = await t.request('POST', '/api/queue/calls', { ticket: 'A102', counter: '4' }, { bearer: QUEUE_TOKEN });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('hall_required');
    for (const h of halls) {
      expect(r.body.error.message).toContain(h.name);
      expect(r.body.error.message).toContain(h.id);
    }
    // Nothing reached the new hall's board.
    expect((await stateOf(t, second.hall.id)).counters).toEqual([]);
  });

  it("takes the hall of a token tied to one hall, and names a token's halls when it has several", async () => {
    const a = await t.makeHall('甲厅');
    const b = await t.makeHall('乙厅');
    const c = await t.makeHall('丙厅');
    await addQueueToken(t, 'tok-one-hall', [a.hall.id]);
    await addQueueToken(t, 'tok-two-halls', [a.hall.id, b.hall.id]);
    const one = await t.request('POST', '/api/queue/calls', { ticket: 'B201', counter: '3' }, { bearer: 'tok-one-hall' });
    expect(one.status).toBe(202);
    expect(one.body.screens).toBe(2); // 甲厅's waiting TV and strip 3
    expect(tickets(await stateOf(t, a.hall.id))['3']).toBe('B201');
    const two = await t.request('POST', '/api/queue/calls', { ticket: 'B202', counter: '3' }, { bearer: 'tok-two-halls' });
    expect(two.status).toBe(400);
    expect(two.body.error.message).toContain(a.hall.id);
    expect(two.body.error.message).toContain(b.hall.id);
    expect(two.body.error.message).not.toContain(c.hall.id);
  });
});

describe('calls with and without hallId, mixed, from every endpoint', () => {
  let t: TestServer;
  let h: Awaited<ReturnType<TestServer['makeHall']>>;
  beforeAll(async () => {
    t = await startTestServer();
    h = await t.makeHall('混合叫号厅');
    await addQueueToken(t, 'tok-mixed', [h.hall.id]);
  });
  afterAll(() => t.close());

  it('leave the queue state, every call frame and a newly connected screen showing the latest ticket of every counter', async () => {
    const tv = await connect(t, h.waiting.playerUrl);
    const operator = await t.userCookie('operator');
    const hallId = h.hall.id;
    const ev = (type: string, ticket: string, counter: string) => ({ type, eventId: `mix-${ticket}`, hallId, occurredAt: new Date().toISOString(), ticket, counter });
    const steps: [string, () => Promise<{ status: number }>][] = [
      ['A001 → 3 with hallId', () => t.request('POST', '/api/queue/calls', { ticket: 'A001', counter: '3', hallId }, { bearer: 'tok-mixed' })],
      ['B001 → 7 without', () => t.request('POST', '/api/queue/calls', { ticket: 'B001', counter: '7' }, { bearer: 'tok-mixed' })],
      ['A002 → 3 without', () => t.request('POST', '/api/queue/calls', { ticket: 'A002', counter: '3' }, { bearer: 'tok-mixed' })],
      ['C001 → 8 event', () => t.request('POST', '/api/queue/events', ev('ticket.called', 'C001', '8'), { bearer: 'tok-mixed' })],
      ['B002 → 7 staff test call', () => t.request('POST', '/api/queue/calls', { ticket: 'B002', counter: '7', hallId }, { cookie: operator })],
      ['C002 → 8 without', () => t.request('POST', '/api/queue/calls', { ticket: 'C002', counter: '8' }, { bearer: 'tok-mixed' })],
      ['C002 → 8 recalled', () => t.request('POST', '/api/queue/events', ev('ticket.recalled', 'C002', '8'), { bearer: 'tok-mixed' })],
      ['D001 → 5 without', () => t.request('POST', '/api/queue/calls', { ticket: 'D001', counter: '5' }, { bearer: 'tok-mixed' })],
    ];
    for (const [name, step] of steps) expect((await step()).status, name).toBe(202);
    const latest = { '3': 'A002', '5': 'D001', '7': 'B002', '8': 'C002' };

    const state = await stateOf(t, hallId);
    expect(tickets(state)).toEqual(latest);
    expect(state.recentCalls.map((c) => c.ticket)).toEqual(['D001', 'C002', 'C002', 'B002', 'C001', 'A002', 'B001', 'A001']);

    // The TV got every call with its board delta, in revision order, and no whole board after the first.
    await tv.sync();
    const frames = tv.messages.filter((m) => m.type === 'call');
    expect(frames).toHaveLength(steps.length);
    const revs = frames.map((m) => m.board!.rev);
    expect(revs).toEqual([...revs].sort((a, b) => a - b));
    expect(revs.at(-1)).toBe(state.rev);
    const board: Record<string, string | undefined> = {};
    for (const m of frames) board[m.board!.counter.counter] = m.board!.counter.ticket;
    expect(board).toEqual(latest);
    expect(tv.messages.filter((m) => m.type === 'queueState')).toHaveLength(1);

    // A screen that connects now gets the same board in its hello answer.
    const late = await connect(t, h.strip5.playerUrl);
    const hello = await late.take('queueState');
    expect(tickets(hello.state)).toEqual(latest);
    expect(hello.state.rev).toBe(state.rev);
  });

  it('sends the whole board to the hall screens a call frame does not reach (a strip of another counter)', async () => {
    const strip5 = await connect(t, h.strip5.playerUrl);
    await strip5.take('queueState');
    const r = await t.request('POST', '/api/queue/calls', { ticket: 'E001', counter: '3' }, { bearer: 'tok-mixed' });
    expect(r.status).toBe(202);
    const pushed = await strip5.take('queueState', (m) => m.state.counters.some((c) => c.ticket === 'E001'));
    expect(tickets(pushed.state)['3']).toBe('E001');
    expect(strip5.messages.filter((m) => m.type === 'call' && m.call.ticket === 'E001')).toHaveLength(0);
  });
});
