/** Live status, screenshots, commands, proof of play and bad input on the player socket. */
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { PLAYER_MAX_PAYLOAD, PLAYED_BATCH_MAX, type EditorMessage } from '../content/protocol';
import { wallClock } from '../content/wall-clock';
import { connectScreen, startTestServer, type PlayerClient, type TestServer } from './test-server';

const OFFLINE_MS = 300;
let t: TestServer;
const clients: PlayerClient[] = [];
beforeAll(async () => {
  t = await startTestServer({ screenOps: { offlineAfterMs: OFFLINE_MS, screenshotTickMs: 50 } });
});
afterAll(async () => {
  for (const c of clients) c.close();
  await t.close();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Puts slides on every screen of a hall: proof of play counts only for slides of a screen's manifest. */
const onAir = async (hallId: string, slides: { id: string }[]): Promise<void> => {
  const list = await t.create('/api/playlists', { name: `on air ${hallId}`, items: slides.map((s) => ({ slideId: s.id })) });
  await t.create('/api/schedules', { name: `on air ${hallId}`, target: { hallIds: [hallId] }, playlistId: list.id });
};
const online = async (playerUrl: string): Promise<PlayerClient> => {
  const c = connectScreen(t.port, playerUrl);
  clients.push(c);
  await c.take('manifest');
  return c;
};
const keyOf = (playerUrl: string) => new URL(playerUrl).searchParams.get('key')!;
const health = (extra: object = {}) => ({
  type: 'health',
  slideId: 'sld_x',
  nowPlaying: '安全用电',
  fps: 58,
  heapBytes: 40e6,
  cacheBytes: 12e6,
  uptimeS: 3600,
  resolution: { width: 1920, height: 1080 },
  playerVersion: '1.2.3',
  clockOffsetMs: -12,
  ...extra,
});
const status = async (screenId: string) => {
  const r = await t.request('GET', '/api/screens/status', undefined, { cookie: t.admin });
  expect(r.status).toBe(200);
  return { ...r.body, mine: r.body.statuses.find((s: { screenId: string }) => s.screenId === screenId) };
};
/** Polls until `check` passes (or fails with its last error). */
const eventually = async (check: () => Promise<void> | void, timeoutMs = 3000): Promise<void> => {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (err) {
      if (Date.now() > until) throw err;
      await sleep(25);
    }
  }
};

/** A signed-in editor socket that records what it is told. */
const editorSocket = async (cookie: string) => {
  const ws = new WebSocket(`ws://127.0.0.1:${t.port}/ws/editor`, { headers: { cookie } });
  const messages: EditorMessage[] = [];
  ws.on('message', (d) => messages.push(JSON.parse(d.toString()) as EditorMessage));
  await new Promise((r) => ws.once('open', r));
  return { ws, messages };
};

describe('heartbeats and live status', () => {
  it('health marks a screen online with its figures, silence marks it offline, a frame brings it back, close is at once', async () => {
    const h = await t.makeHall('心跳厅');
    const editor = await editorSocket(t.admin);
    const c = await online(h.waiting.playerUrl);
    c.send(health());
    await c.sync();
    const s1 = await status(h.waiting.id);
    expect(s1.mine).toMatchObject({
      screenId: h.waiting.id,
      online: true,
      slideId: 'sld_x',
      nowPlaying: '安全用电',
      fps: 58,
      heapBytes: 40e6,
      cacheBytes: 12e6,
      uptimeS: 3600,
      resolution: { width: 1920, height: 1080 },
      playerVersion: '1.2.3',
      clockOffsetMs: -12,
      lastSeen: expect.any(String),
    });
    await eventually(() =>
      expect(editor.messages.some((m) => m.type === 'screenStatus' && m.status.screenId === h.waiting.id && m.status.nowPlaying === '安全用电')).toBe(true),
    );

    // The socket stays open (the test client answers protocol pings) but the page says nothing.
    await sleep(OFFLINE_MS + 200);
    expect(c.ws.readyState).toBe(c.ws.OPEN);
    expect((await status(h.waiting.id)).mine.online).toBe(false);
    expect(editor.messages.some((m) => m.type === 'screenStatus' && m.status.screenId === h.waiting.id && !m.status.online)).toBe(true);

    await c.sync();
    const lastFrame = Date.now();
    expect((await status(h.waiting.id)).mine.online).toBe(true);
    c.close();
    await c.closed;
    await eventually(async () => expect((await status(h.waiting.id)).mine.online).toBe(false), 1000);
    // Seen offline well inside the silence window: it was the close that did it.
    expect(Date.now() - lastFrame).toBeLessThan(OFFLINE_MS);
    editor.ws.close();
  });

  it('every screen is listed, never-seen ones offline', async () => {
    const h = await t.makeHall('清单厅');
    const s = await status(h.strip3.id);
    expect(s.mine).toEqual({ screenId: h.strip3.id, online: false, rejectedFrames: 0 });
  });

  it('a report becomes lastReport and reaches editors', async () => {
    const h = await t.makeHall('报告厅');
    const editor = await editorSocket(t.admin);
    const c = await online(h.waiting.playerUrl);
    c.send({ type: 'report', level: 'warn', code: 'slide_skipped', message: '视频卡住，已跳过', slideId: 'sld_v' });
    await c.sync();
    expect((await status(h.waiting.id)).mine.lastReport).toEqual({ level: 'warn', code: 'slide_skipped', message: '视频卡住，已跳过', at: expect.any(String) });
    await eventually(() => expect(editor.messages.some((m) => m.type === 'screenStatus' && m.status.lastReport?.code === 'slide_skipped')).toBe(true));
    editor.ws.close();
  });
});

describe('screenshots', () => {
  const png = (w = 1920, h = 1080) => sharp({ create: { width: w, height: h, channels: 3, background: { r: 200, g: 30, b: 30 } } }).png().toBuffer();
  const upload = (body: Buffer | string, headers: Record<string, string>) =>
    fetch(`${t.base}/api/player/screenshot`, { method: 'POST', body: typeof body === 'string' ? body : new Uint8Array(body), headers: { 'content-type': 'image/png', ...headers } });

  it('an upload is stored as WebP with a 480 px thumbnail, listed, served to staff and shown in the status', async () => {
    const h = await t.makeHall('截图厅');
    const id = h.waiting.id;
    const r = await upload(await png(), { 'x-screen-id': id, 'x-screen-key': keyOf(h.waiting.playerUrl) });
    expect(r.status).toBe(201);
    const shot = await r.json();
    expect(shot).toMatchObject({ width: 1920, height: 1080, url: expect.stringMatching(`/api/screens/${id}/screenshots/\\d+\\.webp$`) });

    const dir = path.join(t.dir, 'screenshots', id);
    expect(fs.readdirSync(dir).sort()).toEqual([...fs.readdirSync(dir).filter((f) => /^\d+(\.thumb)?\.webp$/.test(f)), 'latest.thumb.webp', 'latest.webp'].sort());
    const thumb = await sharp(path.join(dir, 'latest.thumb.webp')).metadata();
    expect(thumb).toMatchObject({ format: 'webp', width: 480, height: 270 });

    const list = await t.request('GET', `/api/screens/${id}/screenshots`, undefined, { cookie: t.admin });
    expect(list.body).toEqual([{ at: shot.at, url: shot.url, thumbUrl: shot.thumbUrl, width: 0, height: 0 }]);
    const img = await fetch(t.base + shot.thumbUrl, { headers: { cookie: await t.userCookie('operator') } });
    expect(img.status).toBe(200);
    expect(img.headers.get('content-type')).toBe('image/webp');
    expect((await fetch(t.base + shot.thumbUrl)).status).toBe(401);
    expect((await t.request('GET', `/api/screens/${id}/screenshots/..%2Fsecret.key`, undefined, { cookie: t.admin })).status).toBe(404);

    expect((await status(id)).mine).toMatchObject({ screenshotUrl: shot.thumbUrl, screenshotAt: shot.at });
  });

  it('a bad image, a wrong key, another screen\'s key, a missing type are refused; nothing is stored', async () => {
    const h = await t.makeHall('拒图厅');
    const id = h.waiting.id;
    const good = await png(64, 64);
    const mine = { 'x-screen-id': id, 'x-screen-key': keyOf(h.waiting.playerUrl) };

    const bad = await upload(Buffer.from('not an image at all'), mine);
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.code).toBe('bad_image');
    const truncated = await upload(good.subarray(0, 40), mine);
    expect(truncated.status).toBe(400);

    const wrong = await upload(good, { 'x-screen-id': id, 'x-screen-key': 'nope' });
    expect(wrong.status).toBe(401);
    // A device can never write for another screen, even with a valid key of its own.
    const other = await upload(good, { 'x-screen-id': id, 'x-screen-key': keyOf(h.exhibition.playerUrl) });
    expect(other.status).toBe(401);
    expect((await upload(good, {})).status).toBe(401);
    const text = await fetch(`${t.base}/api/player/screenshot`, { method: 'POST', body: 'x', headers: { 'content-type': 'text/plain', ...mine } });
    expect(text.status).toBe(415);
    const huge = await upload(Buffer.alloc(9 * 1024 * 1024), mine);
    expect(huge.status).toBe(413);

    expect(fs.existsSync(path.join(t.dir, 'screenshots', id))).toBe(false);
    expect((await t.request('GET', `/api/screens/${id}/screenshots`, undefined, { cookie: t.admin })).body).toEqual([]);
  });

  it('a screen with screenshotEveryMin is asked for a screenshot on its cadence', async () => {
    const h = await t.makeHall('定时截图厅');
    const c = await online(h.exhibition.playerUrl);
    const patched = await t.request('PATCH', `/api/screens/${h.exhibition.id}`, { screenshotEveryMin: 5 }, { cookie: t.admin });
    expect(patched.body.screenshotEveryMin).toBe(5);
    const cmd = await c.take('command', (m) => m.command === 'screenshot', 2000);
    expect(cmd.requestId).toMatch(/^cmd_/);
    // Not again within the period.
    await sleep(300);
    expect(c.messages.filter((m) => m.type === 'command')).toHaveLength(1);
  });
});

describe('remote commands', () => {
  it('a command reaches the open socket with a requestId, and commandDone is relayed to editors', async () => {
    const h = await t.makeHall('遥控厅');
    const editor = await editorSocket(t.admin);
    const c = await online(h.waiting.playerUrl);
    const r = await t.request('POST', `/api/screens/${h.waiting.id}/commands`, { command: 'identify' }, { cookie: await t.userCookie('operator') });
    expect(r.status).toBe(202);
    expect(r.body).toEqual({ requestId: expect.stringMatching(/^cmd_/), delivered: 1 });
    const cmd = await c.take('command');
    expect(cmd).toEqual({ type: 'command', command: 'identify', requestId: r.body.requestId });
    c.send({ type: 'commandDone', command: 'identify', requestId: r.body.requestId, ok: true, message: '已显示 10 秒' });
    await eventually(() =>
      expect(editor.messages.find((m) => m.type === 'commandDone')).toEqual({
        type: 'commandDone',
        screenId: h.waiting.id,
        command: 'identify',
        requestId: r.body.requestId,
        ok: true,
        message: '已显示 10 秒',
      }),
    );
    editor.ws.close();
  });

  it('an offline screen gets 409, an unknown command 400, an editor-role user 403', async () => {
    const h = await t.makeHall('离线遥控厅');
    const off = await t.request('POST', `/api/screens/${h.strip5.id}/commands`, { command: 'clearCache' }, { cookie: t.admin });
    expect(off.status).toBe(409);
    expect(off.body.error.message).toMatch(/离线/);
    expect((await t.request('POST', `/api/screens/${h.strip5.id}/commands`, { command: 'format' }, { cookie: t.admin })).status).toBe(400);
    expect((await t.request('POST', `/api/screens/${h.strip5.id}/commands`, { command: 'reload' }, { cookie: await t.userCookie('editor') })).status).toBe(403);
    expect((await t.request('POST', `/api/screens/scr_nope/commands`, { command: 'reload' }, { cookie: t.admin })).status).toBe(404);
  });
});

describe('proof of play', () => {
  it('a batch is stored (duplicates within it once) and the report and CSV count it per slide per day', async () => {
    const h = await t.makeHall('播放记录厅');
    const a = await t.approvedSlide('电费缴纳指南');
    const b = await t.approvedSlide('=HYPERLINK("x")');
    await onAir(h.hall.id, [a, b]);
    const c = await online(h.waiting.playerUrl);
    const other = await online(h.exhibition.playerUrl);
    const now = Date.now();
    const at = (minAgo: number) => new Date(now - minAgo * 60_000).toISOString();
    const items = [
      { slideId: a.id, startedAt: at(30), durationMs: 10_000 },
      { slideId: a.id, startedAt: at(20), durationMs: 10_000 },
      { slideId: a.id, startedAt: at(20), durationMs: 10_000 },
      { slideId: b.id, startedAt: at(10), durationMs: 8_000 },
    ];
    c.send({ type: 'playedBatch', items });
    c.send({ type: 'played', slideId: b.id, startedAt: at(5), durationMs: 8_000 });
    other.send({ type: 'played', slideId: a.id, startedAt: at(4), durationMs: 10_000 });
    await c.sync();
    await other.sync();

    const today = wallClock(now, 'Asia/Shanghai').date;
    await eventually(async () => {
      const r = await t.request('GET', `/api/reports/plays?from=${today}&to=${today}&screenId=${h.waiting.id}`, undefined, { cookie: t.admin });
      expect(r.status).toBe(200);
      // The 30-minutes-ago play may fall on yesterday right after midnight in Shanghai; count what is today.
      const day = (iso: string) => wallClock(Date.parse(iso), 'Asia/Shanghai').date;
      const expectedA = [at(30), at(20)].filter((x) => day(x) === today).length;
      const expectedB = [at(10), at(5)].filter((x) => day(x) === today).length;
      expect(r.body.days).toEqual([today]);
      expect(r.body.slides.find((s: { slideId: string }) => s.slideId === a.id)?.counts ?? [0]).toEqual([expectedA]);
      expect(r.body.slides.find((s: { slideId: string }) => s.slideId === b.id)).toMatchObject({ title: '=HYPERLINK("x")', counts: [expectedB], totalMs: expectedB * 8000 });
    });
    const hall = await t.request('GET', `/api/reports/plays?from=${today}&to=${today}&hallId=${h.hall.id}`, undefined, { cookie: t.admin });
    expect(hall.body.slides.reduce((n: number, s: { total: number }) => n + s.total, 0)).toBeGreaterThanOrEqual(3);

    const csv = await fetch(`${t.base}/api/reports/plays.csv?from=${today}&to=${today}&screenId=${h.waiting.id}`, { headers: { cookie: t.admin } });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const bytes = Buffer.from(await csv.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.toString('utf8').slice(1).trim().split('\r\n');
    expect(lines[0]).toBe('屏幕,屏幕编号,节目,节目编号,开始时间,时长（秒）');
    expect(lines.some((l) => l.startsWith(`叫号电视,${h.waiting.id},电费缴纳指南,${a.id},`) && l.endsWith(',10.0'))).toBe(true);
    // A title that looks like a formula is defused and quoted.
    expect(lines.some((l) => l.includes(`"'=HYPERLINK(""x"")"`))).toBe(true);
    expect(lines.every((l) => !l.includes(h.exhibition.id))).toBe(true);
  });

  it.each([
    ['no range', ''],
    ['a bad date', 'from=2026-02-30&to=2026-03-01'],
    ['from after to', 'from=2026-03-02&to=2026-03-01'],
    ['more than 92 days', 'from=2026-01-01&to=2026-04-30'],
  ])('%s is a clear 400', async (_name, query) => {
    for (const url of [`/api/reports/plays?${query}`, `/api/reports/plays.csv?${query}`]) {
      const r = await t.request('GET', url, undefined, { cookie: t.admin });
      expect(r.status).toBe(400);
      expect(r.body.error.code).toBe('bad_range');
    }
  });

  it('reports need a signed-in user', async () => {
    expect((await t.request('GET', '/api/reports/plays?from=2026-01-01&to=2026-01-02')).status).toBe(401);
  });
});

describe('bad input on the player socket', () => {
  it('malformed and schema-invalid frames are answered, counted per screen and overall, and the socket stays open', async () => {
    const h = await t.makeHall('坏输入厅');
    const c = await online(h.waiting.playerUrl);
    const before = (await status(h.waiting.id)).rejectedFrames;
    const frames: [unknown, string][] = [
      ['{"type":"health",', 'bad_json'],
      [health({ fps: 'fast' }), 'bad_message'],
      [health({ resolution: { width: -1, height: 0 } }), 'bad_message'],
      [{ type: 'playedBatch', items: [] }, 'bad_message'],
      [{ type: 'playedBatch', items: [{ slideId: 'x', startedAt: 'yesterday', durationMs: 1 }] }, 'bad_message'],
      [{ type: 'report', level: 'panic', code: 'x', message: 'y' }, 'bad_message'],
      [{ type: 'commandDone', command: 'rm -rf', ok: true }, 'bad_message'],
    ];
    for (const [frame, code] of frames) {
      c.send(frame);
      const err = await c.take('error');
      expect(err.code).toBe(code);
      expect(err.message.length).toBeGreaterThan(3);
    }
    await c.sync();
    expect(c.ws.readyState).toBe(c.ws.OPEN);
    const after = await status(h.waiting.id);
    expect(after.mine.rejectedFrames).toBe(frames.length);
    expect(after.rejectedFrames.total).toBe(before.total + frames.length);
    expect(after.rejectedFrames.byCode.bad_json).toBeGreaterThanOrEqual(1);
  });

  it('a batch over the limit is refused with a message that names the problem', async () => {
    const h = await t.makeHall('超批厅');
    const c = await online(h.waiting.playerUrl);
    const item = { slideId: 's', startedAt: new Date().toISOString(), durationMs: 1 };
    c.send({ type: 'playedBatch', items: Array.from({ length: PLAYED_BATCH_MAX + 1 }, () => item) });
    const err = await c.take('error');
    expect(err.code).toBe('bad_message');
    expect(err.message).toMatch(/playedBatch/);
  });

  it('an oversized frame gets too_large and the socket stays open; a huge one is closed with 1009, both counted', async () => {
    const h = await t.makeHall('超大帧厅');
    const c = await online(h.waiting.playerUrl);
    c.send(JSON.stringify({ type: 'report', level: 'info', code: 'x', message: 'x'.repeat(PLAYER_MAX_PAYLOAD) }));
    expect((await c.take('error')).code).toBe('too_large');
    await c.sync();
    const before = (await status(h.waiting.id)).mine.rejectedFrames;
    c.send('x'.repeat(PLAYER_MAX_PAYLOAD * 5));
    expect((await c.closed).code).toBe(1009);
    await eventually(async () => expect((await status(h.waiting.id)).mine.rejectedFrames).toBe(before + 1));
    const health = await t.request('GET', '/healthz');
    expect(health.body.rejectedFrames).toBeGreaterThanOrEqual(2);
  });

  it('a socket speaks for the screen it said hello as: a second hello for another screen is ignored', async () => {
    const h = await t.makeHall('冒充厅');
    const slide = await t.approvedSlide('冒充测试');
    await onAir(h.hall.id, [slide]);
    const c = await online(h.waiting.playerUrl);
    c.send({ type: 'hello', protocolVersion: 1, screenId: h.exhibition.id, key: keyOf(h.exhibition.playerUrl), playerVersion: 'x' });
    c.send({ type: 'played', slideId: slide.id, startedAt: new Date().toISOString(), durationMs: 1000 });
    c.send(health({ nowPlaying: '冒充' }));
    await c.sync();
    expect(c.messages.filter((m) => m.type === 'welcome')).toHaveLength(1);
    expect((await status(h.exhibition.id)).mine.online).toBe(false);
    expect((await status(h.waiting.id)).mine.nowPlaying).toBe('冒充');
    const today = wallClock(Date.now(), 'Asia/Shanghai').date;
    await eventually(async () => {
      const mine = await t.request('GET', `/api/reports/plays?from=${today}&to=${today}&screenId=${h.waiting.id}`, undefined, { cookie: t.admin });
      expect(mine.body.slides.map((s: { slideId: string }) => s.slideId)).toEqual([slide.id]);
    });
    const theirs = await t.request('GET', `/api/reports/plays?from=${today}&to=${today}&screenId=${h.exhibition.id}`, undefined, { cookie: t.admin });
    expect(theirs.body.slides).toEqual([]);
  });
});

describe('bad input over HTTP never gets a 5xx', () => {
  const BODIES = ['', 'null', '[]', '{}', '{"code":null}', '{"code":"ABCDEF"}', '{"code":"ABCDEF","screenId":123}', '{"command":["reload"]}', '{"__proto__":{"x":1}}', '{'];
  it.each(['/api/pairing/claim', '/api/pairing', '/api/screens/scr_nope/commands'])('POST %s', async (url) => {
    for (const body of BODIES) {
      const r = await t.request('POST', url, body, { cookie: t.admin });
      expect(r.status, `${url} ${body}`).toBeLessThan(500);
    }
  });
  it.each([
    '/api/pairing/x?secret[]=a',
    '/api/pairing/%E0%A4%A?secret=a',
    '/api/reports/plays?from[]=2026-01-01&to=2026-01-02',
    '/api/reports/plays?from=2026-01-01&to=2026-01-02&screenId[a]=1',
    '/api/reports/plays.csv?from=9999-12-31&to=9999-12-31',
    '/api/screens/scr_nope/screenshots',
    '/api/screens/scr_nope/devices',
  ])('GET %s', async (url) => {
    const r = await t.request('GET', url, undefined, { cookie: t.admin });
    expect(r.status, url).toBeLessThan(500);
  });
  it('odd screenshot uploads', async () => {
    for (const [type, id] of [['image/png; charset=utf-8', 'scr_nope'], ['image/gif', 'x'], ['application/json', '../..']]) {
      const r = await fetch(`${t.base}/api/player/screenshot`, { method: 'POST', body: '{}', headers: { 'content-type': type!, 'x-screen-id': id!, 'x-screen-key': 'k' } });
      expect(r.status).toBeLessThan(500);
    }
  });
});
