/** Users, the audit trail and the auth holes, attacked from outside with real HTTP and real sockets. */
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './test-server';

let t: TestServer;
let hallA: string;
let hallB: string;
const PW = 'tall-river-42';
beforeAll(async () => {
  t = await startTestServer();
  hallA = (await t.create('/api/halls', { name: 'A 厅' })).id;
  hallB = (await t.create('/api/halls', { name: 'B 厅' })).id;
});
afterAll(() => t?.close());

/** Opens /ws/editor with a cookie and an Origin; resolves with the first message or the refusal status. */
function editorSocket(cookie: string, origin: string): Promise<{ ws?: WebSocket; status?: number; first?: any }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${t.port}/ws/editor`, { headers: { cookie, origin } });
    ws.once('message', (d) => resolve({ ws, first: JSON.parse(d.toString()) }));
    ws.once('unexpected-response', (_req, res) => resolve({ status: res.statusCode }));
    ws.on('error', () => {});
  });
}

describe('CSRF and cross-site WebSocket hijacking', () => {
  it('a write with the admin cookie from another origin (another port of the same host) is refused', async () => {
    const evil = `http://127.0.0.1:${t.port + 1}`;
    const r = await t.request('POST', '/api/halls', { name: '钓鱼厅' }, { cookie: t.admin }, { origin: evil, 'sec-fetch-site': 'same-site' });
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe('cross_site_request');
    expect((await t.request('GET', '/api/halls', undefined, { cookie: t.admin })).body.map((h: { name: string }) => h.name)).not.toContain('钓鱼厅');
  });

  it('the same write from our own origin, or from a server with a bearer token and no Origin, passes', async () => {
    const own = await t.request('POST', '/api/halls', { name: '本站厅' }, { cookie: t.admin }, { origin: t.base, 'sec-fetch-site': 'same-origin' });
    expect(own.status).toBe(201);
    const server = await t.request('POST', '/api/queue/calls', { ticket: 'A001', counter: '1', hallId: hallA }, { bearer: 'tok-queue-1' }, { origin: 'http://elsewhere.test' });
    expect(server.status).toBe(202);
  });

  it.each([
    ['text/plain', '{"name":"x"}'],
    ['application/x-www-form-urlencoded', 'name=x'],
    ['multipart/form-data; boundary=x', '--x--'],
  ])('a %s body to a JSON endpoint gets 415', async (type, body) => {
    const r = await t.request('POST', '/api/halls', body, { cookie: t.admin }, { 'content-type': type });
    expect(r.status).toBe(415);
  });

  it('an editor socket opened from another origin is refused; from our own it opens', async () => {
    expect((await editorSocket(t.admin, 'http://evil.test')).status).toBe(403);
    const ok = await editorSocket(t.admin, t.base);
    expect(ok.first.type).toBe('screens');
    ok.ws!.close();
  });

  it('the staff cookie is SameSite=Strict and httpOnly', async () => {
    const r = await t.request('POST', '/api/auth/login', { username: 'admin', password: 'pw-admin-1' });
    expect(r.headers.get('set-cookie')).toMatch(/SameSite=Strict/i);
    expect(r.headers.get('set-cookie')).toMatch(/HttpOnly/i);
  });
});

describe('users', () => {
  it('creates a user with halls and a default display name; refuses weak passwords', async () => {
    const r = await t.request('POST', '/api/users', { username: 'clerk', password: PW, role: 'editor', hallIds: [hallA] }, { cookie: t.admin });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ username: 'clerk', displayName: 'clerk', role: 'editor', hallIds: [hallA] });
    for (const password of ['short1', 'onlyletters', 'Password123'])
      expect((await t.request('POST', '/api/users', { username: `w${password.length}`, password, role: 'editor' }, { cookie: t.admin })).body.error.code).toBe('weak_password');
  });

  it('disabling a user ends their sessions and closes their editor socket at once', async () => {
    const u = await t.create('/api/users', { username: 'leaver', password: PW, role: 'operator' });
    const cookie = await t.login('leaver', PW);
    const sock = await editorSocket(cookie, t.base);
    const closed = new Promise<number>((resolve) => sock.ws!.once('close', (code) => resolve(code)));
    expect((await t.request('PATCH', `/api/users/${u.id}`, { disabled: true }, { cookie: t.admin })).status).toBe(200);
    expect(await closed).toBe(4401);
    expect((await t.request('GET', '/api/auth/me', undefined, { cookie })).status).toBe(401);
    expect((await t.request('POST', '/api/auth/login', { username: 'leaver', password: PW })).status).toBe(403);
  });

  it('a user changes their own password; the old one stops working', async () => {
    await t.create('/api/users', { username: 'changer', password: PW, role: 'reviewer' });
    const cookie = await t.login('changer', PW);
    expect((await t.request('POST', '/api/auth/password', { currentPassword: PW, newPassword: 'short' }, { cookie })).status).toBe(400);
    expect((await t.request('POST', '/api/auth/password', { currentPassword: PW, newPassword: 'brand-new-88' }, { cookie })).status).toBe(204);
    expect((await t.request('POST', '/api/auth/login', { username: 'changer', password: PW })).status).toBe(401);
    expect((await t.request('POST', '/api/auth/login', { username: 'changer', password: 'brand-new-88' })).status).toBe(200);
  });

  it('the last unrestricted admin cannot be disabled or limited', async () => {
    const users = (await t.request('GET', '/api/users', undefined, { cookie: t.admin })).body;
    const admin = users.find((u: { username: string }) => u.username === 'admin');
    expect((await t.request('PATCH', `/api/users/${admin.id}`, { hallIds: [hallA] }, { cookie: t.admin })).status).toBe(409);
  });
});

describe('login throttling', () => {
  it('strangers failing for a user only delay the right password, never lock it out', async () => {
    await t.create('/api/users', { username: 'target', password: PW, role: 'editor' });
    for (let i = 0; i < 5; i++) expect((await t.request('POST', '/api/auth/login', { username: 'target', password: `wrong-${i}-1234` })).status).toBe(401);
    const started = Date.now();
    const r = await t.request('POST', '/api/auth/login', { username: 'target', password: PW });
    expect(r.status).toBe(200);
    // 5 failures → the next check waits 1 s (backoff 250 ms · 2^(5-3)).
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });
});

describe('GET /api/audit', () => {
  it('lists writes with the username, filtered by user, action and hall; others get 403', async () => {
    const editor = await t.create('/api/users', { username: 'auditee', password: PW, role: 'editor', hallIds: [hallB] });
    const cookie = await t.login('auditee', PW);
    const slide = await t.create('/api/slides', { type: 'notice', title: 'B 厅通知', body: '正文' }, { cookie });
    const r = await t.request('GET', `/api/audit?user=auditee&action=slide`, undefined, { cookie: t.admin });
    expect(r.status).toBe(200);
    expect(r.body[0]).toMatchObject({ username: 'auditee', action: 'slide.create', id: slide.id, hallId: hallB });
    expect((await t.request('GET', '/api/audit', undefined, { cookie })).status).toBe(403);
    expect(editor.id).toBeTruthy();
    // A reviewer limited to hall A does not see hall B's lines.
    await t.create('/api/users', { username: 'reviewer-a', password: PW, role: 'reviewer', hallIds: [hallA] });
    const reviewer = await t.login('reviewer-a', PW);
    const seen = await t.request('GET', '/api/audit?user=auditee', undefined, { cookie: reviewer });
    expect(seen.status).toBe(200);
    expect(seen.body).toEqual([]);
  });

  it('names people by their display name: an operator listing overrides and the audit both read 张值班, not user:zhiban', async () => {
    await t.create('/api/users', { username: 'zhiban', password: PW, displayName: '张值班', role: 'operator', hallIds: [hallA] });
    const cookie = await t.login('zhiban', PW);
    const o = await t.create('/api/overrides', { kind: 'message', target: { hallIds: [hallA] }, title: '请到 3 号窗口' }, { cookie });
    expect(o).toMatchObject({ createdBy: 'user:zhiban', createdByName: '张值班' });
    // Operators may not list users, so the name must come resolved in the list they may read.
    expect((await t.request('GET', '/api/users', undefined, { cookie })).status).toBe(403);
    const listed = (await t.request('GET', '/api/overrides', undefined, { cookie })).body.find((x: { id: string }) => x.id === o.id);
    expect(listed.createdByName).toBe('张值班');
    const audit = await t.request('GET', '/api/audit?user=zhiban&action=override', undefined, { cookie: t.admin });
    expect(audit.body[0]).toMatchObject({ username: 'zhiban', byName: '张值班' });
  });

  it('a delete still names the hall of what was deleted', async () => {
    const cookie = await t.login('auditee', PW);
    const slide = await t.create('/api/slides', { type: 'notice', title: '将删除', body: '正文' }, { cookie });
    expect((await t.request('DELETE', `/api/slides/${slide.id}`, undefined, { cookie })).status).toBe(204);
    const r = await t.request('GET', `/api/audit?object=${slide.id}&action=slide.delete`, undefined, { cookie: t.admin });
    expect(r.body).toEqual([expect.objectContaining({ action: 'slide.delete', username: 'auditee', hallId: hallB })]);
  });

  it('pages with limit and cursor, newest first; a write between two pages shifts nothing', async () => {
    const made: string[] = [];
    for (let i = 0; i < 3; i++) made.push((await t.create('/api/halls', { name: `分页厅${i}` })).id);
    const first = await t.request('GET', '/api/audit?action=hall.create&limit=2', undefined, { cookie: t.admin });
    expect(first.body.map((e: { id: string }) => e.id)).toEqual([made[2], made[1]]);
    const cursor = first.headers.get('x-next-cursor')!;
    expect(cursor).toMatch(/^\d{4}-\d{2}-\d{2}\.\d+$/);
    expect(first.headers.get('link')).toBe(`</api/audit?action=hall.create&limit=2&cursor=${cursor}>; rel="next"`);
    await t.create('/api/halls', { name: '分页厅新' });
    const next = await t.request('GET', `/api/audit?action=hall.create&limit=2&cursor=${cursor}`, undefined, { cookie: t.admin });
    expect(next.body[0].id).toBe(made[0]);
  });

  it('refuses a cursor it did not hand out (an old page offset) with a 400 in Chinese; 0 is still the first page', async () => {
    const r = await t.request('GET', '/api/audit?limit=2&cursor=2', undefined, { cookie: t.admin });
    expect(r.status).toBe(400);
    expect(r.body.error.message).toMatch(/翻页位置无效/);
    expect((await t.request('GET', '/api/audit?limit=2&cursor=0', undefined, { cookie: t.admin })).status).toBe(200);
  });

});
