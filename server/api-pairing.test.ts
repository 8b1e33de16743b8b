/** Pairing by code: start → claim → poll → hello with the device key; single use, expiry, revocation. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PAIRING_ALPHABET } from '../content/pairing';
import { CloseCode, PROTOCOL_VERSION } from '../content/protocol';
import { connectPlayer, startTestServer, type PlayerClient, type TestServer } from './test-server';

let t: TestServer;
const clients: PlayerClient[] = [];
beforeAll(async () => {
  t = await startTestServer({ screenOps: { pairing: { perMinute: 1000 } } });
});
afterAll(async () => {
  for (const c of clients) c.close();
  await t.close();
});

const start = async (srv: TestServer = t) => {
  const r = await srv.request('POST', '/api/pairing', undefined, {}, { 'user-agent': 'Kiosk-Chromium/1' });
  expect(r.status).toBe(201);
  return r.body as { pairingId: string; code: string; secret: string; expiresAt: string };
};
const poll = (p: { pairingId: string; secret: string }, srv: TestServer = t) =>
  srv.request('GET', `/api/pairing/${p.pairingId}?secret=${encodeURIComponent(p.secret)}`);
const claim = (body: object, cookie = t.admin, srv: TestServer = t) => srv.request('POST', '/api/pairing/claim', body, { cookie });
const helloWith = (screenId: string, key: string): PlayerClient => {
  const c = connectPlayer(t.port, '');
  clients.push(c);
  c.send({ type: 'hello', protocolVersion: PROTOCOL_VERSION, screenId, key, playerVersion: 'test' });
  return c;
};
/** A device paired as a new screen of a new hall; returns its key. */
const pairNew = async (name: string) => {
  const hall = await t.create('/api/halls', { name: `${name}厅` });
  const p = await start();
  const c = await claim({ code: p.code, name, hallId: hall.id, area: 'waiting', kind: 'tv' });
  expect(c.status).toBe(201);
  const polled = await poll(p);
  return { hall, screen: c.body.screen, deviceId: c.body.deviceId as string, key: polled.body.key as string };
};

describe('pairing', () => {
  it('start gives a 6-character code from the unambiguous alphabet, a secret and an expiry', async () => {
    const p = await start();
    expect(p.code).toMatch(new RegExp(`^[${PAIRING_ALPHABET}]{6}$`));
    expect(p.secret.length).toBeGreaterThanOrEqual(24);
    expect(Date.parse(p.expiresAt) - Date.now()).toBeGreaterThan(9 * 60_000);
    expect((await poll(p)).body).toEqual({ status: 'waiting', expiresAt: p.expiresAt });
  });

  it('start → claim as a new screen → poll hands out the key once → hello with it plays', async () => {
    const hall = await t.create('/api/halls', { name: '配对厅' });
    const p = await start();
    // Staff may type the code in lower case with a dash.
    const typed = `${p.code.slice(0, 3)}-${p.code.slice(3)}`.toLowerCase();
    const c = await claim({ code: typed, name: '大厅电视', hallId: hall.id, area: 'waiting', kind: 'tv' });
    expect(c.status).toBe(201);
    expect(c.body.screen).toMatchObject({ name: '大厅电视', hallId: hall.id, area: 'waiting', kind: 'tv' });
    expect(c.body.screen.devices).toEqual([{ id: c.body.deviceId, label: 'Kiosk-Chromium/1', pairedAt: expect.any(String) }]);
    expect(JSON.stringify(c.body)).not.toContain('keyHash');

    const first = await poll(p);
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ status: 'paired', screenId: c.body.screen.id, key: expect.any(String), deviceId: c.body.deviceId });
    const again = await poll(p);
    expect(again.status).toBe(404);
    expect(again.body.error.message).toMatch(/配对/);

    // The key is stored only as a hash.
    const stored = t.store.get('screens', c.body.screen.id)!;
    expect(stored.devices[0]!.keyHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(stored)).not.toContain(first.body.key);

    const player = helloWith(first.body.screenId, first.body.key);
    expect((await player.take('welcome')).screenId).toBe(c.body.screen.id);
    expect((await player.take('manifest')).manifest.screen).not.toHaveProperty('devices');
  });

  it('claiming onto an existing screen adds a device; the playerUrl key keeps working beside it', async () => {
    const { screen, key } = await pairNew('双机屏');
    const p = await start();
    const c = await claim({ code: p.code, screenId: screen.id });
    expect(c.status).toBe(201);
    expect(c.body.screen.devices).toHaveLength(2);
    const second = (await poll(p)).body;
    expect(second.key).not.toBe(key);
    const list = await t.request('GET', `/api/screens/${screen.id}/devices`, undefined, { cookie: t.admin });
    expect(list.body.map((d: { id: string }) => d.id)).toEqual([screen.devices[0].id, c.body.deviceId]);
    expect(JSON.stringify(list.body)).not.toContain('keyHash');

    const a = helloWith(screen.id, key);
    const b = helloWith(screen.id, second.key);
    const url = new URL(screen.playerUrl);
    const prov = helloWith(screen.id, url.searchParams.get('key')!);
    await Promise.all([a.take('manifest'), b.take('manifest'), prov.take('manifest')]);
  });

  it('a used, unknown or mistyped code is refused with a message that says what to do', async () => {
    const hall = await t.create('/api/halls', { name: '拒绝厅' });
    const p = await start();
    const body = { code: p.code, name: '屏', hallId: hall.id, area: 'guide', kind: 'kiosk' };
    expect((await claim(body)).status).toBe(201);
    const used = await claim(body);
    expect(used.status).toBe(410);
    expect(used.body.error).toEqual({ code: 'pairing_code_used', message: expect.stringMatching(/已被使用/) });

    const unknownCode = [...p.code].map((ch) => (ch === '2' ? '3' : '2')).join('');
    const unknown = await claim({ ...body, code: unknownCode });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toMatch(/不存在/);
    const typo = await claim({ ...body, code: 'O0I1' });
    expect(typo.status).toBe(400);
    expect(typo.body.error.message).toMatch(/6 位/);
  });

  it('a claim with an unknown hall is refused without burning the code', async () => {
    const hall = await t.create('/api/halls', { name: '留码厅' });
    const p = await start();
    const bad = await claim({ code: p.code, name: '屏', hallId: 'hall_nope', area: 'guide', kind: 'tv' });
    expect(bad.status).toBe(400);
    expect((await claim({ code: p.code, name: '屏', hallId: hall.id, area: 'guide', kind: 'tv' })).status).toBe(201);
  });

  it('only admins claim; a poll needs the right secret', async () => {
    const p = await start();
    expect((await t.request('POST', '/api/pairing/claim', { code: p.code, screenId: 'x' })).status).toBe(401);
    expect((await claim({ code: p.code, screenId: 'x' }, await t.userCookie('operator'))).status).toBe(403);
    expect((await poll({ pairingId: p.pairingId, secret: 'guess' })).status).toBe(404);
    expect((await t.request('GET', `/api/pairing/${p.pairingId}`)).status).toBe(400);
  });
});

describe('expiry and rate limit', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer({ screenOps: { pairing: { perMinute: 3, ttlMs: 150 } } });
  });
  afterAll(() => s.close());

  it('an expired code cannot be claimed, and its device is told to get a new one', async () => {
    const hall = await s.create('/api/halls', { name: '过期厅' });
    const p = await start(s);
    await new Promise((r) => setTimeout(r, 250));
    const r = await claim({ code: p.code, name: '屏', hallId: hall.id, area: 'guide', kind: 'tv' }, s.admin, s);
    expect(r.status).toBe(410);
    expect(r.body.error.message).toMatch(/过期/);
    expect((await poll(p, s)).status).toBe(410);
  });

  it('more than the allowed starts per minute from one address get 429 in Chinese', async () => {
    // One start was spent above.
    await start(s);
    await start(s);
    const r = await s.request('POST', '/api/pairing');
    expect(r.status).toBe(429);
    expect(r.body.error).toEqual({ code: 'too_many_pairings', message: expect.stringMatching(/频繁/) });
  });
});

describe('revocation', () => {
  it('revoking a device closes its socket with BAD_KEY and its key no longer says hello', async () => {
    const { screen, deviceId, key } = await pairNew('吊销屏');
    const c = helloWith(screen.id, key);
    await c.take('manifest');
    const prov = helloWith(screen.id, new URL(screen.playerUrl).searchParams.get('key')!);
    await prov.take('manifest');

    const r = await t.request('DELETE', `/api/screens/${screen.id}/devices/${deviceId}`, undefined, { cookie: t.admin });
    expect(r.status).toBe(204);
    expect((await c.closed).code).toBe(CloseCode.BAD_KEY);
    const later = helloWith(screen.id, key);
    expect((await later.closed).code).toBe(CloseCode.BAD_KEY);
    // The provisioning socket is untouched.
    await prov.sync();
    expect(prov.ws.readyState).toBe(prov.ws.OPEN);
    expect((await t.request('DELETE', `/api/screens/${screen.id}/devices/${deviceId}`, undefined, { cookie: t.admin })).status).toBe(404);
    expect((await t.request('GET', `/api/screens/${screen.id}/devices`, undefined, { cookie: t.admin })).body).toEqual([]);
  });

  it('rotating the provisioning key leaves paired devices connected', async () => {
    const { screen, key } = await pairNew('轮换屏');
    const c = helloWith(screen.id, key);
    await c.take('manifest');
    const prov = helloWith(screen.id, new URL(screen.playerUrl).searchParams.get('key')!);
    await prov.take('manifest');
    expect((await t.request('POST', `/api/screens/${screen.id}/rotate-key`, undefined, { cookie: t.admin })).status).toBe(200);
    expect((await prov.closed).code).toBe(CloseCode.BAD_KEY);
    await c.sync();
    expect(c.ws.readyState).toBe(c.ws.OPEN);
  });
});
