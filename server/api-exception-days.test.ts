/**
 * 节假日与例外日期 over HTTP: a hall's list and the district's, who may set them (the hall-settings
 * policy), what is refused and why, and that screens, "why is this playing" and the hall calendar
 * follow them. The server clock is fixed, so the 2027 dates stay in the future whenever this runs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Manifest } from '../content/protocol';
import { hashPassword } from './auth/passwords';
import { newId } from './ids';
import { connectScreen, startTestServer, type PlayerClient, type TestServer } from './test-server';

// Monday 2027-02-08 10:00 in Shanghai.
const NOW = Date.parse('2027-02-08T02:00:00Z');
let t: TestServer;
const clients: PlayerClient[] = [];
beforeAll(async () => {
  t = await startTestServer({ clock: () => NOW });
});
afterAll(async () => {
  for (const c of clients) c.close();
  await t.close();
});

async function user(role: 'admin' | 'editor', hallIds?: string[]): Promise<string> {
  const username = `${role}-${newId('u')}`;
  const passwordHash = await hashPassword('pw-user-1');
  await t.store.transact((tx) => tx.insert('users', { id: newId('usr'), username, displayName: username, role, passwordHash, ...(hallIds && { hallIds }), createdAt: new Date(NOW).toISOString() }));
  return t.login(username, 'pw-user-1');
}
const put = (url: string, exceptions: unknown, cookie = t.admin) => t.request('PUT', url, { exceptions }, { cookie });

describe('exception days', () => {
  it('a hall admin sets the list; it is stored by date and reaches the screens of that hall', async () => {
    const a = await t.makeHall('春节厅');
    const ws = connectScreen(t.port, a.waiting.playerUrl);
    clients.push(ws);
    await ws.take('manifest');
    const r = await put(`/api/halls/${a.hall.id}/exceptions`, [
      { date: '2027-02-11', kind: 'hours', name: '春节', windows: [{ start: '09:00', end: '12:00' }] },
      { date: '2027-02-10', kind: 'closed', name: '春节', areas: ['waiting'] },
    ], await user('admin', [a.hall.id]));
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.exceptions.map((d: { date: string }) => d.date)).toEqual(['2027-02-10', '2027-02-11']);
    const { manifest } = (await ws.take('manifest', (m: { manifest: Manifest }) => !!m.manifest.hall.exceptions)) as { manifest: Manifest };
    expect(manifest.hall.exceptions).toHaveLength(2);

    const why = await t.request('GET', `/api/screens/${a.waiting.id}/resolve?at=2027-02-10T02:00:00Z`, undefined, { cookie: t.admin });
    expect(why.body.items.map((i: { slideId: string }) => i.slideId)).toEqual(['standby']);
    expect(why.body.trace.at(-1).message).toBe('2027-02-10 春节闭馆，显示待机画面');
    // The exhibition area has no hours and is not listed: it plays on.
    const other = await t.request('GET', `/api/screens/${a.exhibition.id}/resolve?at=2027-02-10T02:00:00Z`, undefined, { cookie: t.admin });
    expect(other.body.items.map((i: { slideId: string }) => i.slideId)).not.toEqual(['standby']);

    expect((await put(`/api/halls/${a.hall.id}/exceptions`, [])).body.exceptions).toBeUndefined();
  });

  it.each([
    ['a date given twice', [{ date: '2027-02-10', kind: 'closed', name: '春节' }, { date: '2027-02-10', kind: 'closed' }], '2027-02-10 已有一条例外安排'],
    ['an end before the start not marked 跨夜', [{ date: '2027-02-10', kind: 'hours', windows: [{ start: '17:30', end: '08:30' }] }], '跨夜'],
    ['a date that does not exist', [{ date: '2027-02-29', kind: 'closed' }], 'YYYY-MM-DD'],
    ['an unknown kind', [{ date: '2027-02-10', kind: 'holiday' }], 'kind'],
  ])('refuses %s with a 400 saying what to fix', async (_name, list, words) => {
    const a = await t.makeHall(`校验厅${newId('x')}`);
    const r = await put(`/api/halls/${a.hall.id}/exceptions`, list);
    expect(r.status).toBe(400);
    expect(r.body.error.message).toContain(words);
  });

  it('follows the hall-settings policy: editors and admins of other halls may not; the district list needs an unrestricted admin', async () => {
    const a = await t.makeHall('甲厅');
    const b = await t.makeHall('乙厅');
    const list = [{ date: '2027-02-10', kind: 'closed' }];
    expect((await put(`/api/halls/${a.hall.id}/exceptions`, list, await user('editor'))).status).toBe(403);
    expect((await put(`/api/halls/${b.hall.id}/exceptions`, list, await user('admin', [a.hall.id]))).status).toBe(403);
    expect((await put('/api/district/exceptions', list, await user('admin', [a.hall.id]))).status).toBe(403);
    expect((await put('/api/halls/hall_none/exceptions', list)).status).toBe(404);
    const editorRead = await t.request('GET', '/api/district/exceptions', undefined, { cookie: await user('editor') });
    expect(editorRead.status).toBe(200);
  });

  it("the district list reaches every hall's screens and calendar; a hall's own entry wins on its date", async () => {
    const a = await t.makeHall('全区甲');
    const b = await t.makeHall('全区乙');
    await t.request('PATCH', `/api/halls/${b.hall.id}`, { hours: { waiting: { windows: [{ start: '08:30', end: '17:30' }] } } }, { cookie: t.admin });
    await put(`/api/halls/${b.hall.id}/exceptions`, [{ date: '2027-02-10', kind: 'hours', name: '值班', windows: [{ start: '09:00', end: '12:00' }] }]);
    const r = await put('/api/district/exceptions', [{ date: '2027-02-10', kind: 'closed', name: '春节', areas: ['waiting'] }, { date: '2026-12-01', kind: 'closed', name: '已过' }]);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect((await t.request('GET', '/api/district/exceptions', undefined, { cookie: t.admin })).body.exceptions).toHaveLength(2);

    const ws = connectScreen(t.port, a.waiting.playerUrl);
    clients.push(ws);
    const { manifest } = (await ws.take('manifest')) as { manifest: Manifest };
    // Past dates stay home: only what the screen may still meet rides along.
    expect(manifest.districtExceptions).toEqual([{ date: '2027-02-10', kind: 'closed', name: '春节', areas: ['waiting'] }]);

    const at = '2027-02-10T02:00:00Z';
    const whyA = await t.request('GET', `/api/screens/${a.waiting.id}/resolve?at=${at}`, undefined, { cookie: t.admin });
    expect(whyA.body.trace.at(-1).message).toContain('春节闭馆');
    const whyB = await t.request('GET', `/api/screens/${b.waiting.id}/resolve?at=${at}`, undefined, { cookie: t.admin });
    expect(whyB.body.items.map((i: { slideId: string }) => i.slideId)).not.toEqual(['standby']);

    const cal = await t.request('GET', `/api/halls/${a.hall.id}/calendar?from=2027-02-08&days=7`, undefined, { cookie: t.admin });
    expect(cal.status).toBe(200);
    const day = cal.body.days.find((d: { date: string }) => d.date === '2027-02-10');
    expect(day.exception).toMatchObject({ kind: 'closed', name: '春节' });
    expect(day.closedAreas).toEqual(['waiting']);
    expect(day.hours[10].standby).toBe(1);
    const calB = await t.request('GET', `/api/halls/${b.hall.id}/calendar?from=2027-02-10&days=1`, undefined, { cookie: t.admin });
    expect(calB.body.days[0].exception).toMatchObject({ kind: 'hours', name: '值班' });
    expect((await t.request('GET', `/api/halls/${a.hall.id}/calendar?days=99`, undefined, { cookie: t.admin })).status).toBe(400);
    await put('/api/district/exceptions', []);
  });
});
