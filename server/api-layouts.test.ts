/** Layouts through the API: templates, CRUD, references, what screens receive, and previews. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { layoutTemplate } from '../content/layout-templates';
import { startTestServer, type TestServer } from './test-server';

let t: TestServer;
let admin: { cookie: string };
let hallId: string;
let screenId: string;
let playlistId: string;
let sidePlaylistId: string;
let slideId: string;

beforeAll(async () => {
  t = await startTestServer();
  admin = { cookie: t.admin };
  hallId = (await t.create('/api/halls', { name: '城西供电营业厅' })).id;
  screenId = (await t.create('/api/screens', { name: '候号电视', hallId, area: 'waiting', kind: 'tv' })).id;
  slideId = (await t.create('/api/slides', { type: 'notice', title: '主画面通知', body: '正文' })).id;
  await t.request('POST', `/api/slides/${slideId}/approve`, {}, admin);
  playlistId = (await t.create('/api/playlists', { name: '主画面', items: [{ slideId }] })).id;
  sidePlaylistId = (await t.create('/api/playlists', { name: '侧栏', items: [{ slideId }] })).id;
});
afterAll(() => t.close());

const tvMain = () => layoutTemplate('tvMain').build();

describe('layout templates', () => {
  it('lists one template per screen kind at least, each a valid layout', async () => {
    const r = await t.request('GET', '/api/layout-templates', undefined, admin);
    expect(r.status).toBe(200);
    expect(new Set(r.body.map((x: { kind: string }) => x.kind))).toEqual(new Set(['tv', 'kiosk', 'ledWall', 'ledStrip']));
    for (const tpl of r.body) expect((await t.request('POST', '/api/layouts', tpl.layout, admin)).status).toBe(201);
  });
});

describe('layouts CRUD', () => {
  it('creates, reads, replaces and lists a layout', async () => {
    const created = await t.create('/api/layouts', tvMain());
    expect(created.id).toMatch(/^lay/);
    const zones = created.zones.map((z: { id: string }) => z.id);
    expect(zones).toEqual(['main', 'clock', 'calls', 'ticker']);
    const next = { ...tvMain(), name: '改过的布局', template: undefined };
    const put = await t.request('PUT', `/api/layouts/${created.id}`, next, admin);
    expect(put.status).toBe(200);
    expect(put.body.name).toBe('改过的布局');
    expect(put.body.template).toBeUndefined();
    expect((await t.request('GET', `/api/layouts/${created.id}`, undefined, admin)).body.name).toBe('改过的布局');
  });

  it.each([
    ['no main zone', { ...tvMain(), zones: tvMain().zones.filter((z) => z.id !== 'main') }, '主画面'],
    ['two main zones', { ...tvMain(), zones: [...tvMain().zones, { id: 'main2', name: '第二', x: 0, y: 0, w: 0.1, h: 0.1, content: { type: 'main' } }] }, '恰好'],
    ['duplicate zone ids', { ...tvMain(), zones: [...tvMain().zones, { ...tvMain().zones[1]! }] }, '重复'],
    ['a zone off screen', { ...tvMain(), zones: [{ id: 'main', name: '主', x: 0.5, y: 0, w: 0.6, h: 1, content: { type: 'main' } }] }, '超出'],
    ['an empty ticker', { ...tvMain(), zones: [...tvMain().zones.slice(0, 3), { id: 'ticker', name: '字幕', x: 0, y: 0.9, w: 1, h: 0.1, content: { type: 'ticker', text: ' ' } }] }, '滚动字幕'],
    ['an unknown playlist', { ...tvMain(), zones: [...tvMain().zones.slice(0, 3), { id: 'side', name: '侧栏区', x: 0, y: 0.9, w: 1, h: 0.1, content: { type: 'playlist', playlistId: 'pl_nope' } }] }, '侧栏区'],
  ])('refuses %s with 400 and a message', async (_name, body, words) => {
    const r = await t.request('POST', '/api/layouts', body, admin);
    expect(r.status).toBe(400);
    expect(r.body.error.message).toContain(words);
  });

  it('refuses an unknown layout on a schedule or a screen', async () => {
    const s = await t.request('POST', '/api/schedules', { name: 'x', target: { screenIds: [screenId] }, playlistId, layoutId: 'lay_nope' }, admin);
    expect(s.status).toBe(400);
    expect(s.body.error.message).toContain('lay_nope');
    const p = await t.request('PATCH', `/api/screens/${screenId}`, { layoutId: 'lay_nope' }, admin);
    expect(p.status).toBe(400);
  });
});

describe('layouts reach screens', () => {
  it('a schedule layout is resolved and shipped with its zone playlists; in-use deletes are refused', async () => {
    const layout = await t.create('/api/layouts', {
      ...tvMain(),
      zones: [...tvMain().zones.slice(0, 3), { id: 'side', name: '侧栏', x: 0, y: 0.9, w: 1, h: 0.1, content: { type: 'playlist', playlistId: sidePlaylistId } }],
    });
    const schedule = await t.create('/api/schedules', { name: '带布局', target: { screenIds: [screenId] }, playlistId, layoutId: layout.id });
    const r = await t.request('GET', `/api/screens/${screenId}/resolve`, undefined, admin);
    expect(r.body.layoutId).toBe(layout.id);

    const del = await t.request('DELETE', `/api/layouts/${layout.id}`, undefined, admin);
    expect(del.status).toBe(409);
    expect(del.body.error.message).toContain('带布局');
    const delPl = await t.request('DELETE', `/api/playlists/${sidePlaylistId}`, undefined, admin);
    expect(delPl.status).toBe(409);
    expect(delPl.body.error.message).toContain('侧栏');

    await t.request('DELETE', `/api/schedules/${schedule.id}`, undefined, admin);
    expect((await t.request('DELETE', `/api/layouts/${layout.id}`, undefined, admin)).status).toBe(204);
  });

  it('a screen layout applies when the entry names none, and null clears it', async () => {
    const layout = await t.create('/api/layouts', layoutTemplate('tvFull').build());
    const schedule = await t.create('/api/schedules', { name: '无布局', target: { screenIds: [screenId] }, playlistId });
    expect((await t.request('PATCH', `/api/screens/${screenId}`, { layoutId: layout.id }, admin)).status).toBe(200);
    expect((await t.request('GET', `/api/screens/${screenId}/resolve`, undefined, admin)).body.layoutId).toBe(layout.id);
    const cleared = await t.request('PATCH', `/api/screens/${screenId}`, { layoutId: null }, admin);
    expect(cleared.body.layoutId).toBeUndefined();
    expect((await t.request('GET', `/api/screens/${screenId}/resolve`, undefined, admin)).body.layoutId).toBeUndefined();
    await t.request('DELETE', `/api/schedules/${schedule.id}`, undefined, admin);
  });
});

describe('preview manifests', () => {
  it('an unsaved slide previews on a synthetic TV, approved and without business hours', async () => {
    const r = await t.request('POST', '/api/preview/manifest', { hallId, kind: 'tv', slide: { type: 'notice', title: '还没保存的通知', body: '正文' } }, admin);
    expect(r.status).toBe(200);
    expect(r.body.screen.resolution).toEqual({ width: 1920, height: 1080 });
    expect(r.body.slides).toHaveLength(1);
    expect(r.body.slides[0]).toMatchObject({ title: '还没保存的通知', status: 'approved' });
    expect(r.body.hall.hours).toBeUndefined();
    expect(r.body.screen.devices).toBeUndefined();
  });

  it('an unsaved layout with a stored playlist previews on that layout', async () => {
    const draft = await t.create('/api/slides', { type: 'notice', title: '草稿', body: '' });
    const pl = await t.create('/api/playlists', { name: '含草稿', items: [{ slideId: draft.id }] });
    const r = await t.request('POST', '/api/preview/manifest', { screenId, layout: layoutTemplate('kioskMainInfo').build(), playlistId: pl.id }, admin);
    expect(r.status).toBe(200);
    expect(r.body.layouts[0].zones.length).toBe(4);
    expect(r.body.screen.layoutId).toBe(r.body.layouts[0].id);
    expect(r.body.slides[0]).toMatchObject({ id: draft.id, status: 'approved' });
  });

  it.each([
    ['a bad slide', { slide: { type: 'notice', title: '' } }, 400],
    ['a bad layout', { layout: { name: 'x', kind: 'tv', zones: [] } }, 400],
    ['an unknown playlist', { playlistId: 'pl_nope' }, 404],
    ['an unknown screen', { screenId: 'scr_nope' }, 404],
  ])('refuses %s', async (_name, body, status) => {
    const r = await t.request('POST', '/api/preview/manifest', body, admin);
    expect(r.status).toBe(status);
    expect(r.body.error.message).toBeTruthy();
  });
});
