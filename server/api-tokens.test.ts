/** Integration tokens (create once-shown, list, revoke) and `PATCH /api/halls/:id` (name, call template). */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STORE_FILE } from './store/lowdb-store';
import { QUEUE_TOKEN, connectScreen, startTestServer, type PlayerClient, type TestServer } from './test-server';
import path from 'node:path';

let t: TestServer;
const clients: PlayerClient[] = [];
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  for (const c of clients) c.close();
  await t.close();
});
const admin = () => ({ cookie: t.admin });
const pausedEvent = (hallId: string) => ({ type: 'counter.paused', eventId: `tk-${Math.random()}`, hallId, occurredAt: new Date().toISOString(), counter: '1' });

describe('integration tokens', () => {
  it('an admin creates a token: 201 with the plaintext once; the list never shows it or its hash', async () => {
    const h = await t.create('/api/halls', { name: '令牌厅' });
    const r = await t.request('POST', '/api/tokens', { name: '排队机 1', scopes: ['queue:write'], hallIds: [h.id] }, admin());
    expect(r.status).toBe(201);
    expect(r.body).toEqual({ id: expect.any(String), name: '排队机 1', scopes: ['queue:write'], hallIds: [h.id], createdAt: expect.any(String), token: expect.stringMatching(/^hs_[A-Za-z0-9_-]{20,}$/) });
    const list = await t.request('GET', '/api/tokens', undefined, admin());
    expect(list.status).toBe(200);
    const listed = list.body.find((x: { id: string }) => x.id === r.body.id);
    expect(listed).toEqual({ id: r.body.id, name: '排队机 1', scopes: ['queue:write'], hallIds: [h.id], createdAt: r.body.createdAt });
    for (const x of list.body) expect(Object.keys(x).sort()).toEqual(['createdAt', 'hallIds', 'id', 'name', 'scopes']);
    // Only the sha256 is stored.
    const file = fs.readFileSync(path.join(t.dir, STORE_FILE), 'utf8');
    expect(file).not.toContain(r.body.token);
  });

  it('the new token works in its hall, not in another; revoked, it is 401 at once', async () => {
    const mine = await t.create('/api/halls', { name: '本厅' });
    const theirs = await t.create('/api/halls', { name: '他厅' });
    const created = await t.create('/api/tokens', { name: '本厅排队机', scopes: ['queue:write'], hallIds: [mine.id] });
    const bearer = { bearer: created.token };
    expect((await t.request('POST', '/api/queue/events', pausedEvent(mine.id), bearer)).status).toBe(202);
    expect((await t.request('POST', '/api/queue/events', pausedEvent(theirs.id), bearer)).status).toBe(403);
    expect((await t.request('DELETE', `/api/tokens/${created.id}`, undefined, admin())).status).toBe(204);
    const after = await t.request('POST', '/api/queue/events', pausedEvent(mine.id), bearer);
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe('bad_token');
    expect((await t.request('DELETE', `/api/tokens/${created.id}`, undefined, admin())).status).toBe(404);
    const list = await t.request('GET', '/api/tokens', undefined, admin());
    expect(list.body.some((x: { id: string }) => x.id === created.id)).toBe(false);
  });

  it('a token without halls reaches every hall', async () => {
    const created = await t.create('/api/tokens', { name: '全局', scopes: ['queue:write'] });
    expect(created.hallIds).toEqual([]);
    const h = await t.create('/api/halls', { name: '任意厅' });
    expect((await t.request('POST', '/api/queue/events', pausedEvent(h.id), { bearer: created.token })).status).toBe(202);
  });

  it.each([
    ['no name', { scopes: ['queue:write'] }, 400],
    ['no scopes', { name: 'x', scopes: [] }, 400],
    ['an unknown scope', { name: 'x', scopes: ['admin'] }, 400],
    ['an unknown hall', { name: 'x', scopes: ['queue:write'], hallIds: ['hall_nope'] }, 400],
  ])('refuses %s', async (_name, body, status) => {
    const r = await t.request('POST', '/api/tokens', body, admin());
    expect(r.status).toBe(status);
    expect(r.body.error.message).toEqual(expect.any(String));
  });

  it.each([
    ['GET', '/api/tokens'],
    ['POST', '/api/tokens'],
    ['DELETE', '/api/tokens/tok_x'],
  ])('%s %s is for admins only: 401 without a session, 403 for an operator and for a token', async (method, url) => {
    const body = method === 'POST' ? { name: 'x', scopes: ['queue:write'] } : undefined;
    expect((await t.request(method, url, body)).status).toBe(401);
    expect((await t.request(method, url, body, { cookie: await t.userCookie('operator') })).status).toBe(403);
    expect((await t.request(method, url, body, { bearer: QUEUE_TOKEN })).status).toBe(403);
  });
});

describe('PATCH /api/halls/:id', () => {
  it('changes name and call template; calls then speak the hall template; null goes back to the default', async () => {
    const h = await t.makeHall('模板厅');
    const tv = connectScreen(t.port, h.waiting.playerUrl);
    clients.push(tv);
    await tv.take('manifest');
    const r = await t.request('PATCH', `/api/halls/${h.hall.id}`, { name: '模板厅（新）', callTemplate: '请{ticket}号顾客到{counter}号柜台' }, admin());
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ id: h.hall.id, name: '模板厅（新）', callTemplate: '请{ticket}号顾客到{counter}号柜台', timezone: 'Asia/Shanghai' });
    // Screens get the new hall in their manifest.
    await tv.take('manifest', (m) => m.manifest.hall.callTemplate === '请{ticket}号顾客到{counter}号柜台');
    await t.request('POST', '/api/queue/calls', { ticket: 'a7', counter: '3', hallId: h.hall.id, id: 'tpl-1' }, { bearer: QUEUE_TOKEN });
    expect((await tv.take('call')).call.text).toBe('请A7号顾客到3号柜台');

    const reset = await t.request('PATCH', `/api/halls/${h.hall.id}`, { callTemplate: null }, admin());
    expect(reset.status).toBe(200);
    expect(reset.body).not.toHaveProperty('callTemplate');
    await t.request('POST', '/api/queue/calls', { ticket: 'a8', counter: '3', hallId: h.hall.id, id: 'tpl-2' }, { bearer: QUEUE_TOKEN });
    expect((await tv.take('call')).call.text).toBe('请 A8 号到 3 号窗口办理');
  });

  it('keeps a template given at creation', async () => {
    const h = await t.create('/api/halls', { name: '建厅带模板', callTemplate: '{ticket} 请到 {counter} 号窗口' });
    expect(h.callTemplate).toBe('{ticket} 请到 {counter} 号窗口');
  });

  it.each([
    ['a template without {counter}', { callTemplate: '请 {ticket} 号' }, 400],
    ['an unknown time zone', { timezone: 'Mars/Olympus' }, 400],
    ['an empty name', { name: ' ' }, 400],
  ])('refuses %s', async (_name, body, status) => {
    const h = await t.create('/api/halls', { name: '校验厅' });
    expect((await t.request('PATCH', `/api/halls/${h.id}`, body, admin())).status).toBe(status);
  });

  it('an unknown hall is 404; an operator is 403', async () => {
    expect((await t.request('PATCH', '/api/halls/hall_nope', { name: 'x' }, admin())).status).toBe(404);
    const h = await t.create('/api/halls', { name: '权限厅' });
    expect((await t.request('PATCH', `/api/halls/${h.id}`, { name: 'x' }, { cookie: await t.userCookie('operator') })).status).toBe(403);
  });
});
