/**
 * Per-hall variables in slide text: one district notice reaches every hall's screens with that hall's
 * name and numbers filled in, a variable edit pushes a new manifest to the hall's connected screens,
 * and only the hall's admins may edit its variables.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { layoutTemplate } from '../content/layout-templates';
import type { Manifest } from '../content/protocol';
import { hashPassword } from './auth/passwords';
import { newId } from './ids';
import { connectScreen, startTestServer, type PlayerClient, type TestServer } from './test-server';

let t: TestServer;
const clients: PlayerClient[] = [];
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  for (const c of clients) c.close();
  await t.close();
});

const screenOf = (playerUrl: string): PlayerClient => {
  const c = connectScreen(t.port, playerUrl);
  clients.push(c);
  return c;
};
const noticeIn = (m: Manifest, id: string) => m.slides.find((s) => s.id === id) as { title: string; body: string } | undefined;

/** A staff user limited to `hallIds`, signed in. */
async function hallUser(role: 'admin' | 'editor', hallIds: string[]): Promise<string> {
  const username = `${role}-${newId('u')}`;
  const passwordHash = await hashPassword('pw-user-1');
  await t.store.transact((tx) => tx.insert('users', { id: newId('usr'), username, displayName: username, role, passwordHash, hallIds, createdAt: new Date().toISOString() }));
  return t.login(username, 'pw-user-1');
}

describe('hall variables', () => {
  it("a district notice with {营业厅} reaches two halls' screens, each with its own name and variables", async () => {
    const a = await t.makeHall('城东营业厅');
    const b = await t.makeHall('城西营业厅');
    expect((await t.request('PUT', `/api/halls/${a.hall.id}/variables`, { variables: { 服务热线: '95598-1' } }, { cookie: t.admin })).status).toBe(200);
    const slide = await t.approvedSlide('{营业厅}温馨提示', { body: '咨询请拨 {服务热线}，{未设置} 保持原样，{{营业厅}} 是字面量' });
    const playlist = await t.create('/api/playlists', { name: '全区通知', items: [{ slideId: slide.id }] });
    await t.create('/api/schedules', { name: '全区', target: { hallIds: [a.hall.id, b.hall.id] }, playlistId: playlist.id, priority: 5 });

    const [ma, mb] = await Promise.all([screenOf(a.waiting.playerUrl).take('manifest'), screenOf(b.exhibition.playerUrl).take('manifest')]);
    expect(noticeIn(ma.manifest, slide.id)).toMatchObject({ title: '城东营业厅温馨提示', body: '咨询请拨 95598-1，{未设置} 保持原样，{营业厅} 是字面量' });
    expect(noticeIn(mb.manifest, slide.id)).toMatchObject({ title: '城西营业厅温馨提示', body: '咨询请拨 {服务热线}，{未设置} 保持原样，{营业厅} 是字面量' });
    // The stored slide keeps what staff typed.
    const stored = (await t.request('GET', '/api/slides', undefined, { cookie: t.admin })).body.find((s: { id: string }) => s.id === slide.id);
    expect(stored.title).toBe('{营业厅}温馨提示');
  });

  it("a variable edit pushes a new manifest to that hall's screens only, and ticker text is filled too", async () => {
    const a = await t.makeHall('南门营业厅');
    const b = await t.makeHall('北门营业厅');
    const l = layoutTemplate('tvMain').build();
    const layout = await t.create('/api/layouts', { ...l, zones: l.zones.map((z) => (z.content.type === 'ticker' ? { ...z, content: { ...z.content, text: '{营业厅}地址：{地址}' } } : z)) });
    expect((await t.request('POST', `/api/layouts/${layout.id}/approve`, undefined, { cookie: t.admin })).status).toBe(200);
    for (const h of [a, b]) await t.request('PATCH', `/api/screens/${h.waiting.id}`, { layoutId: layout.id }, { cookie: t.admin });
    const ticker = (m: Manifest) => m.layouts![0]!.zones.flatMap((z) => (z.content.type === 'ticker' ? [z.content.text] : []))[0];

    const sa = screenOf(a.waiting.playerUrl);
    const sb = screenOf(b.waiting.playerUrl);
    const first = (await sa.take('manifest')).manifest;
    const firstB = (await sb.take('manifest')).manifest;
    expect(ticker(first)).toBe('南门营业厅地址：{地址}');

    const r = await t.request('PUT', `/api/halls/${a.hall.id}/variables`, { variables: { 地址: '南门路 8 号' } }, { cookie: t.admin });
    expect(r.status).toBe(200);
    expect(r.body.variables).toEqual({ 地址: '南门路 8 号' });
    const next = (await sa.take('manifest')).manifest;
    expect(next.version).not.toBe(first.version);
    expect(ticker(next)).toBe('南门营业厅地址：南门路 8 号');
    expect(next.hall.variables).toEqual({ 地址: '南门路 8 号' });
    // Hall B's screen hears nothing new: its manifest did not change.
    await sb.sync();
    expect(sb.messages.filter((m) => m.type === 'manifest')).toHaveLength(1);
    expect(ticker(firstB)).toBe('北门营业厅地址：{地址}');

    // Removing every variable is `{}`.
    const cleared = await t.request('PUT', `/api/halls/${a.hall.id}/variables`, { variables: {} }, { cookie: t.admin });
    expect(cleared.body).not.toHaveProperty('variables');
    expect(ticker((await sa.take('manifest')).manifest)).toBe('南门营业厅地址：{地址}');
  });

  it("only the hall's admins edit its variables (the values reach screens unreviewed); bad names and values get a clear 400", async () => {
    const a = await t.makeHall('甲营业厅');
    const b = await t.makeHall('乙营业厅');
    const adminA = await hallUser('admin', [a.hall.id]);
    const editorA = await hallUser('editor', [a.hall.id]);
    const put = (hallId: string, variables: unknown, cookie: string) => t.request('PUT', `/api/halls/${hallId}/variables`, { variables }, { cookie });

    expect((await put(a.hall.id, { 服务热线: '0571-1234' }, adminA)).status).toBe(200);
    expect((await put(b.hall.id, { 服务热线: '0571-1234' }, adminA)).status).toBe(403);
    expect((await put(a.hall.id, { 服务热线: '0571-1234' }, editorA)).status).toBe(403);
    expect((await put('hall_none', { 服务热线: '1' }, t.admin)).status).toBe(404);

    for (const bad of [{ '{地址}': 'x' }, { 一二三四五六七八九十一二三: 'x' }, { 地址: 'x'.repeat(201) }, { '服务 热线': 'x' }]) {
      const r = await put(a.hall.id, bad, t.admin);
      expect(r.status).toBe(400);
      expect(r.body.error.message).toMatch(/变量/);
    }
    expect((await put(a.hall.id, 'nope', t.admin)).status).toBe(400);
    const hall = (await t.request('GET', '/api/halls', undefined, { cookie: t.admin })).body.find((h: { id: string }) => h.id === a.hall.id);
    expect(hall.variables).toEqual({ 服务热线: '0571-1234' });
  });

  it("the preview fills the chosen hall's variables", async () => {
    const a = await t.makeHall('预览营业厅');
    await t.request('PUT', `/api/halls/${a.hall.id}/variables`, { variables: { 服务热线: '12345' } }, { cookie: t.admin });
    const r = await t.request('POST', '/api/preview/manifest', { hallId: a.hall.id, slide: { type: 'notice', title: '{营业厅}', body: '热线 {服务热线}' } }, { cookie: t.admin });
    expect(r.status).toBe(200);
    expect(r.body.slides[0]).toMatchObject({ title: '预览营业厅', body: '热线 12345' });
  });

  it('the demo hall is seeded with 服务热线 and 地址, and its safety tip reads the hotline', async () => {
    const demo = (await t.request('GET', '/api/halls', undefined, { cookie: t.admin })).body.find((h: { name: string }) => h.name === '国网示范供电营业厅');
    expect(demo.variables).toMatchObject({ 服务热线: '95598', 地址: expect.any(String) });
    const screen = (await t.request('GET', '/api/screens', undefined, { cookie: t.admin })).body.find((s: { hallId: string; area: string }) => s.hallId === demo.id && s.area === 'waiting');
    const m = (await screenOf(screen.playerUrl).take('manifest')).manifest;
    const tip = m.slides.find((s) => s.type === 'safetyTip') as { tips: string[] } | undefined;
    expect(tip?.tips.join('')).toContain('请远离并拨打 95598');
  });
});
