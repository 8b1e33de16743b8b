/** 工作台 over real HTTP and a real player socket: each card holds its hall's numbers, and only halls the caller may see. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectScreen, QUEUE_TOKEN, startTestServer, type PlayerClient, type TestServer } from './test-server';

let t: TestServer;
let A: string;
let B: string;
let editorA: string;
let screenA: string;
let overrideA: string;
let pendingA: string;
let expiringA: string;
let player: PlayerClient;
const PW = 'tall-river-42';

beforeAll(async () => {
  t = await startTestServer();
  const a = await t.makeHall('A 厅');
  const b = await t.makeHall('B 厅');
  A = a.hall.id;
  B = b.hall.id;
  screenA = a.waiting.id;
  await t.create('/api/users', { username: 'wb-editor-a', password: PW, role: 'editor', hallIds: [A] });
  editorA = await t.login('wb-editor-a', PW);

  // On air in hall A: a slide ending in 2 h, played once by the waiting-room TV.
  const soon = await t.approvedSlide('两小时后到期', { validTo: new Date(Date.now() + 2 * 3600_000).toISOString() });
  expiringA = soon.id;
  const list = await t.create('/api/playlists', { name: 'A 厅节目', items: [{ slideId: soon.id }] });
  await t.create('/api/schedules', { name: 'A 厅排期', target: { hallIds: [A] }, playlistId: list.id });
  player = connectScreen(t.port, a.waiting.playerUrl);
  await player.take('manifest');
  player.send({ type: 'played', slideId: soon.id, startedAt: new Date().toISOString(), durationMs: 8000 });
  await player.sync();

  // Hall A's editor submits one slide; hall B has one waiting too.
  pendingA = (await t.create('/api/slides', { type: 'notice', title: 'A 厅待审', body: '正文' }, { cookie: editorA })).id;
  expect((await t.request('POST', `/api/slides/${pendingA}/submit`, undefined, { cookie: editorA })).status).toBe(200);
  const slideB = await t.create('/api/slides', { type: 'notice', title: 'B 厅待审', body: '正文' });
  await t.store.transact((tx) => tx.replace('slides', { ...tx.get('slides', slideB.id)!, ownerHallIds: [B] }));
  expect((await t.request('POST', `/api/slides/${slideB.id}/submit`, undefined, { cookie: t.admin })).status).toBe(200);

  overrideA = (await t.create('/api/overrides', { kind: 'emergency', target: { hallIds: [A] }, title: 'A 厅停电', expiresAt: new Date(Date.now() + 3600_000).toISOString() })).id;
  await t.create('/api/overrides', { kind: 'message', target: { hallIds: [B] }, title: 'B 厅消息' });
  for (const [hallId, ticket] of [[A, 'A001'], [A, 'A002'], [B, 'B001']] as const)
    expect((await t.request('POST', '/api/queue/calls', { ticket, counter: '3', hallId }, { bearer: QUEUE_TOKEN })).status).toBe(202);
}, 30_000);
afterAll(async () => {
  player?.close();
  await t?.close();
});

describe('GET /api/workbench', () => {
  it('shows a hall-A editor hall A only, with its screens, reviews, override, calls, plays and expiring content', async () => {
    const r = await t.request('GET', '/api/workbench', undefined, { cookie: editorA });
    expect(r.status).toBe(200);
    expect(r.body.halls.map((h: { hallId: string }) => h.hallId)).toEqual([A]);
    const card = r.body.halls[0];
    expect(card.screens.total).toBe(4);
    expect(card.screens.online).toBe(1);
    expect(card.screens.offline.map((s: { id: string }) => s.id)).not.toContain(screenA);
    expect(card.pendingReviews.slides).toBe(1);
    expect(card.overrides.map((o: { id: string }) => o.id)).toEqual([overrideA]);
    expect(card.overrides[0].expiresAt).toBeDefined();
    expect(card.calls).toBe(2);
    expect(card.plays).toBe(1);
    expect(card.expiring.map((e: { slideId: string }) => e.slideId)).toEqual([expiringA]);
    expect(card.today).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('refuses a hall-A editor hall B (404), and gives an unrestricted user every hall', async () => {
    const other = await t.request('GET', `/api/workbench?hallId=${B}`, undefined, { cookie: editorA });
    expect(other.status).toBe(404);
    const all = await t.request('GET', '/api/workbench', undefined, { cookie: t.admin });
    const ids = all.body.halls.map((h: { hallId: string }) => h.hallId);
    expect(ids).toEqual(expect.arrayContaining([A, B]));
    const b = all.body.halls.find((h: { hallId: string }) => h.hallId === B);
    expect([b.pendingReviews.slides, b.calls, b.overrides.length, b.screens.online]).toEqual([1, 1, 1, 0]);
  });

  it('answers one asked-for hall, and 404 for a hall that does not exist', async () => {
    const one = await t.request('GET', `/api/workbench?hallId=${A}`, undefined, { cookie: t.admin });
    expect(one.body.halls.map((h: { hallId: string }) => h.hallId)).toEqual([A]);
    expect((await t.request('GET', '/api/workbench?hallId=hal_none', undefined, { cookie: t.admin })).status).toBe(404);
    expect((await t.request('GET', '/api/workbench')).status).toBe(401);
  });
});
