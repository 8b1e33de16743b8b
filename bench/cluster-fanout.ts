/**
 * Call fan-out in cluster mode, same run: 1 instance × 2,000 players vs 2 instances × 1,000 players
 * each (PostgreSQL store in a throw-away database, the machine's Redis with a random prefix). Calls
 * are always posted to the first instance, so in the two-instance case half the players get them
 * through Redis. Players are plain `ws` clients in this process speaking the real protocol.
 * Latency = POST sent → call frame received (bench clock), over every (call, player) pair; RSS of
 * each instance after the run.
 *
 *   npx tsx bench/cluster-fanout.ts
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { PROTOCOL_VERSION } from '../content/protocol';
import { screenFromInput } from '../content/screen-defaults';
import { deviceKey } from '../server/auth/secrets';
import { sharedSecret } from '../server/store/pg-schema';
import { openPgStore } from '../server/store/pg-store';
import { createTestDb } from '../server/store/pg-test-db';
import { writeBenchSection } from './report';

const root = path.resolve(import.meta.dirname, '..');
const PLAYERS = 2000;
const STEADY = 30;
const BURST = 20;
const TOKEN = 'bench-cluster-token';
const CALL_PREFIX = Buffer.from('{"type":"call"');
const MANIFEST_PREFIX = Buffer.from('{"type":"manifest"');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const freePort = (): Promise<number> =>
  new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
const pct = (s: number[], p: number) => Math.round((s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN) * 10) / 10;
const rssMb = (pid: number): number => Math.round(Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024);
/** RSS of the node:cluster workers of `pid` (WEB_CONCURRENCY), MB each. */
const workerRss = (pid: number): number[] => {
  const out = (() => {
    try {
      return execFileSync('ps', ['--ppid', String(pid), '-o', 'rss='], { encoding: 'utf8' });
    } catch {
      return '';
    }
  })();
  return out.split('\n').filter((l) => l.trim()).map((l) => Math.round(Number(l.trim()) / 1024));
};

async function start(env: Record<string, string>): Promise<{ child: ChildProcess; port: number; dir: string }> {
  const port = await freePort();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hs-bench-cl-'));
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: root,
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dir, LOG_LEVEL: 'warn', NODE_ENV: 'production' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) break;
    } catch {
      /* starting */
    }
    if (i > 300) throw new Error('instance did not start');
    await sleep(200);
  }
  return { child, port, dir };
}

async function scenario(label: string, instances: number, env: Record<string, string>, hallId: string, screens: { id: string; key: string }[]) {
  const procs: Awaited<ReturnType<typeof start>>[] = [];
  for (let i = 0; i < instances; i++) procs.push(await start(env));
  const received = new Map<string, number[]>();
  const sockets: WebSocket[] = [];
  try {
    const connect = (s: { id: string; key: string }, port: number) =>
      new Promise<WebSocket>((resolve, reject) => {
        const ws = new WebSocket(`ws://127.0.0.1:${port}/ws/player?screen=${s.id}&key=${s.key}`, { perMessageDeflate: false });
        ws.on('open', () => ws.send(JSON.stringify({ type: 'hello', protocolVersion: PROTOCOL_VERSION, screenId: s.id, key: s.key, playerVersion: 'bench' })));
        ws.on('message', (data: Buffer) => {
          const now = performance.now();
          if (data.compare(CALL_PREFIX, 0, CALL_PREFIX.length, 0, CALL_PREFIX.length) === 0) {
            const id = (JSON.parse(data.toString()) as { call: { id: string } }).call.id;
            received.get(id)?.push(now);
          } else if (data.compare(MANIFEST_PREFIX, 0, MANIFEST_PREFIX.length, 0, MANIFEST_PREFIX.length) === 0) resolve(ws);
        });
        ws.on('error', reject);
      });
    for (let i = 0; i < screens.length; i += 250)
      sockets.push(...(await Promise.all(screens.slice(i, i + 250).map((s, j) => connect(s, procs[(i + j) % instances]!.port)))));
    const post = (id: string, i: number) =>
      fetch(`http://127.0.0.1:${procs[0]!.port}/api/queue/calls`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ ticket: `B${String(i).padStart(3, '0')}`, counter: String((i % 9) + 1), hallId, id }),
      }).then((r) => {
        if (r.status !== 202) throw new Error(`call refused: ${r.status}`);
      });
    const waitAll = async (ids: string[]) => {
      const end = performance.now() + 15_000;
      while (performance.now() < end && ids.some((id) => received.get(id)!.length < screens.length)) await sleep(2);
    };
    const run = async (kind: string, n: number, gap: number, awaitEach: boolean) => {
      const sent = new Map<string, number>();
      const posts: Promise<void>[] = [];
      for (let i = 0; i < n; i++) {
        const id = `${label}-${kind}-${i}-${randomBytes(3).toString('hex')}`;
        received.set(id, []);
        sent.set(id, performance.now());
        const p = post(id, i);
        if (awaitEach) {
          await p;
          await waitAll([id]);
        } else posts.push(p);
        await sleep(gap);
      }
      await Promise.all(posts);
      await waitAll([...sent.keys()]);
      const lat: number[] = [];
      let missed = 0;
      for (const [id, at] of sent) {
        const got = received.get(id)!;
        missed += screens.length - got.length;
        for (const t of got) lat.push(t - at);
      }
      lat.sort((x, y) => x - y);
      return `| ${label} | ${kind} | ${lat.length} | ${pct(lat, 50)} | ${pct(lat, 95)} | ${pct(lat, 99)} | ${pct(lat, 100)} | ${missed} |`;
    };
    await run('warmup', 5, 100, true);
    const rows = [await run('steady', STEADY, 150, true), await run('burst', BURST, 50, false)];
    const rss = procs.flatMap((p) => [rssMb(p.child.pid!), ...workerRss(p.child.pid!)]);
    return { rows, rss };
  } finally {
    for (const ws of sockets) ws.terminate();
    for (const p of procs) {
      p.child.kill('SIGTERM');
      await new Promise((r) => p.child.once('exit', r));
      rmSync(p.dir, { recursive: true, force: true });
    }
  }
}

const db = await createTestDb();
try {
  const secret = randomBytes(32);
  const store = await openPgStore(db.url);
  await sharedSecret(store.pool, () => secret.toString('base64url'));
  const at = new Date().toISOString();
  const hallId = 'hall_bench';
  await store.transact((tx) => {
    tx.insert('halls', { id: hallId, name: '集群压测营业厅', timezone: 'Asia/Shanghai', createdAt: at });
    for (let i = 0; i < PLAYERS; i++) tx.insert('screens', screenFromInput({ name: `候号屏 ${i}`, hallId, area: 'waiting', kind: 'tv' }, `scr_cl${i}`, at));
  });
  await store.close();
  const screens = Array.from({ length: PLAYERS }, (_, i) => ({ id: `scr_cl${i}`, key: deviceKey(secret, `scr_cl${i}`, 0) }));
  const env = { DATABASE_URL: db.url, REDIS_URL: 'redis://127.0.0.1:6379', REDIS_PREFIX: `hs-bench-${randomBytes(4).toString('hex')}:`, ADMIN_PASSWORD: 'bench-pass', QUEUE_TOKEN: TOKEN };
  const one = await scenario(`1 × ${PLAYERS}`, 1, env, hallId, screens);
  const two = await scenario(`2 × ${PLAYERS / 2}`, 2, env, hallId, screens);
  const workers = await scenario(`WEB_CONCURRENCY=2, one port × ${PLAYERS}`, 1, { ...env, WEB_CONCURRENCY: '2' }, hallId, screens);
  const lines = [
    `Cluster mode: PostgreSQL store (throw-away database), Redis bus, one hall of ${PLAYERS} waiting-area TVs; instances are \`tsx server/main.ts\` child processes; players are ${PLAYERS} plain \`ws\` clients in the bench process (one thread), spread round-robin over the instances; calls are all posted to the first instance (in the 2-instance case half the players get them through Redis pub/sub). After 5 warm-up calls: steady (${STEADY} calls, each awaited, 150 ms apart) and burst (${BURST} calls, 50 ms apart, not awaited). Latency: POST sent → call frame received, over every (call, player) pair, ms.`,
    '',
    '| instances × players | scenario | samples | p50 | p95 | p99 | max | missed |',
    '|---|---|---:|---:|---:|---:|---:|---:|',
    ...one.rows,
    ...two.rows,
    ...workers.rows,
    '',
    `RSS after the run (MB; child processes of an instance, e.g. tsx's esbuild helper, listed after it): 1 instance ${one.rss.join(' + ')}; 2 instances ${two.rss.join(', ')}; WEB_CONCURRENCY=2: primary ${workers.rss[0]}, workers ${workers.rss.slice(1).join(', ')}.`,
    'With WEB_CONCURRENCY the primary hands each connection to a worker round-robin, so the players split over the workers as over two instances, and a call posted to the port reaches the other worker through Redis.',
    `Load average (1 min) at the end: ${os.loadavg()[0]!.toFixed(1)} — the machine is shared (2 cores); the bench process playing all players is itself one of the busiest processes.`,
  ];
  console.log(lines.join('\n'));
  writeBenchSection('Cluster call fan-out: 1 instance × 2,000 players vs 2 × 1,000', lines);
} finally {
  await db.drop();
}
