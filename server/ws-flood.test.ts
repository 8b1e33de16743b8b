/**
 * Floods on `/ws/player`, from outside with a real screen's device key: a socket that sends 30,000
 * forged plays in 2 s gets a plausible handful counted and is closed or throttled, while a normal
 * player's acks during a burst of calls are all recorded.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloseCode } from '../content/protocol';
import { wallClock } from '../content/wall-clock';
import { PLAYS_PER_WINDOW } from './ws/play-plausibility';
import { QUEUE_TOKEN, connectScreen, startTestServer, type PlayerClient, type TestServer } from './test-server';

let t: TestServer;
const clients: PlayerClient[] = [];
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  for (const c of clients) c.close();
  await t.close();
});
const online = async (playerUrl: string): Promise<PlayerClient> => {
  const c = connectScreen(t.port, playerUrl);
  clients.push(c);
  await c.take('manifest');
  return c;
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** A hall whose screens all show `slide`. */
const hallShowing = async (name: string) => {
  const h = await t.makeHall(name);
  const slide = await t.approvedSlide(`${name}节目`);
  const list = await t.create('/api/playlists', { name, items: [{ slideId: slide.id }] });
  await t.create('/api/schedules', { name, target: { hallIds: [h.hall.id] }, playlistId: list.id });
  return { ...h, slide };
};
/** Plays the report counts for a screen, over the Shanghai days around now (a run near midnight spans two). */
const playsCounted = async (screenId: string): Promise<number> => {
  const from = wallClock(Date.now() - 86_400_000, 'Asia/Shanghai').date;
  const to = wallClock(Date.now() + 86_400_000, 'Asia/Shanghai').date;
  const r = await t.request('GET', `/api/reports/plays?from=${from}&to=${to}&screenId=${screenId}`, undefined, { cookie: t.admin });
  expect(r.status).toBe(200);
  return r.body.slides.reduce((n: number, s: { total: number }) => n + s.total, 0);
};
/** Whether the socket closed within `ms`, and with which code. */
const closedWithin = (c: PlayerClient, ms: number) => Promise.race([c.closed.then((e) => e.code as number), sleep(ms).then(() => undefined)]);

/** Sends `total` frames made by `frame(i)` over about 2 s, in 20 slices. */
const flood = async (c: PlayerClient, total: number, frame: (i: number) => unknown): Promise<void> => {
  for (let slice = 0; slice < 20; slice++) {
    for (let i = slice * (total / 20); i < (slice + 1) * (total / 20); i++) c.send(frame(i));
    await sleep(100);
  }
};

describe('a flood of forged proof of play', () => {
  it('30,000 played frames in 2 s: a plausible handful counted, the socket closed with TOO_MANY_FRAMES', async () => {
    const h = await hallShowing('刷量厅');
    const c = await online(h.waiting.playerUrl);
    const before = (await t.request('GET', '/healthz')).body.rejectedFrames;
    const t0 = Date.now();
    await flood(c, 30_000, (i) => ({ type: 'played', slideId: h.slide.id, startedAt: new Date(t0 + Math.floor(i / 15)).toISOString(), durationMs: 1000 }));
    expect(await closedWithin(c, 5000)).toBe(CloseCode.TOO_MANY_FRAMES);
    expect(c.messages.some((m) => m.type === 'error' && m.code === 'rate_limited')).toBe(true);
    // 2 s of start times touch at most 2 windows of PLAYS_PER_WINDOW plays each.
    const counted = await playsCounted(h.waiting.id);
    expect(counted).toBeGreaterThan(0);
    expect(counted).toBeLessThanOrEqual(2 * PLAYS_PER_WINDOW);
    expect((await t.request('GET', '/healthz')).body.rejectedFrames).toBeGreaterThan(before + 150);
  });

  // Start times are unique within a batch: a batch's repeats are dropped as re-sends before any check.
  it('30,000 records in 60 batches within 2 s: the socket stays (few frames), a plausible handful counted, the rest refused', async () => {
    const h = await hallShowing('批量刷量厅');
    const c = await online(h.waiting.playerUrl);
    const t0 = Date.now();
    const batch = (k: number) => ({
      type: 'playedBatch',
      items: Array.from({ length: 500 }, (_, i) => ({ slideId: h.slide.id, startedAt: new Date(t0 + ((k * 500 + i) % 2000)).toISOString(), durationMs: 1000 })),
    });
    await flood(c, 60, batch);
    await c.sync();
    const counted = await playsCounted(h.waiting.id);
    expect(counted).toBeGreaterThan(0);
    expect(counted).toBeLessThanOrEqual(2 * PLAYS_PER_WINDOW);
    const live = await t.request('GET', '/api/screens/status', undefined, { cookie: t.admin });
    const mine = live.body.statuses.find((s: { screenId: string }) => s.screenId === h.waiting.id);
    expect(mine.rejectedFrames).toBe(30_000 - counted);
    expect(live.body.rejectedFrames.byCode.implausible_play).toBeGreaterThanOrEqual(30_000 - counted);
    expect(c.ws.readyState).toBe(c.ws.OPEN);
  });

  it('plays of a slide that is not in the screen\'s manifest are not counted', async () => {
    const h = await hallShowing('冒牌节目厅');
    const elsewhere = await t.approvedSlide('别处的节目');
    const c = await online(h.waiting.playerUrl);
    c.send({ type: 'played', slideId: elsewhere.id, startedAt: new Date().toISOString(), durationMs: 10_000 });
    c.send({ type: 'played', slideId: h.slide.id, startedAt: new Date().toISOString(), durationMs: 10_000 });
    await c.sync();
    expect(await playsCounted(h.waiting.id)).toBe(1);
  });
});

describe('legitimate bursts pass', () => {
  it('a burst of 25 calls: every ack (two per call) of the waiting TV is recorded, nothing refused', async () => {
    const h = await hallShowing('繁忙厅');
    const tv = await online(h.waiting.playerUrl);
    const ids = Array.from({ length: 25 }, (_, i) => `burst-${i}`);
    const posted = await Promise.all(ids.map((id, i) => t.request('POST', '/api/queue/calls', { ticket: `A${100 + i}`, counter: '3', hallId: h.hall.id, id }, { bearer: QUEUE_TOKEN })));
    expect(posted.map((r) => r.status).every((s) => s < 300)).toBe(true);
    for (const id of ids) {
      const { call } = await tv.take('call', (m) => m.call.id === id);
      const shown = Date.parse(call.createdAt) + 5;
      tv.send({ type: 'ack', kind: 'call', id, shownAt: shown });
      tv.send({ type: 'ack', kind: 'call', id, shownAt: shown, audioStartedAt: shown + 30 });
      tv.send({ type: 'health', fps: 60 });
    }
    await tv.sync();
    for (const id of ids) {
      const r = await t.request('GET', `/api/queue/calls/${id}/acks`, undefined, { cookie: t.admin });
      expect(r.body.acks.map((a: { screenId: string }) => a.screenId), id).toEqual([h.waiting.id]);
    }
    expect(tv.messages.filter((m) => m.type === 'error').map((m) => (m as { code: string }).code).filter((code) => code === 'rate_limited')).toEqual([]);
    expect(tv.ws.readyState).toBe(tv.ws.OPEN);
  });
});
