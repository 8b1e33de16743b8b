/** Bulk slide actions and slides from media over real HTTP: per-item policy, results, audit, in-use deletes. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from './ids';
import { startTestServer, type TestServer } from './test-server';

let t: TestServer;
let reviewer: string;
let editorA: string;
let A: string;
beforeAll(async () => {
  t = await startTestServer();
  reviewer = await t.userCookie('reviewer');
  A = (await t.makeHall('A 厅')).hall.id;
  await t.create('/api/users', { username: 'ed-a', password: 'tall-river-42', role: 'editor', hallIds: [A] });
  editorA = await t.login('ed-a', 'tall-river-42');
}, 30_000);
afterAll(() => t?.close());

const notice = (title: string, cookie = t.admin) => t.create('/api/slides', { type: 'notice', title, body: '正文' }, { cookie });
const bulk = (body: object, cookie: string) => t.request('POST', '/api/slides/bulk', body, { cookie });

describe('POST /api/slides/bulk', () => {
  it('a reviewer approves several slides; each gets its own result and audit line', async () => {
    const ids = [(await notice('一')).id, (await notice('二')).id];
    const r = await bulk({ action: 'approve', ids: [...ids, 'sld_missing'] }, reviewer);
    expect(r.status).toBe(200);
    expect(r.body.results.map((x: { ok: boolean }) => x.ok)).toEqual([true, true, false]);
    expect(r.body.results[2].error.code).toBe('not_found');
    for (const id of ids) expect((await t.request('GET', `/api/slides/${id}`, undefined, { cookie: t.admin })).body.status).toBe('approved');
    const audit = await t.request('GET', '/api/audit', undefined, { cookie: t.admin });
    const lines = JSON.stringify(audit.body);
    for (const id of ids) expect(lines).toContain(id);
  });

  it('an editor may not approve at all (403 for the whole request)', async () => {
    const s = await notice('三');
    expect((await bulk({ action: 'approve', ids: [s.id] }, editorA)).status).toBe(403);
  });

  it("a hall-A editor tags their own slide but not district content: partial success in a 200", async () => {
    const own = await notice('A 厅通知', editorA);
    const district = await notice('全区通知');
    const r = await bulk({ action: 'tag', ids: [own.id, district.id], tag: '春节' }, editorA);
    expect(r.status).toBe(200);
    expect(r.body.results[0]).toEqual({ id: own.id, ok: true });
    expect(r.body.results[1].error.code).toBe('outside_halls');
    expect((await t.request('GET', `/api/slides/${own.id}`, undefined, { cookie: editorA })).body.tags).toEqual(['春节']);
    await bulk({ action: 'untag', ids: [own.id], tag: '春节' }, editorA);
    expect((await t.request('GET', `/api/slides/${own.id}`, undefined, { cookie: editorA })).body.tags).toEqual([]);
  });

  it('tagging keeps an approved slide approved (tags are labels, not content)', async () => {
    const s = await t.approvedSlide('已通过');
    await bulk({ action: 'tag', ids: [s.id], tag: '电价' }, t.admin);
    const got = (await t.request('GET', `/api/slides/${s.id}`, undefined, { cookie: t.admin })).body;
    expect([got.status, got.tags, got.published?.tags]).toEqual(['approved', ['电价'], ['电价']]);
  });

  it('delete follows the single delete: a slide in a playlist stays, with in_use naming the playlist', async () => {
    const used = await notice('在用');
    const free = await notice('空闲');
    await t.create('/api/playlists', { name: '大厅循环', items: [{ slideId: used.id }] });
    const r = await bulk({ action: 'delete', ids: [used.id, free.id] }, t.admin);
    expect(r.body.results[0].error.code).toBe('in_use');
    expect(r.body.results[0].error.message).toContain('大厅循环');
    expect(r.body.results[1].ok).toBe(true);
    expect((await t.request('GET', `/api/slides/${free.id}`, undefined, { cookie: t.admin })).status).toBe(404);
  });

  it.each([
    ['no ids', { action: 'approve', ids: [] }],
    ['too many ids', { action: 'approve', ids: Array.from({ length: 201 }, (_, i) => `sld_${i}`) }],
    ['tag without a tag', { action: 'tag', ids: ['sld_x'] }],
    ['an unknown action', { action: 'publish', ids: ['sld_x'] }],
  ])('refuses %s with a 400', async (_what, body) => {
    const r = await bulk(body, t.admin);
    expect(r.status).toBe(400);
    expect(r.body.error.message).toBeTruthy();
  });
});

describe('POST /api/slides/from-media', () => {
  const fakeImage = async (name: string): Promise<string> => {
    const id = newId('med');
    const sha = id.padEnd(64, '0').slice(0, 64);
    await t.store.transact((tx) =>
      tx.insert('media', { id, kind: 'image', name, sha256: sha, mime: 'image/png', bytes: 1, width: 1, height: 1, url: `/media/${sha}/o.png`, renditions: [], thumbnailUrl: `/media/${sha}/t.webp`, tags: [], createdAt: new Date().toISOString() }),
    );
    return id;
  };

  it('appends pending image slides to the playlist in the given order, submitted as one batch', async () => {
    const first = await notice('已有');
    const pl = await t.create('/api/playlists', { name: '投放', items: [{ slideId: first.id }] });
    const [m1, m2] = [await fakeImage('春节海报.png'), await fakeImage('营业时间.jpg')];
    const r = await t.request('POST', '/api/slides/from-media', { playlistId: pl.id, mediaIds: [m2, m1] }, { cookie: t.admin });
    expect(r.status).toBe(201);
    expect(r.body.slides.map((s: { title: string; status: string }) => [s.title, s.status])).toEqual([['营业时间', 'pending'], ['春节海报', 'pending']]);
    expect(new Set(r.body.slides.map((s: { review: { at: string }[] }) => s.review[0]!.at)).size).toBe(1);
    const batches = (slides: { review: { batch?: string }[] }[]) => new Set(slides.map((s) => s.review[0]!.batch));
    const [batch] = [...batches(r.body.slides)];
    expect([batches(r.body.slides).size, batch]).toEqual([1, expect.stringMatching(/^batch_/)]);
    const other = await t.create('/api/playlists', { name: '另一次', items: [] });
    const again = await t.request('POST', '/api/slides/from-media', { playlistId: other.id, mediaIds: [m1] }, { cookie: t.admin });
    expect(batches(again.body.slides).has(batch)).toBe(false);
    const got = (await t.request('GET', `/api/playlists/${pl.id}`, undefined, { cookie: t.admin })).body;
    expect(got.items.map((i: { slideId: string }) => i.slideId)).toEqual([first.id, ...r.body.slides.map((s: { id: string }) => s.id)]);
  });

  it('refuses unknown media and unknown playlists with what to fix', async () => {
    const pl = await t.create('/api/playlists', { name: '空', items: [] });
    const bad = await t.request('POST', '/api/slides/from-media', { playlistId: pl.id, mediaIds: ['med_none'] }, { cookie: t.admin });
    expect([bad.status, bad.body.error.code]).toEqual([400, 'unknown_media']);
    const none = await t.request('POST', '/api/slides/from-media', { playlistId: 'pl_none', mediaIds: [await fakeImage('a.png')] }, { cookie: t.admin });
    expect(none.status).toBe(404);
    expect((await t.request('GET', `/api/playlists/${pl.id}`, undefined, { cookie: t.admin })).body.items).toEqual([]);
  });
});
