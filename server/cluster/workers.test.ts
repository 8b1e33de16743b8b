/**
 * WEB_CONCURRENCY=2 for real: main.ts forks two workers on one port over a throw-away PostgreSQL
 * database and the machine's Redis (a random key prefix). Two players connecting to that port land on
 * different workers and each gets a call posted once, exactly once; a worker killed with SIGKILL is
 * replaced (after 1 s) while the port keeps answering /healthz on the survivor.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMain, type MainProcess } from '../main-process';
import { createTestDb, type TestDb } from '../store/pg-test-db';
import { connectScreen, type PlayerClient } from '../test-server';

const ADMIN_PASSWORD = 'workers-admin-1';
const QUEUE_TOKEN = 'workers-queue-1';
const prefix = `hs-test-workers-${randomBytes(4).toString('hex')}:`;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hs-workers-'));
let db: TestDb;
let main: MainProcess;
const players: PlayerClient[] = [];

/** The worker processes forked by the primary. */
const workerPids = (): number[] => {
  const pid = main.child.pid!;
  return fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
};
/** One /healthz on a fresh connection, so node:cluster hands it to the next worker. */
const health = async (): Promise<{ status: number; screensConnected?: number }> => {
  const r = await fetch(`${main.base}/healthz`, { headers: { connection: 'close' } });
  return { ...((await r.json()) as { screensConnected?: number }), status: r.status };
};
const until = async (what: string, ok: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> => {
  for (const end = Date.now() + ms; !(await ok()); await new Promise((r) => setTimeout(r, 100)))
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}:\n${main.output()}`);
};

beforeAll(async () => {
  db = await createTestDb();
  main = await startMain(
    { DATA_DIR: dataDir, DATABASE_URL: db.url, REDIS_URL: 'redis://127.0.0.1:6379', REDIS_PREFIX: prefix, WEB_CONCURRENCY: '2', ADMIN_PASSWORD, QUEUE_TOKEN },
    { banners: 2, timeoutMs: 20_000 },
  );
}, 30_000);
afterAll(async () => {
  for (const p of players) p.close();
  await main?.stop();
  await db?.drop();
  const keys = execFileSync('redis-cli', ['--scan', '--pattern', `${prefix}*`], { encoding: 'utf8' }).split('\n').filter(Boolean);
  if (keys.length > 0) execFileSync('redis-cli', ['del', ...keys]);
  fs.rmSync(dataDir, { recursive: true, force: true });
}, 20_000);

describe('WEB_CONCURRENCY=2', () => {
  it('two players on the one port sit on different workers and each gets one call once; a SIGKILLed worker is replaced', { timeout: 30_000 }, async () => {
    expect(workerPids()).toHaveLength(2);
    const login = await fetch(`${main.base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }) });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
    const screens = (await (await fetch(`${main.base}/api/screens`, { headers: { cookie } })).json()) as { hallId: string; area: string; counters?: string[]; playerUrl: string }[];
    // The demo hall's waiting-area TV and counter 1's strip: both show a call to counter 1.
    const pair = [screens.find((s) => s.area === 'waiting')!, screens.find((s) => s.counters?.includes('1'))!];
    const hallId = pair[0]!.hallId;
    for (const s of pair) {
      const p = connectScreen(main.port, s.playerUrl);
      players.push(p);
      await p.take('manifest', undefined, 10_000);
    }
    // Round-robin: each worker holds one of the two sockets.
    const counts = new Set<number>();
    for (let i = 0; i < 6; i++) counts.add((await health()).screensConnected ?? -1);
    expect([...counts]).toEqual([1]);

    const posted = await fetch(`${main.base}/api/queue/calls`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${QUEUE_TOKEN}` },
      body: JSON.stringify({ ticket: 'W007', counter: '1', hallId, id: `w-${randomBytes(4).toString('hex')}` }),
    });
    expect(posted.status).toBe(202);
    const { id } = (await posted.json()) as { id: string };
    for (const p of players) {
      await p.take('call', (m) => m.call.id === id, 10_000);
      await p.sync();
      expect(p.messages.filter((m) => m.type === 'call' && m.call.id === id)).toHaveLength(1);
    }

    const [victim, survivor] = workerPids();
    process.kill(victim!, 'SIGKILL');
    // A request handed to the worker in the moment it dies is reset (node:cluster cannot take it back);
    // once the primary has seen the exit, every connection goes to the survivor until the new one listens.
    await until('the primary to notice the exit', () => main.output().includes(`[cluster] worker ${victim} exited (SIGKILL); starting another`));
    const answers: string[] = [];
    await until('a replacement worker', async () => {
      const alive = workerPids().length;
      answers.push(`${alive}:${await health().then((h) => h.status, (e: Error) => (e.cause as { code?: string })?.code ?? e.message)}`);
      const now = workerPids();
      return now.length === 2 && now.includes(survivor!) && !now.includes(victim!) && main.output().split('已启动').length > 3;
    });
    expect(answers.filter((a) => !a.endsWith(':200')), answers.join(',')).toEqual([]);
    expect(answers.filter((a) => a.startsWith('1:')).length, 'answers while one worker served').toBeGreaterThan(0);
    for (let i = 0; i < 4; i++) expect((await health()).status).toBe(200);
  });
});
