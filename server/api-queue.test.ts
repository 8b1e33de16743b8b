/** Queue-system intake: `POST /api/queue/calls` with a bearer token, idempotent by `id`. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from './auth/secrets';
import { newId } from './ids';
import { QUEUE_TOKEN, connectScreen, startTestServer, type PlayerClient, type TestServer } from './test-server';

let t: TestServer;
let hall: Awaited<ReturnType<TestServer['makeHall']>>;
const clients: PlayerClient[] = [];
beforeAll(async () => {
  t = await startTestServer();
  hall = await t.makeHall('叫号测试厅');
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
const call = (body: object, bearer = QUEUE_TOKEN) => t.request('POST', '/api/queue/calls', body, { bearer });

describe('POST /api/queue/calls', () => {
  it('answers 202 with the id and the number of screens targeted', async () => {
    const r = await call({ ticket: 'A023', counter: '3', hallId: hall.hall.id, id: 'q-202' });
    expect(r.status).toBe(202);
    // The waiting-area TV and counter 3's strip; not the exhibition screen, not counter 5's strip.
    expect(r.body).toEqual({ id: 'q-202', screens: 2, duplicate: false });
  });

  it('does not announce the same id twice, and says it was a duplicate', async () => {
    const tv = await connect(hall.waiting.playerUrl);
    const first = await call({ ticket: 'A024', counter: '3', hallId: hall.hall.id, id: 'q-dup' });
    expect(first.body).toMatchObject({ id: 'q-dup', duplicate: false });
    const shown = await tv.take('call', (m) => m.call.id === 'q-dup');
    expect(shown.call).toMatchObject({ ticket: 'A024', counter: '3', text: '请 A024 号到 3 号窗口办理' });

    const again = await call({ ticket: 'A024', counter: '3', hallId: hall.hall.id, id: 'q-dup' });
    expect(again.status).toBe(202);
    expect(again.body).toEqual({ id: 'q-dup', screens: first.body.screens, duplicate: true });
    await tv.sync();
    expect(tv.messages.filter((m) => m.type === 'call' && m.call.id === 'q-dup')).toHaveLength(1);
  });

  it('makes up an id when the queue system sends none, and normalises ticket and counter', async () => {
    const tv = await connect(hall.waiting.playerUrl);
    const r = await call({ ticket: 'b007', counter: 3, hallId: hall.hall.id });
    expect(r.status).toBe(202);
    expect(r.body.id).toEqual(expect.any(String));
    const shown = await tv.take('call', (m) => m.call.id === r.body.id);
    expect(shown.call).toMatchObject({ ticket: 'B007', counter: '3', text: '请 B007 号到 3 号窗口办理', hallId: hall.hall.id });
    expect(Date.parse(shown.call.expiresAt)).toBeGreaterThan(Date.parse(shown.call.createdAt));
  });

  it('takes "03", "3" and "003" for one counter: the strip of counter 3 gets the call, the board has one counter 3', async () => {
    const h = await t.makeHall('零号窗口厅');
    const strip = await connect(h.strip3.playerUrl);
    const padded = await t.create('/api/screens', { hallId: h.hall.id, name: '03 号条屏', area: 'counter', kind: 'ledStrip', counters: ['03'] });
    expect(padded.counters).toEqual(['3']);
    const r = await call({ ticket: 'Z001', counter: '03', hallId: h.hall.id, id: 'q-zero' });
    // The TV, strip "3" and the strip set up as "03"; never strip 5.
    expect(r.body).toMatchObject({ id: 'q-zero', screens: 3 });
    expect((await strip.take('call', (m) => m.call.id === 'q-zero')).call).toMatchObject({ counter: '3', text: '请 Z001 号到 3 号窗口办理' });
    const ev = await t.request('POST', '/api/queue/events', { type: 'ticket.called', eventId: 'ev-zero', hallId: h.hall.id, occurredAt: new Date().toISOString(), ticket: 'Z002', counter: '003' }, { bearer: QUEUE_TOKEN });
    expect(ev.status).toBe(202);
    expect((await strip.take('call', (m) => m.call.ticket === 'Z002')).call.counter).toBe('3');
    const state = await t.request('GET', `/api/halls/${h.hall.id}/queue-state`, undefined, { cookie: t.admin });
    expect(state.body.counters.filter((c: { counter: string }) => /^0*3$/.test(c.counter))).toEqual([expect.objectContaining({ counter: '3', ticket: 'Z002' })]);
  });

  it('lists recent calls for staff, newest first', async () => {
    await call({ ticket: 'C001', counter: '5', hallId: hall.hall.id, id: 'q-list-1' });
    await call({ ticket: 'C002', counter: '5', hallId: hall.hall.id, id: 'q-list-2' });
    const r = await t.request('GET', '/api/queue/calls', undefined, { cookie: t.admin });
    expect(r.status).toBe(200);
    expect(r.body.slice(0, 2).map((c: { id: string }) => c.id)).toEqual(['q-list-2', 'q-list-1']);
  });

  it.each([
    ['a wrong bearer token', { bearer: 'tok-wrong' }, 401, 'bad_token'],
    ['no credentials at all', {}, 401, 'unauthenticated'],
  ])('refuses %s with %i', async (_name, auth, status, code) => {
    const r = await t.request('POST', '/api/queue/calls', { ticket: 'A1', counter: '1', hallId: hall.hall.id, id: `q-${code}` }, auth);
    expect(r.status).toBe(status);
    expect(r.body.error.code).toBe(code);
  });

  it.each([
    ['a malformed ticket', { ticket: 'A 23', counter: '1' }, 400],
    ['no counter', { ticket: 'A23' }, 400],
    ['an unknown hall', { ticket: 'A23', counter: '1', hallId: 'hall_nope' }, 404],
  ])('refuses %s', async (_name, body, status) => {
    const r = await call(body);
    expect(r.status).toBe(status);
    expect(r.body.error).toEqual({ code: expect.any(String), message: expect.any(String) });
  });

  it('a token tied to one hall cannot call in another, and reaches only its own halls', async () => {
    const other = await t.makeHall('另一营业厅');
    const token = 'tok-hall-bound';
    await t.store.transact((tx) =>
      tx.insert('tokens', { id: newId('tok'), name: 'bound', tokenHash: sha256Hex(token), scopes: ['queue:write'], hallIds: [other.hall.id], createdAt: new Date().toISOString() }),
    );
    const refused = await call({ ticket: 'A1', counter: '3', hallId: hall.hall.id }, token);
    expect(refused.status).toBe(403);
    const unaddressed = await call({ ticket: 'A2', counter: '3' }, token);
    expect(unaddressed.status).toBe(202);
    expect(unaddressed.body.screens).toBe(2); // the other hall's TV and strip 3 only
  });
});
