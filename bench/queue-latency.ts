/**
 * Queue-call latency against the machine's own limit. Two servers run side by side, each a child
 * process: ours (`server/main.ts` as `npm start` runs it, one hall of N waiting-area TVs) and a bare
 * baseline (bench/bare-broadcast.ts: a plain `ws` server that writes one pre-encoded frame of the same
 * size as our call frame to every socket). The same client harness (N plain `ws` clients per server
 * in this process, speaking the player protocol, acking each call on receipt) measures both, and the
 * calls alternate between them (ours, bare, ours, …) so load from elsewhere hits both alike.
 *
 * Measured over every (call, player) pair: POST sent → call frame received (bench clock). Server CPU
 * per call: `process.cpuUsage()` inside each server (bench/cpu-probe.ts, preloaded into both), from
 * just before a call's POST until its acks are in. Scenarios after warm-up: steady (40 calls per
 * server, one at a time, 150 ms apart) and burst (3 rounds per server of 20 calls within one second,
 * not awaited). Writes the ratio table to BENCHMARKS.md.
 *
 *   npx tsx bench/queue-latency.ts              # N = 100, 1000, 3000
 *   npx tsx bench/queue-latency.ts 100 1000     # custom N values
 *   BENCH_BARE_ACKS=1 npx tsx bench/queue-latency.ts   # against a bare server that records acks (prints only)
 */
import { spawn, type ChildProcess } from 'node:child_process';
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
const WARMUP_CALLS = 5;
/**
 * Then unmeasured bursts like the measured ones (within the queue rate limit): a hall's server has
 * answered thousands of calls before any given one, so the measured calls should meet a compiled hot
 * path on both sides. (It moved the ratios little: N = 100 burst CPU 2.13× warm against 2.40–2.47×
 * cold, 2026-12-03.) BENCH_WARMUP_ROUNDS=0 measures the cold server.
 */
const WARMUP_ROUNDS = Number(process.env.BENCH_WARMUP_ROUNDS ?? 10);
const STEADY_CALLS = 40;
const STEADY_GAP_MS = 150;
const BURST_CALLS = 20;
const BURST_SPAN_MS = 1000;
const BURST_ROUNDS = 3;
/** After the last frame arrived: time for the acks to reach the server (and our group commit to finish). */
const SETTLE_MS = 100;
/** Sockets opened at once while connecting players (a listen backlog is finite). */
const CONNECT_BATCH = 250;
const TOKEN = 'bench-token';
/** BENCH_BARE_ACKS=1: the bare server also reads and records every ack (bench/bare-broadcast.ts); the table is not written. */
const BARE_ACKS = process.env.BENCH_BARE_ACKS === '1';
const PASSWORD = 'bench-pass';
const CALL_PREFIX = Buffer.from('{"type":"call"');
const MANIFEST_PREFIX = Buffer.from('{"type":"manifest"');
const startsWith = (data: Buffer, prefix: Buffer): boolean => data.length >= prefix.length && data.compare(prefix, 0, prefix.length, 0, prefix.length) === 0;

type Side = 'ours' | 'bare';
type Scenario = 'steady' | 'burst';
interface Stats {
  samples: number;
  p50: number;
  p99: number;
  missed: number;
}
interface Measure {
  received: Stats;
  /** Server CPU per call, ms. */
  cpuMs: number;
  /** Bytes each screen received per call (all frames, heartbeats included). */
  bytesPerCall: number;
}
interface Row {
  n: number;
  scenario: Scenario;
  ours: Measure;
  bare: Measure;
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
const r2 = (x: number) => Math.round(x * 100) / 100;
const pct = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
function stats(samples: number[], missed: number): Stats {
  const s = [...samples].sort((a, b) => a - b);
  return { samples: s.length, p50: r1(pct(s, 50)), p99: r1(pct(s, 99)), missed };
}

/** A data dir with one hall of N waiting-area TVs, written directly (creating thousands of screens over HTTP takes minutes). */
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

/** A server child with the CPU probe preloaded. */
function startChild(script: string, env: Record<string, string>): { child: ChildProcess; cpuMs: () => Promise<number> } {
  // BENCH_PROFILE=dir writes a V8 CPU profile of each server there (to see where its time goes).
  const prof = process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [];
  const child = spawn(process.execPath, [...prof, '--import', 'tsx', '--import', './bench/cpu-probe.ts', script], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const cpuMs = () =>
    new Promise<number>((resolve) => {
      child.once('message', (m) => resolve((m as { cpuUs: number }).cpuUs / 1000));
      child.send('cpu');
    });
  return { child, cpuMs };
}

/** One server and its N simulated players. */
interface Target {
  side: Side;
  n: number;
  received: Map<string, number[]>;
  bytes: { total: number };
  /** Size of the last call frame (ours: what the bare server must match). */
  frameBytes: number;
  post(id: string, i: number): Promise<void>;
  cpuMs(): Promise<number>;
  close(): Promise<void>;
}

async function connectPlayers(t: Target, port: number, screens: { id: string; key: string }[], sockets: WebSocket[]): Promise<void> {
  let pendingAcks: { ws: WebSocket; id: string }[] = [];
  // Simulated players ack on receipt, but after this round of socket reads: acking in between the
  // reads would bill player k's arrival with k−1 ack sends of other players (one thread plays them all).
  const ackSoon = (ws: WebSocket, id: string): void => {
    if (pendingAcks.length === 0)
      setImmediate(() => {
        const batch = pendingAcks;
        pendingAcks = [];
        for (const a of batch) a.ws.send(`{"type":"ack","kind":"call","id":${JSON.stringify(a.id)},"shownAt":${Date.now()}}`);
      });
    pendingAcks.push({ ws, id });
  };
  const connectOne = (s: { id: string; key: string }) =>
    new Promise<WebSocket>((resolve, reject) => {
      const ws = new WebSocket(`ws://127.0.0.1:${port}/ws/player?screen=${s.id}&key=${s.key}`, { perMessageDeflate: false });
      ws.on('open', () => ws.send(JSON.stringify({ type: 'hello', protocolVersion: PROTOCOL_VERSION, screenId: s.id, key: s.key, playerVersion: 'bench' })));
      ws.on('message', (data: Buffer) => {
        const now = performance.now();
        t.bytes.total += data.length;
        // NOTE: all simulated players share this thread, so each does the least it can: only call frames are parsed.
        if (startsWith(data, CALL_PREFIX)) {
          const id = (JSON.parse(data.toString()) as { call: { id: string } }).call.id;
          t.frameBytes = data.length;
          t.received.get(id)?.push(now);
          ackSoon(ws, id);
        } else if (startsWith(data, MANIFEST_PREFIX)) resolve(ws);
      });
      ws.on('error', reject);
    });
  for (let i = 0; i < screens.length; i += CONNECT_BATCH) sockets.push(...(await Promise.all(screens.slice(i, i + CONNECT_BATCH).map(connectOne))));
}

/**
 * POSTs once more when the connection was reset before an answer: a kept-alive socket the server
 * closed as idle (5 s) races with the next request. Safe: our calls are idempotent by id, and a reset
 * request never reached the bare server's handler.
 */
const postWithRetry = async (url: string, init: RequestInit): Promise<Response> => {
  try {
    return await fetch(url, init);
  } catch {
    return fetch(url, init);
  }
};

const waitHealthy = async (url: string): Promise<void> => {
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(url)).status < 500) return;
    } catch {
      if (i > 300) throw new Error(`${url} did not start`);
      await sleep(200);
    }
  }
};

async function startOurs(n: number): Promise<Target> {
  const port = await freePort();
  const { dir, hallId, screens } = prepareDataDir(n);
  const { child, cpuMs } = startChild('server/main.ts', { PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dir, ADMIN_PASSWORD: PASSWORD, QUEUE_TOKEN: TOKEN, LOG_LEVEL: 'warn' });
  const base = `http://127.0.0.1:${port}`;
  await waitHealthy(`${base}/healthz`);
  const sockets: WebSocket[] = [];
  const t: Target = {
    side: 'ours',
    n,
    received: new Map(),
    bytes: { total: 0 },
    frameBytes: 0,
    post: (id, i) =>
      postWithRetry(`${base}/api/queue/calls`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ ticket: `A${String(i).padStart(3, '0')}`, counter: String((i % 9) + 1), hallId, id }),
      }).then((res) => {
        if (res.status !== 202) throw new Error(`call refused: ${res.status}`);
      }),
    cpuMs,
    async close() {
      for (const ws of sockets) ws.terminate();
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      rmSync(dir, { recursive: true, force: true });
    },
  };
  await connectPlayers(t, port, screens, sockets);
  return t;
}

async function startBare(n: number, frameBytes: () => number): Promise<Target> {
  const port = await freePort();
  const { child, cpuMs } = startChild('bench/bare-broadcast.ts', { PORT: String(port), BARE_ACKS: BARE_ACKS ? '1' : '0' });
  const base = `http://127.0.0.1:${port}`;
  await waitHealthy(`${base}/`);
  const sockets: WebSocket[] = [];
  const t: Target = {
    side: 'bare',
    n,
    received: new Map(),
    bytes: { total: 0 },
    frameBytes: 0,
    post: (id) =>
      postWithRetry(`${base}/call`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id, size: frameBytes() }) }).then((res) => {
        if (res.status !== 202) throw new Error(`bare call refused: ${res.status}`);
      }),
    cpuMs,
    async close() {
      for (const ws of sockets) ws.terminate();
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    },
  };
  const fake = Array.from({ length: n }, (_, i) => ({ id: `scr_bare${i}`, key: 'k' }));
  await connectPlayers(t, port, fake, sockets);
  return t;
}

/** Accumulates one side's samples of a scenario. */
class Tally {
  arrivals: number[] = [];
  missed = 0;
  cpuMs = 0;
  calls = 0;
  bytes = 0;
  add(t: Target, sent: Map<string, number>, cpuMs: number, bytes: number): void {
    for (const [id, at] of sent) {
      const got = t.received.get(id)!;
      this.missed += t.n - got.length;
      for (const x of got) this.arrivals.push(x - at);
    }
    this.cpuMs += cpuMs;
    this.calls += sent.size;
    this.bytes += bytes;
  }
  result(n: number): Measure {
    return { received: stats(this.arrivals, this.missed), cpuMs: r2(this.cpuMs / this.calls), bytesPerCall: Math.round(this.bytes / this.calls / n) };
  }
}

const waitAll = async (t: Target, ids: string[]): Promise<void> => {
  const deadline = performance.now() + 15_000;
  while (performance.now() < deadline && ids.some((id) => t.received.get(id)!.length < t.n)) await sleep(2);
  await sleep(SETTLE_MS);
};

/** Runs `calls` on one side (all fired `gapMs` apart, not awaited), waits for them, and tallies. */
async function round(t: Target, tally: Tally, ids: string[], firstTicket: number, gapMs: number): Promise<void> {
  const sent = new Map<string, number>();
  const bytes0 = t.bytes.total;
  const cpu0 = await t.cpuMs();
  const posts: Promise<void>[] = [];
  for (let k = 0; k < ids.length; k++) {
    const id = ids[k]!;
    t.received.set(id, []);
    sent.set(id, performance.now());
    posts.push(t.post(id, firstTicket + k));
    if (k < ids.length - 1) await sleep(gapMs);
  }
  await Promise.all(posts);
  await waitAll(t, ids);
  const cpu1 = await t.cpuMs();
  tally.add(t, sent, cpu1 - cpu0, t.bytes.total - bytes0);
}

async function runN(n: number): Promise<Row[]> {
  const ours = await startOurs(n);
  let bare: Target | undefined;
  try {
    bare = await startBare(n, () => ours.frameBytes);
    console.log(`N=${n}: ${n} players on each server`);
    const sides = [ours, bare];
    // Warm-up, not measured: JIT, first store writes; also fixes the frame size the bare server copies.
    for (let i = 0; i < WARMUP_CALLS; i++) for (const t of sides) await round(t, new Tally(), [`warmup-${t.side}-${n}-${i}`], 900 + i, 0);
    for (let r = 0; r < WARMUP_ROUNDS; r++)
      for (const t of sides) {
        const ids = Array.from({ length: BURST_CALLS }, (_, k) => `warmburst-${t.side}-${n}-${r}-${k}`);
        await round(t, new Tally(), ids, 500 + r * BURST_CALLS, BURST_SPAN_MS / BURST_CALLS);
      }

    const steady = { ours: new Tally(), bare: new Tally() };
    for (let i = 0; i < STEADY_CALLS; i++)
      for (const t of sides) {
        await round(t, steady[t.side], [`steady-${t.side}-${n}-${i}`], i, 0);
        await sleep(STEADY_GAP_MS);
      }
    const burst = { ours: new Tally(), bare: new Tally() };
    for (let r = 0; r < BURST_ROUNDS; r++)
      for (const t of sides) {
        const ids = Array.from({ length: BURST_CALLS }, (_, k) => `burst-${t.side}-${n}-${r}-${k}`);
        await round(t, burst[t.side], ids, 100 + r * BURST_CALLS, BURST_SPAN_MS / BURST_CALLS);
        await sleep(500);
      }
    return [
      { n, scenario: 'steady', ours: steady.ours.result(n), bare: steady.bare.result(n) },
      { n, scenario: 'burst', ours: burst.ours.result(n), bare: burst.bare.result(n) },
    ];
  } finally {
    await bare?.close();
    await ours.close();
  }
}

const ratio = (a: number, b: number): string => (b > 0 ? (a / b).toFixed(2) : '—');

async function main(): Promise<void> {
  const ns = process.argv.slice(2).map(Number).filter((x) => x > 0);
  const rows: Row[] = [];
  const load0 = os.loadavg()[0]!;
  for (const n of ns.length ? ns : [100, 1000, 3000]) {
    for (const row of await runN(n)) {
      const { ours: o, bare: b } = row;
      console.log(
        `N=${n} ${row.scenario}: p50 ${o.received.p50}/${b.received.p50} ms (${ratio(o.received.p50, b.received.p50)}×), p99 ${o.received.p99}/${b.received.p99} ms (${ratio(o.received.p99, b.received.p99)}×), ` +
          `CPU ${o.cpuMs}/${b.cpuMs} ms per call (${ratio(o.cpuMs, b.cpuMs)}×), ${o.bytesPerCall}/${b.bytesPerCall} B per screen per call, missed ${o.received.missed}/${b.received.missed}`,
      );
      rows.push(row);
    }
  }
  if (BARE_ACKS) return; // a side measurement: the section keeps the baseline the targets are set against
  const load1 = os.loadavg()[0]!;
  const worst = (pick: (r: Row) => number) => Math.max(...rows.map(pick));
  const burstRows = rows.filter((r) => r.scenario === 'burst');
  const burstWorst = Math.max(...burstRows.flatMap((r) => [r.ours.received.p50 / r.bare.received.p50, r.ours.received.p99 / r.bare.received.p99]));
  const cpuWorst = worst((r) => r.ours.cpuMs / r.bare.cpuMs);
  writeBenchSection('Queue call → player received', [
    `Ours: \`tsx server/main.ts\` (child process, embedded lowdb store, one hall of N waiting-area TVs). Bare: \`bench/bare-broadcast.ts\` (child process, plain \`ws\`: one pre-encoded frame of the size of our call frame written to every socket). Same client harness for both: N plain \`ws\` clients in the bench process, acking each call on receipt. Calls alternate between the two servers in the same run.`,
    `After ${WARMUP_CALLS} unmeasured warm-up calls and ${WARMUP_ROUNDS} unmeasured bursts like the measured ones per server (${WARMUP_CALLS + WARMUP_ROUNDS * BURST_CALLS} calls: a server in use has its hot path compiled): steady, ${STEADY_CALLS} calls per server, one at a time, ${STEADY_GAP_MS} ms apart; burst, ${BURST_ROUNDS} rounds per server of ${BURST_CALLS} calls fired within ${BURST_SPAN_MS / 1000} s, not awaited.`,
    '**p50 / p99** = POST sent → call frame received (bench clock), over every (call, player) pair. **CPU** = `process.cpuUsage()` (user + system, all threads) inside each server from just before a call until its acks are in, per call. **B/screen** = bytes each screen received per call (all frames).',
    `1-minute load average at start / end: ${load0.toFixed(1)} / ${load1.toFixed(1)} (other work on the machine slows both servers alike; the ratios are what counts).`,
    '',
    '| N players | scenario | ours p50 | bare p50 | **p50 ratio** | ours p99 | bare p99 | **p99 ratio** | ours CPU ms/call | bare CPU ms/call | **CPU ratio** | B/screen ours / bare | missed ours / bare |',
    '|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows.map(
      (r) =>
        `| ${r.n} | ${r.scenario} | ${r.ours.received.p50} | ${r.bare.received.p50} | ${ratio(r.ours.received.p50, r.bare.received.p50)} | ${r.ours.received.p99} | ${r.bare.received.p99} | ${ratio(r.ours.received.p99, r.bare.received.p99)} | ${r.ours.cpuMs} | ${r.bare.cpuMs} | ${ratio(r.ours.cpuMs, r.bare.cpuMs)} | ${r.ours.bytesPerCall} / ${r.bare.bytesPerCall} | ${r.ours.received.missed} / ${r.bare.received.missed} |`,
    ),
    '',
    `Targets: burst ratio ≤ 1.2 at every N (p50 and p99): **${burstWorst <= 1.2 ? 'met' : 'missed'}** (worst ${burstWorst.toFixed(2)}×); server CPU per call ≤ 1.3× bare: **${cpuWorst <= 1.3 ? 'met' : 'missed'}** (worst ${cpuWorst.toFixed(2)}×).`,
    '',
    'What ours does per call that the bare server does not: an HTTP request (the call lane, server/queue/call-lane.ts: security headers, strict JSON body, bearer token, rate limit, zod — the `/api` router and body-parser are no longer on this path), the hall queue state and the board delta, two append-log lines (calls, audit; each log one synchronous append per event-loop turn) and its share of a group-committed journal line of the live store (appended, durable before the `202`; the live file itself is rewritten only when the journal is folded in); per ack: the strict ack pattern (no JSON.parse, no zod), an O(1) ack record and a liveness mark at most once a second per socket. That fixed part weighs most at small N, where the bare broadcast itself is cheap. The call frame (with its board delta) is the only frame a screen gets for a call: B/screen is the frame size, where each screen used to get a ~3.9 KB whole board as well ~100 ms after each call. On a machine shared with other busy jobs, single p99 values (and so their ratios) swing between runs: read the ratios of several runs, not one.',
  ]);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
