/** Review over real HTTP and ws: who may approve and reject, reasons, history, and the published version staying on air. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectScreen, startTestServer, type PlayerClient, type TestServer } from './test-server';

let t: TestServer;
let reviewer: string;
let editor: string;
let operator: string;
const clients: PlayerClient[] = [];
beforeAll(async () => {
  t = await startTestServer();
  [reviewer, editor, operator] = await Promise.all([t.userCookie('reviewer'), t.userCookie('editor'), t.userCookie('operator')]);
});
afterAll(async () => {
  for (const c of clients) c.close();
  await t.close();
});

const draft = (title = '审核测试通知') => t.create('/api/slides', { type: 'notice', title, body: '周六照常营业' }, { cookie: editor });

describe('who reviews', () => {
  it.each([
    ['admin', () => t.admin, 200],
    ['reviewer', () => reviewer, 200],
    ['editor', () => editor, 403],
    ['operator', () => operator, 403],
  ] as const)('%s approving a submitted slide → %i', async (_role, cookie, status) => {
    const s = await draft();
    await t.request('POST', `/api/slides/${s.id}/submit`, undefined, { cookie: editor });
    const r = await t.request('POST', `/api/slides/${s.id}/approve`, undefined, { cookie: cookie() });
    expect(r.status).toBe(status);
  });

  it.each([
    ['admin', () => t.admin, 200],
    ['reviewer', () => reviewer, 200],
    ['editor', () => editor, 403],
    ['operator', () => operator, 403],
  ] as const)('%s rejecting with a reason → %i', async (_role, cookie, status) => {
    const s = await draft();
    const r = await t.request('POST', `/api/slides/${s.id}/reject`, { reason: '电话号码有误' }, { cookie: cookie() });
    expect(r.status).toBe(status);
  });
});

describe('rejecting', () => {
  it.each([
    ['no body', undefined],
    ['an empty reason', { reason: '  ' }],
    ['no reason field', { why: 'x' }],
  ])('with %s → 400 reason_required', async (_name, body) => {
    const s = await draft();
    const r = await t.request('POST', `/api/slides/${s.id}/reject`, body, { cookie: reviewer });
    expect(r.status).toBe(400);
    expect(r.body.error).toMatchObject({ code: 'reason_required', message: '请填写驳回理由' });
    expect((await t.request('GET', `/api/slides/${s.id}`, undefined, { cookie: editor })).body.rejection).toBeUndefined();
  });

  it('sends a submitted slide back to draft; GET carries the reason, who and when, and the history every step', async () => {
    const s = await draft();
    await t.request('POST', `/api/slides/${s.id}/submit`, undefined, { cookie: editor });
    const r = await t.request('POST', `/api/slides/${s.id}/reject`, { reason: '营业时间写错了' }, { cookie: reviewer });
    expect(r.status).toBe(200);
    const got = await t.request('GET', `/api/slides/${s.id}`, undefined, { cookie: editor });
    expect(got.body.status).toBe('draft');
    expect(got.body.rejection).toMatchObject({ reason: '营业时间写错了', by: expect.stringMatching(/^reviewer-/), at: expect.any(String) });
    expect(got.body.review.map((e: { action: string }) => e.action)).toEqual(['submitted', 'rejected']);
    expect(got.body.review[1].reason).toBe('营业时间写错了');

    // Fixed and approved: the rejection is answered, the history keeps it.
    await t.request('PUT', `/api/slides/${s.id}`, { type: 'notice', title: '审核测试通知', body: '周六 9:00–17:00 营业' }, { cookie: editor });
    expect((await t.request('GET', `/api/slides/${s.id}`, undefined, { cookie: editor })).body.rejection.reason).toBe('营业时间写错了');
    await t.request('POST', `/api/slides/${s.id}/submit`, undefined, { cookie: editor });
    const ok = await t.request('POST', `/api/slides/${s.id}/approve`, undefined, { cookie: reviewer });
    expect(ok.body.rejection).toBeUndefined();
    expect(ok.body.review.map((e: { action: string }) => e.action)).toEqual(['submitted', 'rejected', 'submitted', 'approved']);
  });

  it('an approved version cannot be rejected (409); an unknown slide is 404', async () => {
    const s = await t.approvedSlide('已通过的');
    expect((await t.request('POST', `/api/slides/${s.id}/reject`, { reason: 'x' }, { cookie: reviewer })).status).toBe(409);
    expect((await t.request('POST', '/api/slides/sld_nope/reject', { reason: 'x' }, { cookie: reviewer })).status).toBe(404);
  });
});

describe('the published version stays on air while an edit waits', () => {
  it('approved slide on air; edited → still on air with the old text; approved → the new text', async () => {
    const h = await t.makeHall('版本厅');
    const s = await t.approvedSlide('营业时间', { body: '周六 9:00 开门' });
    const pl = await t.create('/api/playlists', { name: '版本', items: [{ slideId: s.id }] });
    await t.create('/api/schedules', { name: '版本', target: { screenIds: [h.waiting.id] }, playlistId: pl.id });
    const c = connectScreen(t.port, h.waiting.playerUrl);
    clients.push(c);
    const first = (await c.take('manifest')).manifest;
    expect(first.slides.map((x) => [x.id, x.title, x.status])).toEqual([[s.id, '营业时间', 'approved']]);

    const edited = await t.request('PUT', `/api/slides/${s.id}`, { type: 'notice', title: '营业时间（新）', body: '周六 8:30 开门' }, { cookie: editor });
    expect(edited.body).toMatchObject({ status: 'draft', title: '营业时间（新）', published: { title: '营业时间', status: 'approved' } });
    await c.sync();
    const during = c.messages.filter((m) => m.type === 'manifest').at(-1)!;
    const onAir = (during.type === 'manifest' ? during.manifest : first).slides;
    expect(onAir).toHaveLength(1);
    expect(onAir[0]).toMatchObject({ id: s.id, title: '营业时间', body: '周六 9:00 开门', status: 'approved' });
    expect(onAir[0]).not.toHaveProperty('published');
    const resolved = await t.request('GET', `/api/screens/${h.waiting.id}/resolve?at=${new Date().toISOString()}`, undefined, { cookie: t.admin });
    expect(resolved.body.items.map((i: { slideId: string }) => i.slideId)).toEqual([s.id]);

    // A second edit and a rejection change nothing on air either.
    await t.request('POST', `/api/slides/${s.id}/reject`, { reason: '再核对' }, { cookie: reviewer });
    await t.request('POST', `/api/slides/${s.id}/approve`, undefined, { cookie: reviewer });
    const after = await c.take('manifest', (m) => m.manifest.slides.some((x) => x.title === '营业时间（新）'));
    expect(after.manifest.slides[0]).toMatchObject({ id: s.id, title: '营业时间（新）', body: '周六 8:30 开门', status: 'approved' });
  });

  it('a never-approved slide stays off air however often it is edited', async () => {
    const h = await t.makeHall('草稿厅');
    const s = await draft('从未通过');
    await t.request('PUT', `/api/slides/${s.id}`, { type: 'notice', title: '从未通过（改）' }, { cookie: editor });
    const pl = await t.create('/api/playlists', { name: '草稿', items: [{ slideId: s.id }] });
    await t.create('/api/schedules', { name: '草稿', target: { screenIds: [h.waiting.id] }, playlistId: pl.id });
    const c = connectScreen(t.port, h.waiting.playerUrl);
    clients.push(c);
    expect((await c.take('manifest')).manifest.slides).toEqual([]);
  });
});
