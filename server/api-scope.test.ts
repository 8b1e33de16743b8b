/**
 * Every /api route under every role and hall scope, from one table (`api-route-table.ts`). The table is
 * checked against the express router itself: a route with no row fails the suite, so a new route cannot
 * skip the policy. Hall A is the limited users' hall; the objects aimed at are hall B's (or district ones).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PW, ROWS, fx, prepareRouteTable, servedRoutes } from './api-route-table';
import { decide, type Actor } from './policy/access';
import { QUEUE_TOKEN, startTestServer, type Auth, type TestServer } from './test-server';

let t: TestServer;
let A: string;
let B: string;
const auth: Record<string, Auth> = {};
const actors: Record<string, Actor | undefined> = {};

beforeAll(async () => {
  t = await startTestServer();
  ({ A, B } = await prepareRouteTable(t));
  const tokA = await t.create('/api/tokens', { name: 'A 厅叫号', scopes: ['queue:write'], hallIds: [A] });
  auth.anon = {};
  auth.token = { bearer: QUEUE_TOKEN };
  auth.tokenA = { bearer: tokA.token };
  actors.token = { role: 'token', halls: 'all' };
  actors.tokenA = { role: 'token', halls: [A] };
  for (const role of ['admin', 'reviewer', 'editor', 'operator'] as const)
    for (const scoped of [false, true]) {
      const key = `${role}${scoped ? 'A' : ''}`;
      const username = `${key}-user`;
      await t.create('/api/users', { username, password: PW, role, ...(scoped && { hallIds: [A] }) });
      auth[key] = { cookie: await t.login(username, PW) };
      actors[key] = { role, halls: scoped ? [A] : 'all' };
    }
}, 60_000);
afterAll(() => t?.close());

describe('the route table', () => {
  it('has a row for every route the API serves, and no row for a route that does not exist', () => {
    const served = servedRoutes(t.built.app).sort();
    const rows = new Set(ROWS.map((r) => r.route));
    expect(served.filter((r) => !rows.has(r))).toEqual([]);
    expect([...rows].filter((r) => !served.includes(r))).toEqual([]);
  });
});

const PRINCIPALS = ['anon', 'token', 'tokenA', 'admin', 'reviewer', 'editor', 'operator', 'adminA', 'reviewerA', 'editorA', 'operatorA'];
describe.each(ROWS.map((r) => [r.route, r.halls === undefined ? '-' : typeof r.halls === 'function' ? 'hall B' : 'all halls', r] as const))('%s on %s', (_route, _on, row) => {
  it.each(PRINCIPALS)('as %s', async (who) => {
    const { method, url, body } = await row.req();
    const r = await t.request(method, url, body, row.as ? await row.as() : auth[who]);
    expect(r.status, JSON.stringify(r.body)).toBeLessThan(500);
    if (row.open) return;
    const actor = actors[who];
    if (!actor) return void expect(r.status).toBe(401);
    const d = decide(actor, row.action!, typeof row.halls === 'function' ? row.halls() : row.halls);
    if (!d.ok) return void expect([r.status, who], JSON.stringify(r.body)).toEqual([d.status, who]);
    // Allowed: whatever the answer, it is not the policy's refusal.
    expect(r.status === 401 || r.status === 403 || r.body?.error?.message === '不存在或无权查看', `${r.status} ${JSON.stringify(r.body)}`).toBe(false);
  });
});

describe('what a hall-limited user lists', () => {
  it.each([
    ['/api/screens', () => fx.screenB],
    ['/api/slides', () => fx.slideB],
    ['/api/playlists', () => fx.playlistB],
    ['/api/layouts', () => fx.layoutB],
    ['/api/schedules', () => fx.scheduleB],
    ['/api/overrides', () => fx.overrideB],
    ['/api/media', () => fx.mediaB],
    ['/api/halls', () => B],
  ])('%s holds nothing of hall B for hall A staff, but does for unrestricted staff', async (url, id) => {
    const limited = await t.request('GET', url, undefined, auth.editorA);
    expect(limited.status).toBe(200);
    expect(limited.body.map((o: { id: string }) => o.id)).not.toContain(id());
    const all = await t.request('GET', url, undefined, auth.editor);
    expect(all.body.map((o: { id: string }) => o.id)).toContain(id());
  });

  it('content made by a hall-A editor belongs to hall A; district content stays visible', async () => {
    const made = await t.request('POST', '/api/slides', { type: 'notice', title: 'A 厅', body: '正文' }, auth.editorA);
    expect(made.body.ownerHallIds).toEqual([A]);
    expect((await t.request('GET', `/api/slides/${made.body.id}`, undefined, auth.editorA)).status).toBe(200);
    const ids = (await t.request('GET', '/api/slides', undefined, auth.editorA)).body.map((s: { id: string }) => s.id);
    expect(ids).toContain(fx.districtSlide);
    expect(ids).toContain(made.body.id);
  });

  it("a hall-A editor cannot name hall B's media or slides in a slide (save, edit, preview); unrestricted staff can", async () => {
    const image = { type: 'image', title: 'B 厅的图', mediaId: fx.mediaB };
    const made = await t.request('POST', '/api/slides', image, auth.editorA);
    expect([made.status, made.body.error?.code]).toEqual([400, 'unknown_media']);
    const own = await t.request('POST', '/api/slides', { type: 'notice', title: 'A 厅', body: '正文' }, auth.editorA);
    const edited = await t.request('PUT', `/api/slides/${own.body.id}`, image, auth.editorA);
    expect([edited.status, edited.body.error?.code]).toEqual([400, 'unknown_media']);
    const preview = await t.request('POST', '/api/preview/manifest', { hallId: A, slide: image }, auth.editorA);
    expect([preview.status, preview.body.error?.code]).toEqual([400, 'unknown_media']);
    const kiosk = { type: 'kioskApp', title: 'A 厅查询', home: 'home', pages: [
      { type: 'menu', id: 'home', title: '首页', tiles: [{ label: 'B 厅通知', hint: '', icon: '', target: 'b' }] },
      { type: 'slide', id: 'b', title: 'B 厅通知', slideId: fx.slideB },
    ] };
    const app = await t.request('POST', '/api/slides', kiosk, auth.editorA);
    expect([app.status, app.body.error?.code]).toEqual([400, 'unknown_slide']);
    // The same slide from an unrestricted editor is district content that may show any hall's file.
    expect((await t.request('POST', '/api/slides', image, auth.editor)).status).toBe(201);
  });

  it('device keys (playerUrl) are listed to admins only', async () => {
    expect((await t.request('GET', `/api/screens/${fx.screenB}`, undefined, auth.admin)).body.playerUrl).toContain('key=');
    for (const who of ['editor', 'operator', 'reviewer']) expect((await t.request('GET', `/api/screens/${fx.screenB}`, undefined, auth[who])).body.playerUrl, who).toBeUndefined();
  });
});
