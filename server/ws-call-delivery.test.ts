/**
 * Every call reaches its screens, whatever their sockets do. A backed-up socket (a stalled network, a
 * frozen tab) still gets the call: the frame goes out behind the backlog, and a socket that does not let
 * it through within CALL_BEHIND_MS is cut, so the screen reconnects and gets the call on hello while it is
 * current. A socket that died silently: on reconnect the screen gets every current call it never
 * acknowledged. Real HTTP, real `ws` clients (one that stops reading: its TCP stream paused).
 */
import type { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CALL_BEHIND_MS } from './ws/player-hub';
import { QUEUE_TOKEN, connectScreen, startTestServer, type PlayerClient, type TestServer } from './test-server';

let t: TestServer;
let h: Awaited<ReturnType<TestServer['makeHall']>>;
let playlist: { id: string; name: string; items: { slideId: string; durationMs?: number }[] };
const clients: PlayerClient[] = [];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
beforeAll(async () => {
  t = await startTestServer();
  h = await t.makeHall('拥堵厅');
  // ≈ 80 × 6 KB of text: each manifest ≈ 0.5 MB, so a dozen changes outgrow the kernel's buffers and the hub's 4 MB.
  const body = '请携带身份证件办理业务，谢谢合作。'.repeat(117).slice(0, 2000);
  const slides = [];
  for (let i = 0; i < 80; i += 20) slides.push(...(await Promise.all(Array.from({ length: 20 }, (_, j) => t.approvedSlide(`公告${i + j}`, { body })))));
  playlist = await t.create('/api/playlists', { name: '长公告', items: slides.map((s) => ({ slideId: s.id, durationMs: 10_000 })) });
  await t.create('/api/schedules', { name: '长公告', target: { hallIds: [h.hall.id] }, playlistId: playlist.id });
}, 60_000);
afterAll(async () => {
  for (const c of clients) c.close();
  await t.close();
});

/** A TV that stopped reading, with a server-side backlog well past 4 MB. */
const stalledTv = async (): Promise<{ tv: PlayerClient; stream: Socket }> => {
  const tv = connectScreen(t.port, h.waiting.playerUrl);
  clients.push(tv);
  await tv.take('manifest');
  const stream = (tv.ws as unknown as { _socket: Socket })._socket;
  stream.pause();
  for (let i = 1; i <= 24; i++) {
    const r = await t.request('PUT', `/api/playlists/${playlist.id}`, { name: playlist.name, items: playlist.items.map((it) => ({ ...it, durationMs: 10_000 + ((Date.now() + i) % 50) * 100 })) }, { cookie: t.admin });
    expect(r.status).toBe(200);
    await sleep(40); // past the hub's 20 ms debounce: one manifest per change
  }
  return { tv, stream };
};
const post = (id: string, ticket: string) => t.request('POST', '/api/queue/calls', { ticket, counter: '3', hallId: h.hall.id, id }, { bearer: QUEUE_TOKEN });

describe('a call to a backed-up socket', () => {
  it('is never skipped: the stuck socket is cut and the screen gets the call when it reconnects', async () => {
    const { tv, stream } = await stalledTv();
    const r = await post('backlog-1', 'J001');
    expect(r.status).toBe(202);
    // Still not reading past CALL_BEHIND_MS: the hub gives up on this socket.
    await sleep(CALL_BEHIND_MS + 1000);
    stream.resume();
    // The client reads what had reached it, then the end of the socket (the call was not among it).
    expect((await tv.closed).code).toBe(1006);
    const again = connectScreen(t.port, h.waiting.playerUrl);
    clients.push(again);
    expect((await again.take('call', (m) => m.call.id === 'backlog-1', 5000)).call).toMatchObject({ ticket: 'J001', counter: '3' });
  }, 60_000);

  it('comes through on the same socket when the screen reads again soon enough', async () => {
    const { tv, stream } = await stalledTv();
    expect((await post('backlog-2', 'J002')).status).toBe(202);
    await sleep(200);
    stream.resume();
    expect((await tv.take('call', (m) => m.call.id === 'backlog-2', 8000)).call.ticket).toBe('J002');
    await tv.sync();
    expect(tv.ws.readyState).toBe(tv.ws.OPEN);
  }, 60_000);
});

describe('a screen whose socket died without a word', () => {
  let offset = 0;
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer({ clock: () => Date.now() + offset });
  });
  afterAll(() => s.close());

  it('gets, on reconnect, the current calls it never acknowledged, past the 15 s replay', async () => {
    const hall = await s.makeHall('断线厅');
    const tv = connectScreen(s.port, hall.waiting.playerUrl);
    clients.push(tv);
    await tv.take('manifest');
    const call = (id: string, ticket: string, counter: string) => s.request('POST', '/api/queue/calls', { ticket, counter, hallId: hall.hall.id, id }, { bearer: QUEUE_TOKEN });
    await call('silent-shown', 'S001', '3');
    await call('silent-unseen', 'S002', '5');
    await tv.take('call', (m) => m.call.id === 'silent-unseen');
    // The first was shown (acked); the second was still waiting its turn when the network went.
    tv.send({ type: 'ack', kind: 'call', id: 'silent-shown', shownAt: Date.now() + offset });
    await tv.sync();
    tv.ws.terminate();
    offset += 25_000; // the player notices silence late; both calls are still current (60 s)
    const back = connectScreen(s.port, hall.waiting.playerUrl);
    clients.push(back);
    expect((await back.take('call', (m) => m.call.id === 'silent-unseen')).call.ticket).toBe('S002');
    await back.sync();
    expect(back.messages.filter((m) => m.type === 'call').map((m) => m.type === 'call' && m.call.id)).toEqual(['silent-unseen']);
    back.ws.terminate();
    offset += 40_000; // expired now: nothing comes back
    const late = connectScreen(s.port, hall.waiting.playerUrl);
    clients.push(late);
    await late.take('manifest');
    await late.sync();
    expect(late.messages.some((m) => m.type === 'call')).toBe(false);
  });
});
