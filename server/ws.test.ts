/** `/ws/player`: hello and keys, bad frames, manifest pushes, call fan-out, key rotation. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloseCode, PROTOCOL_VERSION, ServerMessage } from '../content/protocol';
import { QUEUE_TOKEN, connectPlayer, connectScreen, startTestServer, type PlayerClient, type TestServer } from './test-server';

let t: TestServer;
const clients: PlayerClient[] = [];
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  for (const c of clients) c.close();
  await t.close();
});
const track = (c: PlayerClient): PlayerClient => (clients.push(c), c);
const screenOf = (playerUrl: string) => {
  const u = new URL(playerUrl);
  return { screenId: u.searchParams.get('screen')!, key: u.searchParams.get('key')! };
};
const hello = (screenId: string, key: string, extra: object = {}) => ({ type: 'hello', protocolVersion: PROTOCOL_VERSION, screenId, key, playerVersion: 'test', ...extra });
/** Connected, welcomed and holding its first manifest. */
const online = async (playerUrl: string): Promise<PlayerClient> => {
  const c = track(connectScreen(t.port, playerUrl));
  await c.take('manifest');
  return c;
};

describe('hello', () => {
  it('a good key gets welcome, then a manifest with only approved slides and the schedules for this screen', async () => {
    const h = await t.makeHall('握手厅');
    const approved = await t.approvedSlide('已审核');
    const draft = await t.create('/api/slides', { type: 'notice', title: '草稿' });
    const mine = await t.create('/api/playlists', { name: 'mine', items: [{ slideId: approved.id }, { slideId: draft.id }] });
    const ours = await t.create('/api/schedules', { name: '本屏', target: { screenIds: [h.waiting.id] }, playlistId: mine.id });
    const area = await t.create('/api/schedules', { name: '本区', target: { hallIds: [h.hall.id], areas: ['waiting'] }, playlistId: mine.id });
    await t.create('/api/schedules', { name: '他屏', target: { screenIds: [h.exhibition.id] }, playlistId: mine.id });

    const c = track(connectScreen(t.port, h.waiting.playerUrl));
    const manifest = await c.take('manifest');
    expect(c.messages[0]).toMatchObject({ type: 'welcome', protocolVersion: PROTOCOL_VERSION, screenId: h.waiting.id });
    expect(c.messages[1]).toBe(manifest);
    expect(() => ServerMessage.parse(manifest)).not.toThrow();
    const m = manifest.manifest;
    expect(m.screen.id).toBe(h.waiting.id);
    expect(m.screen).not.toHaveProperty('keyGeneration');
    expect(m.hall.id).toBe(h.hall.id);
    expect(m.schedules.map((s) => s.id).sort()).toEqual([ours.id, area.id].sort());
    expect(m.slides.map((s) => s.id)).toEqual([approved.id]);
  });

  it.each([
    ['a wrong key in the URL, before any hello', (id: string) => connectPlayer(t.port, `?screen=${id}&key=wrong-key`)],
    ['a wrong key in hello', (id: string) => {
      const c = connectPlayer(t.port, '');
      c.send(hello(id, 'wrong-key'));
      return c;
    }],
    ['an unknown screen', () => {
      const c = connectPlayer(t.port, '');
      c.send(hello('scr_nope', 'whatever'));
      return c;
    }],
  ])('%s is closed with BAD_KEY', async (_name, open) => {
    const h = await t.makeHall('钥匙厅');
    const c = track(open(h.waiting.id));
    expect((await c.closed).code).toBe(CloseCode.BAD_KEY);
    expect(c.messages.filter((m) => m.type === 'welcome' || m.type === 'manifest')).toEqual([]);
  });

  it('another protocol version is closed with CLIENT_TOO_OLD', async () => {
    const h = await t.makeHall('版本厅');
    const c = track(connectScreen(t.port, h.waiting.playerUrl, { protocolVersion: PROTOCOL_VERSION + 1 }));
    expect((await c.closed).code).toBe(CloseCode.CLIENT_TOO_OLD);
  });
});

describe('bad frames get an error and the socket stays open', () => {
  let c: PlayerClient;
  beforeAll(async () => {
    c = await online((await t.makeHall('坏帧厅')).waiting.playerUrl);
  });
  it.each([
    ['not JSON', 'hello?', 'bad_json'],
    ['an unknown type', JSON.stringify({ type: 'dance' }), 'bad_message'],
    ['a known type with bad fields', JSON.stringify({ type: 'health', fps: -1, uptimeS: 1, resolution: { width: 1, height: 1 } }), 'bad_message'],
    ['a JSON array', '[1,2,3]', 'bad_message'],
    ['JSON null', 'null', 'bad_message'],
  ])('%s', async (_name, frame, code) => {
    c.send(frame);
    expect((await c.take('error')).code).toBe(code);
    await c.sync();
    expect(c.ws.readyState).toBe(c.ws.OPEN);
  });

  it('a binary frame', async () => {
    c.ws.send(Buffer.from([1, 2, 3]));
    expect((await c.take('error')).code).toBe('binary');
    await c.sync();
  });

  it('a ping before hello is answered with hello_first, and hello still works after it', async () => {
    const h = await t.makeHall('先后厅');
    const { screenId, key } = screenOf(h.waiting.playerUrl);
    const early = track(connectPlayer(t.port, ''));
    early.send({ type: 'ping', t: 1 });
    expect((await early.take('error')).code).toBe('hello_first');
    early.send(hello(screenId, key));
    await early.take('welcome');
    await early.take('manifest');
  });
});

describe('manifest pushes', () => {
  it('a new approved slide in a scheduled playlist reaches the targeted screen, not the others', async () => {
    const h = await t.makeHall('推送厅');
    const first = await t.approvedSlide('第一张');
    const playlist = await t.create('/api/playlists', { name: '推送列表', items: [{ slideId: first.id }] });
    await t.create('/api/schedules', { name: '推送排期', target: { screenIds: [h.waiting.id] }, playlistId: playlist.id });
    const target = await online(h.waiting.playerUrl);
    const bystander = await online(h.exhibition.playerUrl);

    const second = await t.approvedSlide('第二张');
    const put = await t.request('PUT', `/api/playlists/${playlist.id}`, { name: '推送列表', items: [{ slideId: first.id }, { slideId: second.id }] }, { cookie: t.admin });
    expect(put.status).toBe(200);
    const pushed = await target.take('manifest', (m) => m.manifest.slides.some((s) => s.id === second.id));
    expect(pushed.manifest.playlists.find((p) => p.id === playlist.id)?.items).toHaveLength(2);
    await bystander.sync();
    expect(bystander.messages.filter((m) => m.type === 'manifest')).toHaveLength(1);
  });

  it('a draft slide added to a scheduled playlist is not pushed until it is approved', async () => {
    const h = await t.makeHall('审核厅');
    const first = await t.approvedSlide('已播');
    const playlist = await t.create('/api/playlists', { name: '列表', items: [{ slideId: first.id }] });
    await t.create('/api/schedules', { name: '排期', target: { hallIds: [h.hall.id] }, playlistId: playlist.id });
    const c = await online(h.waiting.playerUrl);
    const draft = await t.create('/api/slides', { type: 'notice', title: '待审' });
    await t.request('PUT', `/api/playlists/${playlist.id}`, { name: '列表', items: [{ slideId: first.id }, { slideId: draft.id }] }, { cookie: t.admin });
    const withItem = await c.take('manifest');
    expect(withItem.manifest.slides.map((s) => s.id)).toEqual([first.id]);
    await t.request('POST', `/api/slides/${draft.id}/approve`, undefined, { cookie: t.admin });
    const approved = await c.take('manifest');
    expect(approved.manifest.slides.map((s) => s.id).sort()).toEqual([first.id, draft.id].sort());
  });

  it('an override reaches its screens inside the manifest and leaves when cleared', async () => {
    const h = await t.makeHall('插播厅');
    const c = await online(h.waiting.playerUrl);
    const other = await online(h.strip5.playerUrl);
    const ovr = await t.create('/api/overrides', { kind: 'emergency', target: { screenIds: [h.waiting.id] }, title: '紧急疏散' });
    const on = await c.take('manifest', (m) => m.manifest.overrides.some((o) => o.id === ovr.id));
    expect(on.manifest.overrides[0]).toMatchObject({ kind: 'emergency', title: '紧急疏散' });
    await t.request('DELETE', `/api/overrides/${ovr.id}`, undefined, { cookie: t.admin });
    await c.take('manifest', (m) => m.manifest.overrides.length === 0);
    await other.sync();
    expect(other.messages.filter((m) => m.type === 'manifest')).toHaveLength(1);
  });
});

describe('queue calls over the socket', () => {
  it('reach the waiting area and their own counter strip, not the exhibition screen or other counters', async () => {
    const h = await t.makeHall('分发厅');
    const [tv, show, strip3, strip5] = await Promise.all([h.waiting, h.exhibition, h.strip3, h.strip5].map((s) => online(s.playerUrl)));
    const r = await t.request('POST', '/api/queue/calls', { ticket: 'A023', counter: 3, hallId: h.hall.id, id: 'ws-fan-1' }, { bearer: QUEUE_TOKEN });
    expect(r.body.screens).toBe(2);
    for (const c of [tv!, strip3!]) expect((await c.take('call')).call).toMatchObject({ id: 'ws-fan-1', text: '请 A023 号到 3 号窗口办理' });
    await Promise.all([show!.sync(), strip5!.sync()]);
    expect([...show!.messages, ...strip5!.messages].filter((m) => m.type === 'call')).toEqual([]);

    await t.request('POST', '/api/queue/calls', { ticket: 'A024', counter: '5', hallId: h.hall.id, id: 'ws-fan-2' }, { bearer: QUEUE_TOKEN });
    expect((await strip5!.take('call')).call.id).toBe('ws-fan-2');
    await tv!.take('call', (m) => m.call.id === 'ws-fan-2');
    await strip3!.sync();
    expect(strip3!.messages.filter((m) => m.type === 'call').map((m) => m.type === 'call' && m.call.id)).toEqual(['ws-fan-1']);
  });

  it('a screen that (re)connects right after a call still gets it', async () => {
    const h = await t.makeHall('重连厅');
    await t.request('POST', '/api/queue/calls', { ticket: 'A030', counter: '3', hallId: h.hall.id, id: 'ws-replay' }, { bearer: QUEUE_TOKEN });
    const late = await online(h.waiting.playerUrl);
    expect((await late.take('call')).call.id).toBe('ws-replay');
  });
});

describe('key rotation, deletion and commands', () => {
  it('rotating the key closes the connected player with BAD_KEY; only the new playerUrl works', async () => {
    const h = await t.makeHall('换钥厅');
    const c = await online(h.waiting.playerUrl);
    const r = await t.request('POST', `/api/screens/${h.waiting.id}/rotate-key`, undefined, { cookie: t.admin });
    expect(r.status).toBe(200);
    expect(r.body.playerUrl).not.toBe(h.waiting.playerUrl);
    expect((await c.closed).code).toBe(CloseCode.BAD_KEY);
    expect((await track(connectScreen(t.port, h.waiting.playerUrl)).closed).code).toBe(CloseCode.BAD_KEY);
    await online(r.body.playerUrl);
  });

  it('deleting the screen closes its player with SCREEN_GONE', async () => {
    const h = await t.makeHall('删除厅');
    const c = await online(h.strip5.playerUrl);
    expect((await t.request('DELETE', `/api/screens/${h.strip5.id}`, undefined, { cookie: t.admin })).status).toBe(204);
    expect((await c.closed).code).toBe(CloseCode.SCREEN_GONE);
  });

  it('a reload command reaches the screen', async () => {
    const h = await t.makeHall('命令厅');
    const c = await online(h.waiting.playerUrl);
    const r = await t.request('POST', `/api/screens/${h.waiting.id}/commands`, { command: 'reload' }, { cookie: t.admin });
    expect(r).toMatchObject({ status: 202, body: { delivered: 1 } });
    expect((await c.take('command')).command).toBe('reload');
  });
});
