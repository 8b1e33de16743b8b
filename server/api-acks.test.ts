/**
 * Acknowledgement and latency: players ack calls and overrides; `GET …/:id/acks` says which targeted
 * screens showed it and how fast, and which did not. Audit lines for calls and overrides.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createAckTracker } from './queue/acks';
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
const auditLines = (): any[] =>
  fs
    .readdirSync(path.join(t.dir, 'logs'))
    .filter((f) => f.startsWith('audit-'))
    .flatMap((f) => fs.readFileSync(path.join(t.dir, 'logs', f), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l)));
/** Waits until the server has processed what the client sent (acks are fire-and-forget). */
const settle = (c: PlayerClient) => c.sync();

describe('call acks', () => {
  it('records latency per screen (and audio latency), lists targeted screens that did not ack', async () => {
    const h = await t.makeHall('回执厅');
    const tv = await online(h.waiting.playerUrl);
    const strip3 = await online(h.strip3.playerUrl);
    const r = await t.request('POST', '/api/queue/calls', { ticket: 'A023', counter: '3', hallId: h.hall.id, id: 'ack-call-1' }, { bearer: QUEUE_TOKEN });
    expect(r.body.screens).toBe(2);
    const { call } = await tv.take('call');
    const created = Date.parse(call.createdAt);
    tv.send({ type: 'ack', kind: 'call', id: call.id, shownAt: created + 5, audioStartedAt: created + 40 });
    await settle(tv);

    const report = await t.request('GET', '/api/queue/calls/ack-call-1/acks', undefined, { cookie: t.admin });
    expect(report.status).toBe(200);
    expect(report.body).toEqual({
      id: 'ack-call-1',
      targeted: 2,
      acks: [{ screenId: h.waiting.id, screenName: '叫号电视', latencyMs: expect.any(Number), audioLatencyMs: expect.any(Number) }],
      missing: [{ screenId: h.strip3.id, screenName: '3 号窗口条屏', online: true }],
    });
    const [ack] = report.body.acks;
    expect(ack.latencyMs).toBeGreaterThanOrEqual(0);
    expect(ack.latencyMs).toBeLessThan(2000);
    expect(ack.audioLatencyMs).toBeGreaterThanOrEqual(30);

    await strip3.take('call');
    strip3.send({ type: 'ack', kind: 'call', id: call.id, shownAt: Date.now() });
    await settle(strip3);
    const full = await t.request('GET', '/api/queue/calls/ack-call-1/acks', undefined, { cookie: t.admin });
    expect(full.body.acks.map((a: { screenId: string }) => a.screenId).sort()).toEqual([h.waiting.id, h.strip3.id].sort());
    expect(full.body.missing).toEqual([]);
  });

  it('a targeted screen that is not connected is missing and offline; a later audio ack fills in audio latency', async () => {
    const h = await t.makeHall('离线厅');
    const tv = await online(h.waiting.playerUrl);
    await t.request('POST', '/api/queue/calls', { ticket: 'B1', counter: '5', hallId: h.hall.id, id: 'ack-call-2' }, { bearer: QUEUE_TOKEN });
    const { call } = await tv.take('call');
    tv.send({ type: 'ack', kind: 'call', id: call.id, shownAt: Date.now() });
    tv.send({ type: 'ack', kind: 'call', id: call.id, shownAt: Date.now(), audioStartedAt: Date.now() });
    await settle(tv);
    const report = await t.request('GET', '/api/queue/calls/ack-call-2/acks', undefined, { cookie: t.admin });
    expect(report.body.missing).toEqual([{ screenId: h.strip5.id, screenName: '5 号窗口条屏', online: false }]);
    expect(report.body.acks).toHaveLength(1);
    expect(report.body.acks[0].audioLatencyMs).toEqual(expect.any(Number));
  });

  it('acks for unknown ids are ignored and the socket stays open', async () => {
    const h = await t.makeHall('杂音厅');
    const tv = await online(h.waiting.playerUrl);
    tv.send({ type: 'ack', kind: 'call', id: 'call_never', shownAt: 1 });
    tv.send({ type: 'ack', kind: 'override', id: 'ovr_never', shownAt: 1 });
    await settle(tv);
    expect(tv.messages.filter((m) => m.type === 'error')).toEqual([]);
  });

  it('an unknown call is 404; the report needs a staff session', async () => {
    expect((await t.request('GET', '/api/queue/calls/nope/acks', undefined, { cookie: t.admin })).status).toBe(404);
    expect((await t.request('GET', '/api/queue/calls/ack-call-1/acks')).status).toBe(401);
    expect((await t.request('GET', '/api/queue/calls/ack-call-1/acks', undefined, { bearer: QUEUE_TOKEN })).status).toBe(403);
  });

  it('audits every call: who, what, targets', async () => {
    // The log is written through a stream: give it a moment.
    await vi.waitFor(() => {
      const line = auditLines().find((l) => l.action === 'queue.call' && l.id === 'ack-call-1');
      expect(line).toMatchObject({ who: 'token:queue (QUEUE_TOKEN)', ticket: 'A023', counter: '3', targets: 2, at: expect.any(String) });
    });
  });
});

describe('override acks and audit', () => {
  it('records which screens showed an override, and who created and cleared it', async () => {
    const h = await t.makeHall('插播回执厅');
    const tv = await online(h.waiting.playerUrl);
    const ovr = await t.create('/api/overrides', { kind: 'emergency', target: { hallIds: [h.hall.id], areas: ['waiting', 'counter'] }, title: '停电通知', body: '今日 14:00 停电' });
    await tv.take('manifest', (m) => m.manifest.overrides.some((o) => o.id === ovr.id));
    tv.send({ type: 'ack', kind: 'override', id: ovr.id, shownAt: Date.now() });
    await settle(tv);
    const report = await t.request('GET', `/api/overrides/${ovr.id}/acks`, undefined, { cookie: t.admin });
    expect(report.status).toBe(200);
    expect(report.body.targeted).toBe(3);
    expect(report.body.acks).toEqual([{ screenId: h.waiting.id, screenName: '叫号电视', latencyMs: expect.any(Number) }]);
    expect(report.body.missing.map((m: { screenId: string }) => m.screenId).sort()).toEqual([h.strip3.id, h.strip5.id].sort());

    expect((await t.request('DELETE', `/api/overrides/${ovr.id}`, undefined, { cookie: t.admin })).status).toBe(204);
    await vi.waitFor(() => expect(auditLines().some((l) => l.action === 'override.clear' && l.id === ovr.id)).toBe(true));
    const lines = auditLines();
    expect(lines.find((l) => l.action === 'override.emergency' && l.id === ovr.id)).toMatchObject({
      who: 'user:admin',
      title: '停电通知',
      body: '今日 14:00 停电',
      target: { hallIds: [h.hall.id], areas: ['waiting', 'counter'] },
      targets: 3,
    });
    expect(lines.find((l) => l.action === 'override.clear' && l.id === ovr.id)).toMatchObject({ who: 'user:admin', title: '停电通知', createdBy: 'user:admin' });
    // The report outlives the override for a while.
    expect((await t.request('GET', `/api/overrides/${ovr.id}/acks`, undefined, { cookie: t.admin })).status).toBe(200);
  });

  it('an unknown override is 404', async () => {
    expect((await t.request('GET', '/api/overrides/ovr_nope/acks', undefined, { cookie: t.admin })).status).toBe(404);
  });
});

describe('the ack tracker stays bounded', () => {
  it('keeps only the most recent items per kind', () => {
    const acks = createAckTracker({ items: { call: 3 } });
    for (let i = 0; i < 10; i++) acks.track('call', `c${i}`, 0, ['s1']);
    expect(acks.size().calls).toBe(3);
    expect(acks.get('call', 'c0')).toBeUndefined();
    expect(acks.get('call', 'c9')).toBeDefined();
  });

  it('drops whole old items when the ack records exceed the budget, never the item being acked', () => {
    const acks = createAckTracker({ records: 5 });
    for (let i = 0; i < 3; i++) acks.track('call', `c${i}`, 0, ['a', 'b', 'c']);
    for (const s of ['a', 'b', 'c']) acks.ack('call', 'c0', s, 10);
    for (const s of ['a', 'b', 'c']) acks.ack('call', 'c1', s, 10);
    expect(acks.size().records).toBeLessThanOrEqual(5);
    expect(acks.get('call', 'c0')).toBeUndefined();
    expect(acks.get('call', 'c1')?.acks.size).toBe(3);
    expect(acks.ack('call', 'c1', 'a', 99)).toEqual({ latencyMs: 10 });
  });

  it('measures from the request, never negative', () => {
    const acks = createAckTracker();
    acks.track('call', 'c', 1000, ['s']);
    expect(acks.ack('call', 'c', 's', 1030, 1100)).toEqual({ latencyMs: 30, audioLatencyMs: 100 });
    acks.track('override', 'o', 1000, ['s']);
    expect(acks.ack('override', 'o', 's', 900)).toEqual({ latencyMs: 0 });
  });
});

describe('ack windows are per hall', () => {
  it("a flood in one hall never drops another hall's calls", () => {
    const acks = createAckTracker({ items: { call: 3 } });
    acks.track('call', 'a1', 0, ['sa'], 'hallA');
    for (let i = 0; i < 10; i++) acks.track('call', `b${i}`, 0, ['sb'], 'hallB');
    expect(acks.get('call', 'a1')).toBeDefined();
    expect(acks.ack('call', 'a1', 'sa', 5)).toEqual({ latencyMs: 5 });
    expect(acks.get('call', 'b6')).toBeUndefined();
    expect(acks.size().calls).toBe(4);
  });

  it('over the record budget the largest hall gives up its oldest call first', () => {
    const acks = createAckTracker({ records: 4 });
    acks.track('call', 'a1', 0, ['x', 'y'], 'hallA');
    for (let i = 0; i < 3; i++) acks.track('call', `b${i}`, 0, ['x', 'y'], 'hallB');
    acks.ack('call', 'a1', 'x', 1);
    acks.ack('call', 'a1', 'y', 1);
    for (const id of ['b0', 'b1', 'b2']) acks.ack('call', id, 'x', 1);
    expect(acks.size().records).toBeLessThanOrEqual(4);
    expect(acks.get('call', 'a1')?.acks.size).toBe(2);
    expect(acks.get('call', 'b0')).toBeUndefined();
  });
});
