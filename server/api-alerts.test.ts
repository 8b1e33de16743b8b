/**
 * 设备告警 end to end in process: real app, real player sockets, a real webhook receiver. The app's
 * clock runs `skew` ahead of the wall clock so call grace times pass without waiting; checks are run
 * with `built.alerts.check()` instead of waiting for the interval.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CALL_ACK_GRACE_MS } from './alerts/alert-rules';
import { QUEUE_TOKEN, connectScreen, startTestServer, type PlayerClient, type TestServer } from './test-server';

let t: TestServer;
let skew = 0;
let hook: Server;
let hookUrl: string;
const received: any[] = [];
const clients: PlayerClient[] = [];
const PW = 'tall-river-42';
const OFFLINE_MS = 150;

beforeAll(async () => {
  hook = createServer((req, res) => {
    let raw = '';
    req.on('data', (d: Buffer) => (raw += d.toString()));
    req.on('end', () => {
      received.push(JSON.parse(raw));
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
  hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/robot?key=k`;
  // Silence never greys a screen here (the clock jumps ahead): only a closed socket makes it offline.
  t = await startTestServer({ clock: () => Date.now() + skew, screenOps: { offlineAfterMs: 3_600_000 }, alerts: { checkEveryMs: 3_600_000, offlineMsOverride: OFFLINE_MS, webhook: { baseDelayMs: 20 } } });
});
afterAll(async () => {
  for (const c of clients) c.close();
  await t.close();
  hook.closeAllConnections();
  await new Promise((r) => hook.close(r));
});

const online = async (playerUrl: string): Promise<PlayerClient> => {
  const c = connectScreen(t.port, playerUrl);
  clients.push(c);
  await c.take('manifest');
  c.send({ type: 'health', fps: 50, uptimeS: 1, resolution: { width: 1920, height: 1080 } });
  await c.sync();
  return c;
};
const openAlerts = async (query = '', cookie = t.admin) => (await t.request('GET', `/api/alerts?open=1${query}`, undefined, { cookie })).body.alerts as any[];
const waitFor = async (pred: () => boolean, ms = 3000): Promise<void> => {
  const end = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe('hall alert settings', () => {
  it('takes an offline threshold and a webhook, and refuses a webhook that is not http(s) with a clear 400', async () => {
    const hall = await t.create('/api/halls', { name: '设置厅' });
    const ok = await t.request('PATCH', `/api/halls/${hall.id}`, { alerts: { offlineMinutes: 10, webhook: { url: hookUrl, format: 'wecom' } } }, { cookie: t.admin });
    expect(ok.status).toBe(200);
    expect(ok.body.alerts).toEqual({ offlineMinutes: 10, webhook: { url: hookUrl, format: 'wecom' } });
    for (const url of ['ftp://example.com/x', 'javascript:alert(1)', 'not a url']) {
      const bad = await t.request('PATCH', `/api/halls/${hall.id}`, { alerts: { webhook: { url, format: 'json' } } }, { cookie: t.admin });
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toContain('告警推送地址必须是以 http:// 或 https:// 开头');
    }
    const zero = await t.request('PATCH', `/api/halls/${hall.id}`, { alerts: { offlineMinutes: 0 } }, { cookie: t.admin });
    expect(zero.status).toBe(400);
    expect(zero.body.error.message).toContain('至少 1 分钟');
  });

  it('shows the webhook URL (it holds the robot key) only to those who may change the hall', async () => {
    const hall = await t.create('/api/halls', { name: '密钥厅', alerts: { webhook: { url: hookUrl, format: 'dingtalk' } } });
    await t.create('/api/users', { username: 'op-keys', password: PW, role: 'operator' });
    const op = await t.login('op-keys', PW);
    const seen = (await t.request('GET', '/api/halls', undefined, { cookie: op })).body.find((h: any) => h.id === hall.id);
    expect(seen.alerts.webhook).toEqual({ url: '（仅管理员可见）', format: 'dingtalk' });
  });
});

describe('alerts', () => {
  it('opens when a screen is offline past the threshold, posts the webhook, and closes by itself when it is back', async () => {
    const h = await t.makeHall('告警厅');
    await t.request('PATCH', `/api/halls/${h.hall.id}`, { alerts: { webhook: { url: hookUrl, format: 'json' } } }, { cookie: t.admin });
    const tv = await online(h.waiting.playerUrl);
    await t.built.alerts.check();
    expect((await openAlerts(`&hallId=${h.hall.id}`)).filter((a) => a.screenId === h.waiting.id)).toEqual([]);

    tv.close();
    await tv.closed;
    await new Promise((r) => setTimeout(r, OFFLINE_MS + 50));
    const { opened } = await t.built.alerts.check();
    expect(opened.map((a) => a.screenId)).toContain(h.waiting.id);
    const [alert] = (await openAlerts(`&hallId=${h.hall.id}`)).filter((a) => a.screenId === h.waiting.id);
    expect(alert).toMatchObject({ hallId: h.hall.id, screenId: h.waiting.id, kind: 'offline', endedAt: null });
    expect(alert.message).toContain('屏幕「叫号电视」在营业时间内离线');
    await waitFor(() => received.some((b) => b.event === 'opened' && b.alert.id === alert.id));

    await online(h.waiting.playerUrl);
    const { closed } = await t.built.alerts.check();
    expect(closed.map((a) => a.id)).toContain(alert.id);
    expect((await openAlerts(`&hallId=${h.hall.id}`)).some((a) => a.id === alert.id)).toBe(false);
    const all = (await t.request('GET', `/api/alerts?hallId=${h.hall.id}`, undefined, { cookie: t.admin })).body.alerts;
    expect(all.find((a: any) => a.id === alert.id).endedAt).toEqual(expect.any(String));
    await waitFor(() => received.some((b) => b.event === 'closed' && b.alert.id === alert.id));
  });

  it('opens a call alert for a screen that did not confirm a call, closes it when the screen confirms a later one', async () => {
    const h = await t.makeHall('回执告警厅');
    const tv = await online(h.waiting.playerUrl);
    const strip = await online(h.strip3.playerUrl);
    await online(h.strip5.playerUrl);
    await online(h.exhibition.playerUrl);
    await t.built.alerts.check(); // the screens count as online since now
    skew += 1000;
    await t.request('POST', '/api/queue/calls', { ticket: 'A023', counter: '3', hallId: h.hall.id }, { bearer: QUEUE_TOKEN });
    const { call } = await strip.take('call');
    strip.send({ type: 'ack', kind: 'call', id: call.id, shownAt: Date.now() + skew });
    await strip.sync();
    skew += CALL_ACK_GRACE_MS + 1000;
    await t.built.alerts.check();
    const open = (await openAlerts(`&hallId=${h.hall.id}`)).filter((a) => a.kind === 'callUnacked');
    expect(open.map((a) => a.screenId)).toEqual([h.waiting.id]);
    expect(open[0].message).toContain('未确认叫号 A023（3 号窗口）');

    await t.request('POST', '/api/queue/calls', { ticket: 'A024', counter: '5', hallId: h.hall.id }, { bearer: QUEUE_TOKEN });
    const { call: next } = await tv.take('call', (m) => m.call.ticket === 'A024');
    tv.send({ type: 'ack', kind: 'call', id: next.id, shownAt: Date.now() + skew });
    await tv.sync();
    await t.built.alerts.check();
    expect((await openAlerts(`&hallId=${h.hall.id}`)).filter((a) => a.kind === 'callUnacked')).toEqual([]);
  });

  it('opens a frame-rate alert for a screen under 5 fps for 3 minutes, and closes it when it plays smoothly again', async () => {
    const h = await t.makeHall('卡顿厅');
    const tv = await online(h.exhibition.playerUrl);
    const health = async (fps: number) => {
      tv.send({ type: 'health', fps, uptimeS: 1, resolution: { width: 1920, height: 1080 } });
      await tv.sync();
    };
    await health(2);
    await t.built.alerts.check();
    skew += 2 * 60_000;
    await health(3);
    await t.built.alerts.check();
    const lowFps = async () => (await openAlerts(`&hallId=${h.hall.id}`)).filter((a) => a.kind === 'lowFps');
    expect(await lowFps()).toEqual([]);
    skew += 60_000;
    await health(2);
    await t.built.alerts.check();
    expect((await lowFps()).map((a) => a.screenId)).toEqual([h.exhibition.id]);
    await health(40);
    await t.built.alerts.check();
    expect(await lowFps()).toEqual([]);
  });

  it('opens a cache alert when a player reports an asset it could not cache', async () => {
    const h = await t.makeHall('缓存厅');
    const tv = await online(h.exhibition.playerUrl);
    tv.send({ type: 'report', level: 'warn', code: 'asset_failed', message: '1 个素材未能离线缓存：/media/x' });
    await tv.sync();
    await t.built.alerts.check();
    const [a] = (await openAlerts(`&hallId=${h.hall.id}`)).filter((x) => x.kind === 'cacheFailed');
    expect(a.message).toContain('1 个素材未能离线缓存');
  });

  it('shows a hall-limited user only their halls’ alerts, and 404s another hall', async () => {
    const mine = await t.makeHall('本厅');
    const other = await t.makeHall('他厅');
    await t.create('/api/users', { username: 'clerk-alerts', password: PW, role: 'editor', hallIds: [mine.hall.id] });
    const clerk = await t.login('clerk-alerts', PW);
    // Never-connected screens of both halls go offline past the threshold.
    await new Promise((r) => setTimeout(r, OFFLINE_MS + 50));
    await t.built.alerts.check();
    const seen = await openAlerts('', clerk);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((a) => a.hallId === mine.hall.id)).toBe(true);
    expect((await openAlerts('', t.admin)).some((a) => a.hallId === other.hall.id)).toBe(true);
    expect((await t.request('GET', `/api/alerts?hallId=${other.hall.id}`, undefined, { cookie: clerk })).status).toBe(404);
    expect((await t.request('GET', '/api/alerts?open=maybe', undefined, { cookie: clerk })).status).toBe(400);
    expect((await t.request('GET', '/api/alerts')).status).toBe(401);
  });

  it('keeps open alerts across a restart (they live in the store)', async () => {
    const before = (await openAlerts()).map((a) => a.id).sort();
    expect(before.length).toBeGreaterThan(0);
    const dir = t.dir;
    await t.close({ keepDir: true });
    t = await startTestServer({ dir, removeDir: true, alerts: { checkEveryMs: 3_600_000, offlineMsOverride: OFFLINE_MS } });
    expect((await openAlerts()).map((a) => a.id).sort()).toEqual(before);
  });
});
