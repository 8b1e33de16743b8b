/** The content API contract: halls, screens, slides, playlists, schedules, resolve, overrides, media. */
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './test-server';

let t: TestServer;
let admin: { cookie: string };
let hallId: string;
beforeAll(async () => {
  t = await startTestServer();
  admin = { cookie: t.admin };
  hallId = (await t.create('/api/halls', { name: '城东供电营业厅' })).id;
});
afterAll(() => t.close());

describe('halls and screens', () => {
  it('POST /api/halls answers 201 with an id and the default time zone', async () => {
    const r = await t.request('POST', '/api/halls', { name: '城西供电营业厅' }, admin);
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ id: expect.any(String), name: '城西供电营业厅', timezone: 'Asia/Shanghai' });
    const list = await t.request('GET', '/api/halls', undefined, admin);
    expect(list.body.map((h: { id: string }) => h.id)).toContain(r.body.id);
  });

  it('keeps a given IANA time zone', async () => {
    expect((await t.create('/api/halls', { name: '纽约展厅', timezone: 'America/New_York' })).timezone).toBe('America/New_York');
  });

  it.each(['Mars/Olympus', 'GMT+8:00', '', 'Asia/Shanghai '])('refuses the time zone %j with 400', async (timezone) => {
    const r = await t.request('POST', '/api/halls', { name: '厅', timezone }, admin);
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('invalid_input');
  });

  it('POST /api/screens answers 201 with a playerUrl that carries the screen id and key', async () => {
    const r = await t.request('POST', '/api/screens', { name: '3 号窗口条屏', hallId, area: 'counter', kind: 'ledStrip', counters: ['3'] }, admin);
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ id: expect.any(String), hallId, area: 'counter', kind: 'ledStrip', counters: ['3'], callDisplay: 'strip' });
    expect(r.body.resolution).toEqual({ width: 320, height: 64 });
    expect(r.body).not.toHaveProperty('keyGeneration');
    const url = new URL(r.body.playerUrl);
    expect(url.pathname).toBe('/player/');
    expect(url.searchParams.get('screen')).toBe(r.body.id);
    expect(url.searchParams.get('key')).toMatch(/^[\w-]{16,}$/);
  });

  it('GET /api/screens lists every screen with its own playerUrl', async () => {
    const r = await t.request('GET', '/api/screens', undefined, admin);
    expect(r.status).toBe(200);
    expect(r.body.length).toBeGreaterThanOrEqual(7); // six demo screens and ours
    const keys = new Set<string>();
    for (const s of r.body) {
      const url = new URL(s.playerUrl);
      expect(url.searchParams.get('screen')).toBe(s.id);
      keys.add(url.searchParams.get('key')!);
    }
    expect(keys.size).toBe(r.body.length);
  });

  it.each([
    ['an unknown hall', { name: 's', hallId: 'hall_nope', area: 'waiting', kind: 'tv' }, 'unknown_hall'],
    ['an unknown area', { name: 's', hallId: 'HALL', area: 'roof', kind: 'tv' }, 'invalid_input'],
    ['no name', { hallId: 'HALL', area: 'waiting', kind: 'tv' }, 'invalid_input'],
  ])('refuses a screen with %s with 400', async (_name, body, code) => {
    const r = await t.request('POST', '/api/screens', { ...body, hallId: body.hallId === 'HALL' ? hallId : body.hallId }, admin);
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe(code);
  });
});

describe('slides, playlists and schedules', () => {
  it('a new slide is a draft; approving it answers 200 with status approved', async () => {
    const created = await t.request('POST', '/api/slides', { type: 'notice', title: '营业时间调整', body: '周六照常营业', durationMs: 8000 }, admin);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: expect.any(String), type: 'notice', status: 'draft', durationMs: 8000 });
    const approved = await t.request('POST', `/api/slides/${created.body.id}/approve`, undefined, admin);
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ id: created.body.id, status: 'approved' });
    const edited = await t.request('PUT', `/api/slides/${created.body.id}`, { type: 'notice', title: '营业时间调整（更新）' }, admin);
    expect(edited.body.status).toBe('draft');
  });

  it('GET /api/slides lists the slides', async () => {
    const slide = await t.create('/api/slides', { type: 'notice', title: '列表里的通知' });
    const r = await t.request('GET', '/api/slides', undefined, admin);
    expect(r.status).toBe(200);
    expect(r.body.map((s: { id: string }) => s.id)).toContain(slide.id);
  });

  it('refuses a slide whose validity ends before it starts', async () => {
    const r = await t.request('POST', '/api/slides', { type: 'notice', title: 't', validFrom: '2026-12-02T00:00:00Z', validTo: '2026-12-01T00:00:00Z' }, admin);
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('bad_validity');
  });

  it('POST /api/playlists answers 201; an unknown slide is refused with 400', async () => {
    const slide = await t.approvedSlide('安全用电');
    const r = await t.request('POST', '/api/playlists', { name: '安全宣传', items: [{ slideId: slide.id, durationMs: 5000 }] }, admin);
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ id: expect.any(String), items: [{ slideId: slide.id, durationMs: 5000 }] });
    const bad = await t.request('POST', '/api/playlists', { name: 'x', items: [{ slideId: 'sld_nope' }] }, admin);
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('unknown_slide');
  });

  it('POST /api/schedules answers 201 with and without `when`', async () => {
    const playlist = await t.create('/api/playlists', { name: 'p', items: [] });
    const always = await t.request('POST', '/api/schedules', { name: '全天', target: { hallIds: [hallId] }, playlistId: playlist.id }, admin);
    expect(always.status).toBe(201);
    expect(always.body).toMatchObject({ id: expect.any(String), priority: 0 });
    expect(always.body).not.toHaveProperty('when');
    const when = { from: '2026-12-01', until: '2026-12-31', days: [6, 7], windows: [{ start: '22:00', end: '06:00' }], except: ['2026-12-25'] };
    const timed = await t.request('POST', '/api/schedules', { name: '周末夜间', target: { areas: ['waiting'], hallIds: [hallId] }, playlistId: playlist.id, priority: 5, when }, admin);
    expect(timed.status).toBe(201);
    expect(timed.body).toMatchObject({ priority: 5, when });
  });

  it.each([
    ['an unknown playlist', { target: { all: true }, playlistId: 'pl_nope' }, 'unknown_playlist'],
    ['an empty target', { target: {}, playlistId: 'PL' }, 'invalid_input'],
    ['an unknown screen in the target', { target: { screenIds: ['scr_nope'] }, playlistId: 'PL' }, 'unknown_screen'],
    ['from after until', { target: { all: true }, playlistId: 'PL', when: { from: '2026-12-31', until: '2026-12-01' } }, 'invalid_input'],
  ])('refuses a schedule with %s with 400', async (_name, body, code) => {
    const playlist = await t.create('/api/playlists', { name: 'p', items: [] });
    const r = await t.request('POST', '/api/schedules', { name: 's', ...body, playlistId: body.playlistId === 'PL' ? playlist.id : body.playlistId }, admin);
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe(code);
  });
});

describe('GET /api/screens/:id/resolve', () => {
  let screenId: string;
  let daySlide: string;
  let nightSlide: string;
  beforeAll(async () => {
    const hall = await t.create('/api/halls', { name: '排期测试厅' });
    screenId = (await t.create('/api/screens', { name: '大屏', hallId: hall.id, area: 'guide', kind: 'ledWall' })).id;
    daySlide = (await t.approvedSlide('日间内容')).id;
    nightSlide = (await t.approvedSlide('夜间内容')).id;
    const day = await t.create('/api/playlists', { name: '日间', items: [{ slideId: daySlide }] });
    const night = await t.create('/api/playlists', { name: '夜间', items: [{ slideId: nightSlide }] });
    await t.create('/api/schedules', { name: '日间排期', target: { hallIds: [hall.id] }, playlistId: day.id });
    await t.create('/api/schedules', { name: '夜间排期', target: { screenIds: [screenId] }, playlistId: night.id, priority: 10, when: { windows: [{ start: '22:00', end: '06:00' }] } });
  });

  it.each([
    ['2026-11-27T10:00:00+08:00', 'day', '2026-11-27T22:00:00+08:00'],
    ['2026-11-27T23:00:00+08:00', 'night', '2026-11-28T06:00:00+08:00'],
    ['2026-11-27T21:00:00Z', 'night', '2026-11-27T22:00:00Z'], // 05:00 in Shanghai
  ])('at %s plays the %s slide until %s, with a trace', async (at, which, next) => {
    const r = await t.request('GET', `/api/screens/${screenId}/resolve?at=${encodeURIComponent(at)}`, undefined, admin);
    expect(r.status).toBe(200);
    expect(r.body.items).toEqual([expect.objectContaining({ slideId: which === 'day' ? daySlide : nightSlide, title: which === 'day' ? '日间内容' : '夜间内容' })]);
    expect(r.body.nextChangeAt).toBe(new Date(next).toISOString());
    expect(r.body.trace.map((l: { message: string }) => l.message).join('\n')).toMatch(which === 'day' ? /日间排期/ : /夜间排期/);
  });

  it('without `at` answers for now', async () => {
    const r = await t.request('GET', `/api/screens/${screenId}/resolve`, undefined, admin);
    expect(r.status).toBe(200);
    expect(Math.abs(Date.parse(r.body.at) - Date.now())).toBeLessThan(60_000);
  });

  it.each(['yesterday', '2026-11-27', '2026-02-30T00:00:00Z', '1732670000000'])('a bad `at` (%s) answers 400', async (at) => {
    const r = await t.request('GET', `/api/screens/${screenId}/resolve?at=${encodeURIComponent(at)}`, undefined, admin);
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('bad_at');
  });

  it('explains that a draft slide in a scheduled playlist awaits approval', async () => {
    const draft = await t.create('/api/slides', { type: 'notice', title: '待审核的通知' });
    const pl = await t.create('/api/playlists', { name: '含草稿', items: [{ slideId: draft.id }] });
    await t.create('/api/schedules', { name: '草稿排期', target: { screenIds: [screenId] }, playlistId: pl.id, priority: 20 });
    const r = await t.request('GET', `/api/screens/${screenId}/resolve?at=2026-11-27T10:00:00%2B08:00`, undefined, admin);
    const line = r.body.trace.find((l: { slideId?: string }) => l.slideId === draft.id);
    expect(line.message).toContain('未审核通过');
  });
});

describe('overrides and media', () => {
  it('POST /api/overrides answers 201 with an id; DELETE answers 204, then 404', async () => {
    const r = await t.request('POST', '/api/overrides', { kind: 'emergency', target: { hallIds: [hallId] }, title: '紧急停电通知', body: '请有序离开', expiresAt: new Date(Date.now() + 3600_000).toISOString() }, admin);
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ id: expect.any(String), kind: 'emergency', title: '紧急停电通知' });
    expect((await t.request('GET', '/api/overrides', undefined, admin)).body.map((o: { id: string }) => o.id)).toContain(r.body.id);
    expect((await t.request('DELETE', `/api/overrides/${r.body.id}`, undefined, admin)).status).toBe(204);
    expect((await t.request('DELETE', `/api/overrides/${r.body.id}`, undefined, admin)).status).toBe(404);
  });

  it('refuses an override that has already expired', async () => {
    const r = await t.request('POST', '/api/overrides', { kind: 'message', target: { all: true }, title: 't', expiresAt: '2020-01-01T00:00:00Z' }, admin);
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('already_expired');
  });

  const upload = (bytes: Uint8Array<ArrayBuffer>, name: string) => {
    const form = new FormData();
    form.append('file', new Blob([bytes]), name);
    return fetch(`${t.base}/api/media`, { method: 'POST', body: form, headers: { cookie: t.admin } });
  };

  it('POST /api/media stores a PNG and answers 201 with sha256, size and renditions', async () => {
    const png = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#0a6' } }).png().toBuffer();
    const r = await upload(png, 'poster.png');
    expect(r.status).toBe(201);
    const media = await r.json();
    expect(media).toMatchObject({ id: expect.any(String), kind: 'image', width: 64, height: 48, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(media.renditions.length).toBeGreaterThan(0);
  });

  it('refuses an SVG with a 4xx that says why', async () => {
    const r = await upload(new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), 'x.png');
    expect(r.status).toBeGreaterThanOrEqual(400);
    expect(r.status).toBeLessThan(500);
    const body = await r.json();
    expect(body.error.message).toContain('SVG');
  });
});
