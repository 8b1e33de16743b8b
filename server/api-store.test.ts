/** Never lost data: concurrent writes all land on disk, and a restart keeps everything without re-seeding. */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { QUEUE_TOKEN, startTestServer, type TestServer } from './test-server';

const started: TestServer[] = [];
afterAll(async () => {
  for (const s of started) await s.close();
});
/** A server on a new temp dir, or on `dir` (which it then owns and deletes on close). */
const start = async (dir?: string): Promise<TestServer> => {
  const s = await startTestServer(dir ? { dir, removeDir: true } : {});
  started.push(s);
  return s;
};
const onDisk = (dir: string) => JSON.parse(fs.readFileSync(path.join(dir, 'hall-signage.json'), 'utf8'));

describe('concurrent writes', () => {
  it('keeps all 50 slides created at once, in the API and in the data file', async () => {
    const t = await start();
    const before = onDisk(t.dir).slides.length;
    const replies = await Promise.all(
      Array.from({ length: 50 }, (_, i) => t.request('POST', '/api/slides', { type: 'notice', title: `并发通知 ${i}` }, { cookie: t.admin })),
    );
    expect(replies.map((r) => r.status)).toEqual(Array(50).fill(201));
    const created = replies.map((r) => r.body.id as string);
    expect(new Set(created).size).toBe(50);

    const listed = (await t.request('GET', '/api/slides', undefined, { cookie: t.admin })).body.map((s: { id: string }) => s.id);
    expect(listed).toEqual(expect.arrayContaining(created));
    const file = onDisk(t.dir);
    expect(file.slides).toHaveLength(before + 50);
    expect(file.slides.map((s: { id: string }) => s.id)).toEqual(expect.arrayContaining(created));

    // Approving them all at once, interleaved with other collections, loses nothing either.
    const more = await Promise.all([
      ...created.map((id) => t.request('POST', `/api/slides/${id}/approve`, undefined, { cookie: t.admin })),
      ...Array.from({ length: 10 }, (_, i) => t.request('POST', '/api/halls', { name: `并发营业厅 ${i}` }, { cookie: t.admin })),
    ]);
    expect(more.every((r) => r.status < 300)).toBe(true);
    const after = onDisk(t.dir);
    const statuses = new Map(after.slides.map((s: { id: string; status: string }) => [s.id, s.status]));
    expect(created.map((id) => statuses.get(id))).toEqual(Array(50).fill('approved'));
    expect(after.halls.filter((h: { name: string }) => h.name.startsWith('并发营业厅'))).toHaveLength(10);
  });
});

describe('restart', () => {
  it('keeps the data, the device keys and the admin, and does not seed again', async () => {
    const first = await start();
    expect(first.seeded.seededDemo).toBe(true);
    const hall = await first.create('/api/halls', { name: '重启测试厅' });
    const screen = await first.create('/api/screens', { name: '重启测试屏', hallId: hall.id, area: 'waiting', kind: 'tv' });
    const slide = await first.approvedSlide('重启后仍在');
    const call = await first.request('POST', '/api/queue/calls', { ticket: 'A023', counter: '3', hallId: hall.id, id: 'restart-1' }, { bearer: QUEUE_TOKEN });
    expect(call.status).toBe(202);
    const counts = (s: TestServer) => ({ halls: s.store.list('halls').length, users: s.store.list('users').length, tokens: s.store.list('tokens').length, slides: s.store.list('slides').length });
    const before = counts(first);
    await first.close({ keepDir: true });

    const second = await start(first.dir);
    expect(second.store.created).toBe(false);
    expect(second.seeded.seededDemo).toBe(false);
    expect(counts(second)).toEqual(before);
    const got = await second.request('GET', `/api/slides/${slide.id}`, undefined, { cookie: second.admin });
    expect(got.body).toMatchObject({ title: '重启后仍在', status: 'approved' });
    const again = await second.request('GET', `/api/screens/${screen.id}`, undefined, { cookie: second.admin });
    expect(again.body.playerUrl.replace(second.base, '')).toBe(screen.playerUrl.replace(first.base, ''));
    const repeat = await second.request('POST', '/api/queue/calls', { ticket: 'A023', counter: '3', hallId: hall.id, id: 'restart-1' }, { bearer: QUEUE_TOKEN });
    expect(repeat.status).toBe(202);
    expect(repeat.body).toMatchObject({ id: 'restart-1', duplicate: true });
  });

  it('answers a repeated call id after a restart with the original screen count', async () => {
    const first = await start();
    const hall = await first.create('/api/halls', { name: '计数厅' });
    await first.create('/api/screens', { name: '叫号屏', hallId: hall.id, area: 'waiting', kind: 'tv' });
    const call = await first.request('POST', '/api/queue/calls', { ticket: 'B001', counter: '1', hallId: hall.id, id: 'count-1' }, { bearer: QUEUE_TOKEN });
    expect(call.body.screens).toBe(1);
    await first.close({ keepDir: true });
    const second = await start(first.dir);
    const repeat = await second.request('POST', '/api/queue/calls', { ticket: 'B001', counter: '1', hallId: hall.id, id: 'count-1' }, { bearer: QUEUE_TOKEN });
    expect(repeat.body).toMatchObject({ duplicate: true, screens: 1 });
  });

  it('refuses to start on a hand-broken data file, naming the file', async () => {
    const t = await start();
    await t.close({ keepDir: true });
    const file = path.join(t.dir, 'hall-signage.json');
    const data = onDisk(t.dir);
    data.halls[0].timezone = 'Mars/Olympus';
    fs.writeFileSync(file, JSON.stringify(data));
    await expect(startTestServer({ dir: t.dir })).rejects.toThrow(/hall-signage\.json.*halls\.0\.timezone/);
    fs.rmSync(t.dir, { recursive: true, force: true });
  });
});
