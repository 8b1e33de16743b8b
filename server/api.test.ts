/** The HTTP contract: health, login, who may do what, and the error shape of every refusal. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUEUE_TOKEN, startTestServer, type Reply, type TestServer } from './test-server';

let t: TestServer;
let editor: string;
let operator: string;
beforeAll(async () => {
  t = await startTestServer();
  editor = await t.userCookie('editor');
  operator = await t.userCookie('operator');
});
afterAll(() => t.close());

/** Asserts the contract error shape and returns the code. */
function errorCode(r: Reply): string {
  expect(r.headers.get('content-type')).toMatch(/application\/json/);
  expect(r.body).toEqual({ error: { code: expect.any(String), message: expect.any(String) } });
  expect(r.body.error.message.length).toBeGreaterThan(0);
  return r.body.error.code;
}

describe('health and login', () => {
  it('GET /healthz answers 200 JSON', async () => {
    const r = await t.request('GET', '/healthz');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/application\/json/);
    expect(r.body).toMatchObject({ status: 'ok' });
    expect(r.body.warnings).toBeUndefined();
  });

  it("GET /healthz names the store's warnings (a failing journal compaction) and still answers 200", async () => {
    const store = t.store as { warnings?: () => string[] };
    const own = store.warnings;
    store.warnings = () => ['实时日志压缩连续失败 3 次'];
    try {
      const r = await t.request('GET', '/healthz');
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ status: 'ok', warnings: ['实时日志压缩连续失败 3 次'] });
    } finally {
      store.warnings = own;
    }
  });

  it('login answers 200 with the user and an httpOnly SameSite session cookie', async () => {
    const r = await t.request('POST', '/api/auth/login', { username: 'admin', password: 'pw-admin-1' });
    expect(r.status).toBe(200);
    expect(r.body.user).toMatchObject({ username: 'admin', role: 'admin' });
    expect(JSON.stringify(r.body)).not.toContain('scrypt');
    const cookie = r.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^hs_session=[^;]+/);
    expect(cookie).toMatch(/;\s*HttpOnly/i);
    expect(cookie).toMatch(/;\s*SameSite=(Lax|Strict)/i);
    expect(cookie).toMatch(/;\s*Path=\//i);
  });

  it.each([
    ['a wrong password', { username: 'admin', password: 'nope' }],
    ['an unknown user', { username: 'ghost', password: 'pw-admin-1' }],
  ])('login with %s answers 401 bad_credentials and sets no cookie', async (_name, body) => {
    const r = await t.request('POST', '/api/auth/login', body);
    expect(r.status).toBe(401);
    expect(errorCode(r)).toBe('bad_credentials');
    expect(r.headers.get('set-cookie')).toBeNull();
  });

  it('a session works for /me until logout, then is refused', async () => {
    const cookie = await t.login();
    expect((await t.request('GET', '/api/auth/me', undefined, { cookie })).status).toBe(200);
    expect((await t.request('POST', '/api/auth/logout', undefined, { cookie })).status).toBe(204);
    const after = await t.request('GET', '/api/auth/me', undefined, { cookie });
    expect(after.status).toBe(401);
    expect(errorCode(after)).toBe('unauthenticated');
  });
});

describe('every write needs a session or a token with the right scope', () => {
  const writes: [string, string][] = [
    ['POST', '/api/halls'],
    ['POST', '/api/screens'],
    ['PATCH', '/api/screens/scr_x'],
    ['DELETE', '/api/screens/scr_x'],
    ['POST', '/api/screens/scr_x/rotate-key'],
    ['POST', '/api/screens/scr_x/commands'],
    ['POST', '/api/slides'],
    ['PUT', '/api/slides/sld_x'],
    ['POST', '/api/slides/sld_x/submit'],
    ['POST', '/api/slides/sld_x/approve'],
    ['DELETE', '/api/slides/sld_x'],
    ['POST', '/api/playlists'],
    ['PUT', '/api/playlists/pl_x'],
    ['POST', '/api/schedules'],
    ['DELETE', '/api/schedules/sch_x'],
    ['POST', '/api/overrides'],
    ['DELETE', '/api/overrides/ovr_x'],
    ['POST', '/api/queue/calls'],
    ['POST', '/api/media'],
  ];
  it.each(writes)('%s %s without credentials answers 401', async (method, url) => {
    const r = await t.request(method, url, { name: 'x' });
    expect(r.status).toBe(401);
    errorCode(r);
  });

  it.each(writes)('%s %s with an unknown bearer token answers 401', async (method, url) => {
    const r = await t.request(method, url, { name: 'x' }, { bearer: 'not-a-token' });
    expect(r.status).toBe(401);
    expect(errorCode(r)).toBe('bad_token');
  });

  it.each(['Basic YWRtaW46cHc=', 'Bearer', 'Bearer a b'])('a malformed Authorization header (%s) answers 401', async (authorization) => {
    const r = await t.request('POST', '/api/queue/calls', { ticket: 'A1', counter: '1' }, {}, { authorization });
    expect(r.status).toBe(401);
    errorCode(r);
  });

  it('reads need a session too', async () => {
    for (const url of ['/api/halls', '/api/screens', '/api/slides', '/api/playlists', '/api/schedules', '/api/overrides', '/api/media']) {
      const r = await t.request('GET', url);
      expect(r.status, url).toBe(401);
    }
  });

  const forbidden: [string, string, string, () => { cookie?: string; bearer?: string }][] = [
    ['an editor', 'POST', '/api/halls', () => ({ cookie: editor })],
    ['an editor', 'POST', '/api/screens', () => ({ cookie: editor })],
    ['an editor', 'POST', '/api/slides/sld_x/approve', () => ({ cookie: editor })],
    ['an editor', 'POST', '/api/screens/scr_x/rotate-key', () => ({ cookie: editor })],
    ['an editor', 'POST', '/api/overrides', () => ({ cookie: editor })],
    ['an editor', 'POST', '/api/queue/calls', () => ({ cookie: editor })],
    ['an operator', 'POST', '/api/slides', () => ({ cookie: operator })],
    ['an operator', 'POST', '/api/playlists', () => ({ cookie: operator })],
    ['an operator', 'POST', '/api/schedules', () => ({ cookie: operator })],
    ['an operator', 'POST', '/api/halls', () => ({ cookie: operator })],
    ['an operator', 'POST', '/api/slides/sld_x/approve', () => ({ cookie: operator })],
    ['the queue token', 'POST', '/api/slides', () => ({ bearer: QUEUE_TOKEN })],
    ['the queue token', 'POST', '/api/halls', () => ({ bearer: QUEUE_TOKEN })],
    ['the queue token', 'POST', '/api/overrides', () => ({ bearer: QUEUE_TOKEN })],
    ['the queue token', 'GET', '/api/screens', () => ({ bearer: QUEUE_TOKEN })],
  ];
  it.each(forbidden)('%s gets 403 on %s %s', async (_who, method, url, auth) => {
    const r = await t.request(method, url, method === 'GET' ? undefined : { name: 'x' }, auth());
    expect(r.status).toBe(403);
    expect(errorCode(r)).toBe('forbidden');
  });

  it('an editor may create slides, an operator may post overrides and test calls', async () => {
    expect((await t.request('POST', '/api/slides', { type: 'notice', title: '编辑的通知' }, { cookie: editor })).status).toBe(201);
    const ovr = await t.request('POST', '/api/overrides', { kind: 'message', target: { all: true }, title: '请保管好随身物品' }, { cookie: operator });
    expect(ovr.status).toBe(201);
    expect((await t.request('DELETE', `/api/overrides/${ovr.body.id}`, undefined, { cookie: operator })).status).toBe(204);
    expect((await t.request('POST', '/api/queue/calls', { ticket: 'A001', counter: '1' }, { cookie: operator })).status).toBe(202);
  });
});

describe('bad requests get a 4xx with { error: { code, message } }', () => {
  it.each([
    ['GET', '/api/nope'],
    ['POST', '/api/halls/x/y/z'],
    ['DELETE', '/api/halls'],
  ])('an unknown endpoint %s %s answers 404 JSON', async (method, url) => {
    const r = await t.request(method, url, undefined, { cookie: t.admin });
    expect(r.status).toBe(404);
    expect(errorCode(r)).toBe('no_such_endpoint');
  });

  it.each([
    ['GET', '/api/slides/sld_nope', undefined],
    ['GET', '/api/playlists/pl_nope', undefined],
    ['GET', '/api/schedules/sch_nope', undefined],
    ['GET', '/api/screens/scr_nope', undefined],
    ['GET', '/api/screens/scr_nope/resolve', undefined],
    ['POST', '/api/slides/sld_nope/approve', undefined],
    ['POST', '/api/slides/sld_nope/submit', undefined],
    ['PUT', '/api/slides/sld_nope', { type: 'notice', title: 't' }],
    ['PUT', '/api/playlists/pl_nope', { name: 'n', items: [] }],
    ['PATCH', '/api/screens/scr_nope', { name: 'n' }],
    ['POST', '/api/screens/scr_nope/rotate-key', undefined],
    ['POST', '/api/screens/scr_nope/commands', { command: 'reload' }],
    ['DELETE', '/api/slides/sld_nope', undefined],
    ['DELETE', '/api/playlists/pl_nope', undefined],
    ['DELETE', '/api/schedules/sch_nope', undefined],
    ['DELETE', '/api/screens/scr_nope', undefined],
    ['DELETE', '/api/overrides/ovr_nope', undefined],
  ])('%s %s with an unknown id answers 404', async (method, url, body) => {
    const r = await t.request(method, url, body, { cookie: t.admin });
    expect(r.status).toBe(404);
    expect(errorCode(r)).toBe('not_found');
  });

  it.each(['{', '{"name": }', "{'name': 'x'}", '{"name":"x"}}'])('malformed JSON %s answers 400 bad_json', async (raw) => {
    const r = await t.request('POST', '/api/halls', raw, { cookie: t.admin });
    expect(r.status).toBe(400);
    expect(errorCode(r)).toBe('bad_json');
  });

  it('a body over 256 KB answers 413', async () => {
    const r = await t.request('POST', '/api/slides', { type: 'notice', title: 't', body: 'x'.repeat(300 * 1024) }, { cookie: t.admin });
    expect(r.status).toBe(413);
    expect(errorCode(r)).toBe('too_large');
  });

  it('a form body (not JSON at all) answers 415: JSON endpoints take JSON only', async () => {
    const r = await t.request('POST', '/api/halls', 'name=x', { cookie: t.admin }, { 'content-type': 'application/x-www-form-urlencoded' });
    expect(r.status).toBe(415);
    errorCode(r);
  });
});
