/**
 * Queue-call latency: a real server (child process, as `npm start` runs it) with N simulated players
 * (plain `ws` clients in this process speaking the real protocol, acking each call on receipt).
 *
 * Two latencies, over every (call, player) pair:
 * - POST → received: bench clock, from sending the POST to the call frame arriving at the player;
 * - call → ack: server clock, from the request reaching the server to the player's ack reaching it
 *   (what `GET /api/queue/calls/:id/acks` reports to operators).
 * Scenarios, after 5 unmeasured warm-up calls: steady (40 calls, 150 ms apart, each awaited) and burst
 * (20 calls fired within one second to one hall, not awaited). Writes the table to BENCHMARKS.md.
 *
 *   npm run bench                 # N = 1, 100, 1000, 5000
 *   npx tsx bench/queue-latency.ts 1 100   # custom N values
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { PROTOCOL_VERSION } from '../content/protocol';
import { screenFromInput } from '../content/screen-defaults';
import { deviceKey } from '../server/auth/secrets';
import { emptyData } from '../server/store/data';
import { STORE_FILE } from '../server/store/lowdb-store';
import { writeBenchSection } from './report';

const root = path.resolve(import.meta.dirname, '..');
/** Calls sent first and not measured. */
const WARMUP_CALLS = 5;
const STEADY_CALLS = 40;
const STEADY_GAP_MS = 150;
const BURST_CALLS = 20;
const BURST_SPAN_MS = 1000;
/** Sockets opened at once while connecting players (a listen backlog is finite). */
const CONNECT_BATCH = 250;
const TOKEN = 'bench-token';
const CALL_PREFIX = Buffer.from('{"type":"call"');
const MANIFEST_PREFIX = Buffer.from('{"type":"manifest"');
const startsWith = (data: Buffer, prefix: Buffer): boolean => data.length >= prefix.length && data.compare(prefix, 0, prefix.length, 0, prefix.length) === 0;
const PASSWORD = 'bench-pass';

interface Stats {
  samples: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  missed: number;
}
interface Row {
  n: number;
  scenario: 'steady' | 'burst';
  received: Stats;
  acked: Stats;
}

const freePort = (): Promise<number> =>
  new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const r1 = (x: number) => Math.round(x * 10) / 10;
const pct = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
function stats(samples: number[], missed: number): Stats {
  const s = [...samples].sort((a, b) => a - b);
  return { samples: s.length, p50: r1(pct(s, 50)), p95: r1(pct(s, 95)), p99: r1(pct(s, 99)), max: r1(s.at(-1) ?? NaN), missed };
}

/** A data dir with one hall of N waiting-area TVs, written directly (creating 5,000 screens over HTTP takes minutes). */
function prepareDataDir(n: number): { dir: string; hallId: string; screens: { id: string; key: string }[] } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hs-bench-'));
  const secret = randomBytes(32);
  writeFileSync(path.join(dir, 'secret.key'), secret.toString('base64url'), { mode: 0o600 });
  const at = new Date().toISOString();
  const hallId = 'hall_bench';
  const data = emptyData();
  data.halls.push({ id: hallId, name: `压测营业厅 ${n}`, timezone: 'Asia/Shanghai', createdAt: at });
  for (let i = 0; i < n; i++) data.screens.push(screenFromInput({ name: `候号屏 ${i}`, hallId, area: 'waiting', kind: 'tv' }, `scr_bench${i}`, at));
  writeFileSync(path.join(dir, STORE_FILE), JSON.stringify(data));
  return { dir, hallId, screens: data.screens.map((s) => ({ id: s.id, key: deviceKey(secret, s.id, 0) })) };
}

async function runN(n: number): Promise<Row[]> {
  const port = await freePort();
  const { dir, hallId, screens } = prepareDataDir(n);
  const server = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: root,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dir, ADMIN_PASSWORD: PASSWORD, QUEUE_TOKEN: TOKEN, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  const sockets: WebSocket[] = [];
  try {
    for (let i = 0; ; i++) {
      try {
        if ((await fetch(`${base}/healthz`)).ok) break;
      } catch {
        if (i > 300) throw new Error('server did not start');
        await sleep(200);
      }
    }
    const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: PASSWORD }) });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;

    /** Arrival times (bench clock) per call id. */
    const received = new Map<string, number[]>();
    const connectOne = (s: { id: string; key: string }) =>
      new Promise<WebSocket>((resolve, reject) => {
        const ws = new WebSocket(`ws://127.0.0.1:${port}/ws/player?screen=${s.id}&key=${s.key}`, { perMessageDeflate: false });
        ws.on('open', () => ws.send(JSON.stringify({ type: 'hello', protocolVersion: PROTOCOL_VERSION, screenId: s.id, key: s.key, playerVersion: 'bench' })));
        ws.on('message', (data: Buffer) => {
          const now = performance.now();
          // NOTE: all simulated players share this one thread, so each does the least it can: only call
          // frames are parsed (a real screen parses everything, on its own CPU).
          if (startsWith(data, CALL_PREFIX)) {
            const id = (JSON.parse(data.toString()) as { call: { id: string } }).call.id;
            received.get(id)?.push(now);
            ackSoon(ws, id);
          } else if (startsWith(data, MANIFEST_PREFIX)) resolve(ws);
        });
        ws.on('error', reject);
      });
    // Simulated players ack on receipt, but after this round of socket reads: sending 1,000 acks in
    // between the reads would bill player k's arrival with k−1 ack sends of other players (one thread
    // plays them all). A real player acks after the frame that shows the call, which is later still.
    let pendingAcks: { ws: WebSocket; id: string }[] = [];
    const ackSoon = (ws: WebSocket, id: string): void => {
      if (pendingAcks.length === 0)
        setImmediate(() => {
          const batch = pendingAcks;
          pendingAcks = [];
          for (const a of batch) a.ws.send(`{"type":"ack","kind":"call","id":${JSON.stringify(a.id)},"shownAt":${Date.now()}}`);
        });
      pendingAcks.push({ ws, id });
    };
    const t0 = performance.now();
    for (let i = 0; i < screens.length; i += CONNECT_BATCH) sockets.push(...(await Promise.all(screens.slice(i, i + CONNECT_BATCH).map(connectOne))));
    console.log(`N=${n}: ${sockets.length} players connected in ${Math.round(performance.now() - t0)} ms`);

    const post = (id: string, i: number) =>
      fetch(`${base}/api/queue/calls`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ ticket: `A${String(i).padStart(3, '0')}`, counter: String((i % 9) + 1), hallId, id }),
      }).then((res) => {
        if (res.status !== 202) throw new Error(`call refused: ${res.status}`);
      });
    const waitAll = async (ids: string[]): Promise<void> => {
      const deadline = performance.now() + 10_000;
      while (performance.now() < deadline && ids.some((id) => received.get(id)!.length < n)) await sleep(2);
      // Acks are in flight right after the last arrival.
      await sleep(100);
    };
    const collect = async (scenario: Row['scenario'], sent: Map<string, number>): Promise<Row> => {
      const arrivals: number[] = [];
      const acks: number[] = [];
      let missedRx = 0;
      let missedAck = 0;
      for (const [id, at] of sent) {
        const got = received.get(id)!;
        missedRx += n - got.length;
        for (const t of got) arrivals.push(t - at);
        const report = (await (await fetch(`${base}/api/queue/calls/${id}/acks`, { headers: { cookie } })).json()) as { acks: { latencyMs: number }[] };
        missedAck += n - report.acks.length;
        for (const a of report.acks) acks.push(a.latencyMs);
      }
      return { n, scenario, received: stats(arrivals, missedRx), acked: stats(acks, missedAck) };
    };

    // Warm-up, not measured: the first calls run cold code (JIT, first store write of the live file).
    for (let i = 0; i < WARMUP_CALLS; i++) {
      const id = `warmup-${n}-${i}`;
      received.set(id, []);
      await post(id, 900 + i);
      await waitAll([id]);
    }

    // Steady: one call at a time.
    const steady = new Map<string, number>();
    for (let i = 0; i < STEADY_CALLS; i++) {
      const id = `steady-${n}-${i}`;
      received.set(id, []);
      steady.set(id, performance.now());
      await post(id, i);
      await waitAll([id]);
      await sleep(STEADY_GAP_MS);
    }
    const rows = [await collect('steady', steady)];

    // Burst: 20 calls within one second, fired without waiting for answers.
    const burst = new Map<string, number>();
    const posts: Promise<void>[] = [];
    for (let i = 0; i < BURST_CALLS; i++) {
      const id = `burst-${n}-${i}`;
      received.set(id, []);
      burst.set(id, performance.now());
      posts.push(post(id, 100 + i));
      await sleep(BURST_SPAN_MS / BURST_CALLS);
    }
    await Promise.all(posts);
    await waitAll([...burst.keys()]);
    rows.push(await collect('burst', burst));
    return rows;
  } finally {
    for (const ws of sockets) ws.terminate();
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
    rmSync(dir, { recursive: true, force: true });
  }
}

const fmt = (s: Stats) => `${s.p50} | ${s.p95} | ${s.p99} | ${s.max}`;

/** One line on the target (p99 ≤ 50 ms at 1,000 players), when 1,000 was measured. */
function verdict(rows: Row[]): string[] {
  const at1000 = rows.filter((r) => r.n === 1000);
  if (at1000.length === 0) return [];
  const worst = Math.max(...at1000.flatMap((r) => [r.received.p99, r.acked.p99]));
  const parts = at1000.map((r) => `${r.scenario}: received p99 ${r.received.p99} ms, ack p99 ${r.acked.p99} ms`).join('; ');
  return [`Target p99 ≤ 50 ms at 1,000 players: **${worst <= 50 ? 'met' : 'missed'}** (${parts}).`];
}

async function main(): Promise<void> {
  const ns = process.argv.slice(2).map(Number).filter((x) => x > 0);
  const rows: Row[] = [];
  for (const n of ns.length ? ns : [1, 100, 1000, 5000]) {
    for (const row of await runN(n)) {
      console.log(
        `N=${row.n} ${row.scenario}: received p50 ${row.received.p50} p95 ${row.received.p95} p99 ${row.received.p99} ms (${row.received.missed} missed); ` +
          `ack p50 ${row.acked.p50} p95 ${row.acked.p95} p99 ${row.acked.p99} ms (${row.acked.missed} missed)`,
      );
      rows.push(row);
    }
  }
  writeBenchSection('Queue call → player received', [
    'Server: `tsx server/main.ts` (child process, embedded lowdb store, one hall of N waiting-area TVs). Players: N plain `ws` clients in the bench process; each acks a call on receipt (sent once the current round of socket reads is done).',
    `After ${WARMUP_CALLS} unmeasured warm-up calls: steady, ${STEADY_CALLS} calls, ${STEADY_GAP_MS} ms apart, each awaited; burst, ${BURST_CALLS} calls fired within ${BURST_SPAN_MS / 1000} s to the hall, not awaited.`,
    '**received** = POST sent → call frame received (bench clock); **ack** = request received → ack received (server clock, as `GET /api/queue/calls/:id/acks` reports), over every (call, player) pair. Target: p99 ≤ 50 ms at 1,000 players.',
    '',
    '| N players | scenario | samples | received p50 | p95 | p99 | max | ack p50 | p95 | p99 | max | missed |',
    '|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows.map((r) => `| ${r.n} | ${r.scenario} | ${r.received.samples} | ${fmt(r.received)} | ${fmt(r.acked)} | ${r.received.missed + r.acked.missed} |`),
    '',
    ...verdict(rows),
    'Run to run, the p99 at 1,000 players moves by 10–30 ms on this machine (GC, scheduling of three busy processes on two cores): over four runs on a quiet machine, received p99 was 46–80 ms and ack p99 51–117 ms (bursts at the high end).',
    '',
    'What limits it: the server, all N simulated players (one Node thread) and loopback TCP share two cores. Every frame to or from a socket is a syscall of roughly 15–20 µs on loopback (the receiving side\'s TCP work included), so one call to 1,000 screens costs the server ~15–20 ms of writes, the simulated players ~10 ms of reads and ~15 ms of ack writes, and the server ~10 ms of ack reads; at 5,000 players all of it ×5, and a burst of 20 calls a second to 5,000 screens needs more CPU than two cores have, so calls queue behind each other. Already done: each message encoded once to a Buffer, compression off, sends skipped above 4 MB buffered, queue-state pushes coalesced (100 ms) and, like the heartbeat pass, sent in slices that a call overtakes, and a call writes only the small live store file. Next steps past this: one player hub per core behind the bus (its interface already allows it) — and real screens, which read and ack on their own CPUs.',
  ]);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
