/** Default content and business hours through the API: what /resolve answers, and what refuses. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './test-server';

let t: TestServer;
let admin: { cookie: string };
let hallId: string;
let screenId: string;
let playlistId: string;
let slideId: string;
const SATURDAY = '2026-11-28T10:00:00+08:00';
const MONDAY = '2026-11-23T10:00:00+08:00';

beforeAll(async () => {
  t = await startTestServer();
  admin = { cookie: t.admin };
  hallId = (await t.create('/api/halls', { name: '城北供电营业厅' })).id;
  screenId = (await t.create('/api/screens', { name: '候号屏', hallId, area: 'waiting', kind: 'tv' })).id;
  slideId = (await t.create('/api/slides', { type: 'notice', title: '默认通知', body: '' })).id;
  await t.request('POST', `/api/slides/${slideId}/approve`, {}, admin);
  playlistId = (await t.create('/api/playlists', { name: '默认迎宾', items: [{ slideId }] })).id;
});
afterAll(() => t.close());

const resolveAt = async (at: string) => (await t.request('GET', `/api/screens/${screenId}/resolve?at=${encodeURIComponent(at)}`, undefined, admin)).body;

describe('default content', () => {
  it('a hall default plays when nothing is scheduled, and null clears it', async () => {
    expect((await t.request('PATCH', `/api/halls/${hallId}`, { defaultPlaylistId: playlistId }, admin)).status).toBe(200);
    const r = await resolveAt(MONDAY);
    expect(r.items.map((i: { slideId: string }) => i.slideId)).toEqual([slideId]);
    expect(r.trace.at(-1).outcome).toBe('default');
    expect((await t.request('PATCH', `/api/halls/${hallId}`, { defaultPlaylistId: null }, admin)).status).toBe(200);
    expect((await resolveAt(MONDAY)).items[0].slideId).toBe('idle');
  });

  it('a screen default wins and can be cleared', async () => {
    expect((await t.request('PATCH', `/api/screens/${screenId}`, { defaultPlaylistId: playlistId }, admin)).status).toBe(200);
    expect((await resolveAt(MONDAY)).items[0].slideId).toBe(slideId);
    const cleared = await t.request('PATCH', `/api/screens/${screenId}`, { defaultPlaylistId: null }, admin);
    expect(cleared.status).toBe(200);
    expect(cleared.body.defaultPlaylistId).toBeUndefined();
  });

  it.each([
    ['hall', () => `/api/halls/${hallId}`, { defaultPlaylistId: 'pl_nope' }],
    ['hall area', () => `/api/halls/${hallId}`, { areaDefaults: { waiting: 'pl_nope' } }],
    ['screen', () => `/api/screens/${screenId}`, { defaultPlaylistId: 'pl_nope' }],
  ])('refuses an unknown %s default playlist with 400', async (_name, path, body) => {
    const r = await t.request('PATCH', path(), body, admin);
    expect(r.status).toBe(400);
    expect(r.body.error.message).toContain('pl_nope');
  });

  it('refuses to delete a playlist that is a default, naming who uses it', async () => {
    await t.request('PATCH', `/api/halls/${hallId}`, { areaDefaults: { waiting: playlistId } }, admin);
    const r = await t.request('DELETE', `/api/playlists/${playlistId}`, undefined, admin);
    expect(r.status).toBe(409);
    expect(r.body.error.message).toContain('城北供电营业厅');
    await t.request('PATCH', `/api/halls/${hallId}`, { areaDefaults: {} }, admin);
  });
});

describe('business hours', () => {
  it('answers standby outside the area hours and explains it', async () => {
    const hours = { waiting: { windows: [{ start: '08:30', end: '17:30' }], days: [1, 2, 3, 4, 5] } };
    expect((await t.request('PATCH', `/api/halls/${hallId}`, { hours, standby: 'dim' }, admin)).status).toBe(200);
    const r = await resolveAt(SATURDAY);
    expect(r.items[0].slideId).toBe('standby');
    expect(r.trace.at(-1).outcome).toBe('outsideHours');
    expect((await resolveAt(MONDAY)).items[0].slideId).not.toBe('standby');
  });

  it.each([
    [{ hours: { waiting: { windows: [{ start: '09:00', end: '09:00' }] } } }, 'hours.waiting.windows.0'],
    [{ hours: { waiting: { windows: [] } } }, 'hours.waiting.windows'],
    [{ hours: { lobby: { windows: [{ start: '09:00', end: '10:00' }] } } }, 'hours'],
    [{ standby: 'off' }, 'standby'],
  ])('refuses bad hours %j naming the field', async (body, field) => {
    const r = await t.request('PATCH', `/api/halls/${hallId}`, body, admin);
    expect(r.status).toBe(400);
    expect(r.body.error.message).toContain(field);
  });
});
