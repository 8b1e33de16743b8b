/** Kiosk analytics: sessions from `/ws/player` land in the NDJSON log and `GET /api/reports/kiosk` sums them per day. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoKioskApp } from '../content/demo-kiosk';
import { wallClock } from '../content/wall-clock';
import { connectScreen, startTestServer, type PlayerClient, type TestServer } from './test-server';

let t: TestServer;
const clients: PlayerClient[] = [];
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  for (const c of clients) c.close();
  await t.close();
});

const tariff = { basis: 'month', tiers: [{ name: '第一档', upToKwh: 200, pricePerKwh: 0.5 }, { name: '第二档', upToKwh: null, pricePerKwh: 0.6 }] };
const today = (): string => wallClock(Date.now(), 'Asia/Shanghai').date;

describe('kiosk analytics', () => {
  it('logs sessions and reports sessions per day, mean duration, depths, top tiles with labels and pages', async () => {
    const h = await t.makeHall('触摸分析厅');
    const price = await t.create('/api/slides', { type: 'priceTable', title: '电价', tiers: [{ name: '第一档', range: '0–200', price: '0.5' }], tariff });
    const app = await t.create('/api/slides', demoKioskApp({ priceSlideId: price.id }));
    const kiosk = await t.create('/api/screens', { hallId: h.hall.id, name: '查询终端', area: 'guide', kind: 'kiosk' });
    const c = connectScreen(t.port, kiosk.playerUrl);
    clients.push(c);
    await c.take('manifest');
    const startedAt = new Date().toISOString();
    const session = (extra: object) => ({ type: 'kioskSession', session: { slideId: app.id, startedAt, endedBy: 'idle', input: 'touch', ...extra } });
    c.send(session({ durationMs: 30_000, pages: ['home', 'guides', 'guide-new'], tiles: ['home/guides', 'guides/guide-new'], maxDepth: 2 }));
    c.send(session({ durationMs: 10_000, pages: ['home', 'prices'], tiles: ['home/prices'], maxDepth: 1, endedBy: 'exit' }));
    c.send(session({ durationMs: 2_000, pages: ['home'], tiles: [], maxDepth: 0, endedBy: 'override' }));
    // A malformed one is refused with an error, the socket stays open, nothing is logged.
    c.send({ type: 'kioskSession', session: { slideId: app.id, startedAt, durationMs: -1, pages: [], tiles: [], maxDepth: 0, endedBy: 'idle' } });
    expect((await c.take('error')).code).toBe('bad_message');
    await c.sync();

    const day = today();
    const url = `/api/reports/kiosk?from=${day}&to=${day}&screenId=${kiosk.id}`;
    let report: any;
    await expect
      .poll(async () => {
        report = (await t.request('GET', url, undefined, { cookie: t.admin })).body;
        return report.total;
      })
      .toBe(3);
    expect(report.days).toEqual([day]);
    expect(report.sessionsPerDay).toEqual([3]);
    expect(report.avgDurationMs).toEqual([14_000]);
    expect(report.depthHistogram).toEqual([
      { depth: 0, count: 1 },
      { depth: 1, count: 1 },
      { depth: 2, count: 1 },
    ]);
    expect(report.tiles[0]).toEqual({ tile: 'guides/guide-new', label: '居民新装', count: 1 });
    expect(report.tiles).toContainEqual({ tile: 'home/prices', label: '电价查询', count: 1 });
    expect(report.pages[0]).toEqual({ pageId: 'home', count: 3 });
    expect(report.endedBy).toEqual({ idle: 1, exit: 1, override: 1, schedule: 0 });

    // Another screen's filter sees none of them.
    const other = (await t.request('GET', `/api/reports/kiosk?from=${day}&to=${day}&screenId=${h.waiting.id}`, undefined, { cookie: t.admin })).body;
    expect(other).toMatchObject({ total: 0, sessionsPerDay: [0], avgDurationMs: [0], depthHistogram: [], tiles: [], pages: [] });
  });

  it('refuses a missing or too long range with 400, and operators and anonymous callers', async () => {
    const bad = await t.request('GET', '/api/reports/kiosk?from=2026-01-01', undefined, { cookie: t.admin });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('bad_range');
    const long = await t.request('GET', '/api/reports/kiosk?from=2026-01-01&to=2026-06-30', undefined, { cookie: t.admin });
    expect(long.status).toBe(400);
    expect(long.body.error.message).toContain('92');
    const operator = await t.userCookie('operator');
    expect((await t.request('GET', '/api/reports/kiosk?from=2026-01-01&to=2026-01-02', undefined, { cookie: operator })).status).toBe(403);
    expect((await t.request('GET', '/api/reports/kiosk?from=2026-01-01&to=2026-01-02')).status).toBe(401);
    const editor = await t.userCookie('editor');
    expect((await t.request('GET', '/api/reports/kiosk?from=2026-01-01&to=2026-01-02', undefined, { cookie: editor })).status).toBe(200);
  });
});
