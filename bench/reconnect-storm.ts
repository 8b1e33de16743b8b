/**
 * Reconnect storm: 1,000 simulated players on the real server (child process), each reconnecting
 * with the player's own policy (`backoffDelay` from player/connection.ts: full jitter, 1 s → 30 s).
 * The server is killed (SIGKILL: a crash; SIGTERM: a deploy) and restarted at once on the same port
 * and data dir, as a supervisor would. Measured from the kill: when the server answers again, when
 * all 1,000 players are back with their manifest, connections per second, peak server RSS and CPU,
 * and /healthz latency during the storm (the event loop's responsiveness as a client sees it).
 * A no-jitter variant (everyone retries at exactly 1, 2, 4 … s) shows what the jitter buys.
 *
 *   npm run bench                     # 1,000 players, three variants (< 3 min)
 *   npx tsx bench/reconnect-storm.ts 2000
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { PROTOCOL_VERSION } from '../content/protocol';
import { screenFromInput } from '../content/screen-defaults';
import { backoffDelay, RECONNECT_BASE_MS, RECONNECT_MAX_MS } from '../player/connection';
import { deviceKey } from '../server/auth/secrets';
import { emptyData } from '../server/store/data';
import { STORE_FILE } from '../server/store/lowdb-store';
import { writeBenchSection } from './report';

const root = path.resolve(import.meta.dirname, '..');
/** Sockets opened at once while connecting players the first time (a listen backlog is finite). */
const CONNECT_BATCH = 250;
/** Give up on a storm after this long (the policy's 30 s cap plus slack). */
const STORM_LIMIT_MS = 60_000;
const SAMPLE_MS = 100;
const HEALTH_EVERY_MS = 100;
const WELCOME = Buffer.from('{"type":"welcome"');
const MANIFEST = Buffer.from('{"type":"manifest"');
const startsWith = (data: Buffer, prefix: Buffer): boolean => data.length >= prefix.length && data.compare(prefix, 0, prefix.length, 0, prefix.length) === 0;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Policy = 'jitter' | 'noJitter';
type Signal = 'SIGKILL' | 'SIGTERM';

/** The player's policy, or the same exponential schedule without jitter (the thing not to ship). */
const delayFor = (policy: Policy, attempt: number): number =>
  policy === 'jitter' ? backoffDelay(attempt) : Math.min(RECONNECT_MAX_MS, RECONNECT_BASE_MS * 2 ** Math.min(attempt, 16));

const freePort = (): Promise<number> =>
  new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

/** One hall of N waiting-area TVs written directly, as bench/queue-latency.ts does (HTTP would take minutes). */
function prepareDataDir(n: number): { dir: string; screens: { id: string; key: string }[] } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hs-storm-'));
  const secret = randomBytes(32);
  writeFileSync(path.join(dir, 'secret.key'), secret.toString('base64url'), { mode: 0o600 });
  const at = new Date().toISOString();
  const data = emptyData();
  data.halls.push({ id: 'hall_storm', name: `重连风暴营业厅 ${n}`, timezone: 'Asia/Shanghai', createdAt: at });
  for (let i = 0; i < n; i++) data.screens.push(screenFromInput({ name: `候号屏 ${i}`, hallId: 'hall_storm', area: 'waiting', kind: 'tv' }, `scr_storm${i}`, at));
  writeFileSync(path.join(dir, STORE_FILE), JSON.stringify(data));
  return { dir, screens: data.screens.map((s) => ({ id: s.id, key: deviceKey(secret, s.id, 0) })) };
}

/**
 * One simulated screen: the player's reconnect loop (attempt counter reset on welcome, like
 * PlayerConnection), minus everything a storm does not exercise. It says hello without a manifest
 * version, so every reconnect costs the server a full manifest (the worst case: a real player that
 * kept its manifest gets only a welcome).
 */
class SimPlayer {
  private ws: WebSocket | null = null;
  private attempt = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  stopped = false;
  /** When (performance.now) the last welcome and the last manifest arrived. */
  welcomeAt = 0;
  manifestAt = 0;
  attempts = 0;
  private onReady: (() => void) | null = null;

  constructor(
    private readonly url: string,
    private readonly screen: { id: string; key: string },
    private readonly policy: Policy,
  ) {}

  /** Connects; resolves on the first manifest. */
  start(): Promise<void> {
    return new Promise((resolve) => {
      this.onReady = resolve;
      this.connect();
    });
  }

  private connect(): void {
    if (this.stopped) return;
    this.attempts++;
    const ws = new WebSocket(this.url, { perMessageDeflate: false });
    this.ws = ws;
    ws.on('open', () => ws.send(JSON.stringify({ type: 'hello', protocolVersion: PROTOCOL_VERSION, screenId: this.screen.id, key: this.screen.key, playerVersion: 'storm' })));
    ws.on('message', (data: Buffer) => {
      if (startsWith(data, WELCOME)) {
        this.welcomeAt = performance.now();
        this.attempt = 0;
      } else if (startsWith(data, MANIFEST)) {
        this.manifestAt = performance.now();
        this.onReady?.();
        this.onReady = null;
      }
    });
    ws.on('error', () => {});
    ws.on('close', () => {
      if (this.ws !== ws || this.stopped) return;
      this.ws = null;
      this.timer = setTimeout(() => this.connect(), delayFor(this.policy, this.attempt++));
    });
  }

  /** Forget the last connection's marks (a storm starts). */
  reset(): void {
    this.welcomeAt = 0;
    this.manifestAt = 0;
    this.attempts = 0;
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.ws?.terminate();
  }
}

function startServerProcess(port: number, dir: string): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: root,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dir, ADMIN_PASSWORD: 'storm-pass', LOG_LEVEL: 'warn', NODE_ENV: 'production' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

async function waitHealthy(base: string, limitMs = 60_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    try {
      if ((await fetch(`${base}/healthz`)).ok) return;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) throw new Error('server did not start');
    await sleep(50);
  }
}

/** CPU time (user + system, ms) and RSS (bytes) of a process, from /proc. */
function procUsage(pid: number): { cpuMs: number; rss: number } | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    const rss = Number(/^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;
    return { cpuMs: (ticks * 1000) / 100, rss };
  } catch {
    return null;
  }
}

interface StormResult {
  policy: Policy;
  signal: Signal;
  n: number;
  /** From the kill until /healthz answered again. */
  serverUpMs: number;
  /** From the kill until every player had welcome + manifest; NaN if not within the limit. */
  allBackMs: number;
  /** From the server answering until every player was back. */
  afterUpMs: number;
  p50BackMs: number;
  p99BackMs: number;
  missing: number;
  /** Players back per second after the kill (index = second). */
  perSecond: number[];
  peakPerSecond: number;
  /** Peak over any 100 ms window, scaled to a second: what the accept queue sees. */
  peakPer100ms: number;
  peakRssMb: number;
  baseRssMb: number;
  /** Peak CPU of the server process over 100 ms windows, and its average over the storm (100 % = one core). */
  peakCpuPct: number;
  avgCpuPct: number;
  healthP50: number;
  healthP99: number;
  healthMax: number;
  healthFailed: number;
  attempts: number;
  failedAttempts: number;
}

const pct = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
const r0 = Math.round;

async function storm(n: number, policy: Policy, signal: Signal, dir: string, screens: { id: string; key: string }[]): Promise<StormResult> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const url = (s: { id: string; key: string }) => `ws://127.0.0.1:${port}/ws/player?screen=${s.id}&key=${s.key}`;
  let server = startServerProcess(port, dir);
  const players = screens.slice(0, n).map((s) => new SimPlayer(url(s), s, policy));
  try {
    await waitHealthy(base);
    for (let i = 0; i < players.length; i += CONNECT_BATCH) await Promise.all(players.slice(i, i + CONNECT_BATCH).map((p) => p.start()));
    await sleep(1000);
    const baseRss = procUsage(server.pid!)?.rss ?? 0;
    for (const p of players) p.reset();

    const killedAt = performance.now();
    const old = server;
    const exited = new Promise((r) => old.once('exit', r));
    old.kill(signal);
    // A supervisor restarts once the old process is gone (SIGTERM: after its graceful close).
    await exited;
    server = startServerProcess(port, dir);
    const pid = server.pid!;

    // Sample the new server's CPU and RSS, and /healthz latency, until everyone is back.
    const cpuSamples: number[] = [];
    let peakRss = 0;
    let last = procUsage(pid);
    let lastAt = performance.now();
    let firstCpu: { cpuMs: number; at: number } | null = null;
    const sampler = setInterval(() => {
      const now = performance.now();
      const u = procUsage(pid);
      if (u && last) {
        cpuSamples.push(((u.cpuMs - last.cpuMs) / (now - lastAt)) * 100);
        peakRss = Math.max(peakRss, u.rss);
      }
      if (u && !firstCpu) firstCpu = { cpuMs: u.cpuMs, at: now };
      last = u;
      lastAt = now;
    }, SAMPLE_MS);
    const health: number[] = [];
    let healthFailed = 0;
    let serverUpAt = 0;
    let probing = true;
    const prober = (async () => {
      while (probing) {
        const t = performance.now();
        try {
          const res = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(5000) });
          await res.arrayBuffer();
          if (res.ok) {
            if (!serverUpAt) serverUpAt = performance.now();
            else health.push(performance.now() - t);
          }
        } catch {
          if (serverUpAt) healthFailed++;
        }
        await sleep(HEALTH_EVERY_MS);
      }
    })();

    const back = () => players.filter((p) => p.manifestAt > p.welcomeAt - 1 && p.welcomeAt > 0).length;
    while (back() < n && performance.now() - killedAt < STORM_LIMIT_MS) await sleep(20);
    const doneAt = performance.now();
    probing = false;
    await prober;
    clearInterval(sampler);
    const cpuEnd = procUsage(pid);
    const startCpu = firstCpu as { cpuMs: number; at: number } | null;
    const avgCpu = cpuEnd && startCpu ? ((cpuEnd.cpuMs - startCpu.cpuMs) / (doneAt - startCpu.at)) * 100 : NaN;

    const backTimes = players.filter((p) => p.manifestAt > 0).map((p) => p.manifestAt - killedAt).sort((a, b) => a - b);
    const perSecond: number[] = [];
    const per100 = new Map<number, number>();
    for (const t of backTimes) {
      const s = Math.floor(t / 1000);
      while (perSecond.length <= s) perSecond.push(0);
      perSecond[s]!++;
      const w = Math.floor(t / 100);
      per100.set(w, (per100.get(w) ?? 0) + 1);
    }
    const hs = [...health].sort((a, b) => a - b);
    const allBack = backTimes.length === n ? backTimes.at(-1)! : NaN;
    const serverUpMs = serverUpAt - killedAt;
    return {
      policy,
      signal,
      n,
      serverUpMs: r0(serverUpMs),
      allBackMs: r0(allBack),
      afterUpMs: r0(allBack - serverUpMs),
      p50BackMs: r0(pct(backTimes, 50)),
      p99BackMs: r0(pct(backTimes, 99)),
      missing: n - backTimes.length,
      perSecond,
      peakPerSecond: Math.max(0, ...perSecond),
      peakPer100ms: Math.max(0, ...per100.values()) * 10,
      peakRssMb: r0(peakRss / 2 ** 20),
      baseRssMb: r0(baseRss / 2 ** 20),
      peakCpuPct: r0(Math.max(0, ...cpuSamples)),
      avgCpuPct: r0(avgCpu),
      healthP50: r0(pct(hs, 50)),
      healthP99: r0(pct(hs, 99)),
      healthMax: r0(hs.at(-1) ?? NaN),
      healthFailed,
      attempts: players.reduce((a, p) => a + p.attempts, 0),
      // Every attempt but the one that got a player back was refused, reset or cut off.
      failedAttempts: players.reduce((a, p) => a + p.attempts, 0) - backTimes.length,
    };
  } finally {
    for (const p of players) p.stop();
    if (server.exitCode === null) {
      server.kill('SIGTERM');
      await new Promise((r) => server.once('exit', r));
    }
  }
}

async function main(): Promise<void> {
  const n = Number(process.argv[2]) || 1000;
  const { dir, screens } = prepareDataDir(n);
  const variants: [Policy, Signal][] = [
    ['jitter', 'SIGKILL'],
    ['jitter', 'SIGTERM'],
    ['noJitter', 'SIGKILL'],
  ];
  const results: StormResult[] = [];
  const loadBefore = os.loadavg()[0]!.toFixed(1);
  try {
    for (const [policy, signal] of variants) {
      const r = await storm(n, policy, signal, dir, screens);
      console.log(
        `${policy} ${signal}: server up ${r.serverUpMs} ms, all ${n} back ${r.allBackMs} ms after the kill (${r.afterUpMs} ms after up, ${r.missing} missing); ` +
          `peak ${r.peakPerSecond}/s (${r.peakPer100ms}/s over 100 ms); RSS ${r.baseRssMb} → peak ${r.peakRssMb} MB; CPU peak ${r.peakCpuPct} % avg ${r.avgCpuPct} %; ` +
          `/healthz p50 ${r.healthP50} p99 ${r.healthP99} max ${r.healthMax} ms, ${r.healthFailed} failed; ${r.attempts} attempts, ${r.failedAttempts} failed`,
      );
      console.log(`  per second: ${r.perSecond.join(' ')}`);
      results.push(r);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const label = (r: StormResult) => `${r.policy === 'jitter' ? 'full jitter (player)' : 'no jitter'}, ${r.signal}`;
  writeBenchSection('Reconnect storm: server restart with 1,000 players', [
    `Server: \`tsx server/main.ts\` (child process; one hall of ${n} waiting-area TVs in the store). Players: ${n} plain \`ws\` clients in the bench process, each running the player's reconnect policy — \`backoffDelay\` from player/connection.ts (full jitter: uniform in [0, min(30 s, 1 s·2^attempt)], attempt reset on welcome) — and saying hello without a manifest version, so every reconnect costs a full manifest (worst case).`,
    'Each run: all players connected and idle, then the server is killed (SIGKILL = crash; SIGTERM = graceful stop, sockets closed) and restarted at once on the same port and data dir. Times are from the kill; "back" = welcome and manifest received. CPU: the new server process, 100 % = one core, peak over 100 ms windows. /healthz probed every 100 ms during the storm (its latency is what the event loop leaves for everything else).',
    '',
    '| policy, signal | server up | all back | after up | p50 / p99 back | peak back/s (100 ms window) | server RSS idle → peak | CPU peak / avg | /healthz p50 / p99 / max | connect attempts (failed) |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...results.map(
      (r) =>
        `| ${label(r)} | ${r.serverUpMs} ms | ${Number.isNaN(r.allBackMs) ? `not all (${r.missing} missing)` : `${r.allBackMs} ms`} | ${r.afterUpMs} ms | ${r.p50BackMs} / ${r.p99BackMs} ms | ${r.peakPerSecond} (${r.peakPer100ms}/s) | ${r.baseRssMb} → ${r.peakRssMb} MB | ${r.peakCpuPct} / ${r.avgCpuPct} % | ${r.healthP50} / ${r.healthP99} / ${r.healthMax} ms | ${r.attempts} (${r.failedAttempts}) |`,
    ),
    '',
    `Load average (1 min) at start / end: ${loadBefore} / ${os.loadavg()[0]!.toFixed(1)}. The server's own boot (\`tsx\` compiling TypeScript) is most of "server up" and grows with the machine's load.`,
    'What it shows: at 1,000 players neither policy melts the server (RSS barely moves; the worst is the no-jitter herd — every player retrying in the same instant, one core and more busy, /healthz stalled for hundreds of ms; its players all land in the same second). Full jitter spreads the same work over seconds at a fraction of the CPU, at the price of a tail: players whose retries doubled to 8–16 s caps during the outage come back up to tens of seconds after the server. The longer the outage, the longer that tail; that is the policy as specified (1 s → 30 s).',
    '',
    'Players back per second after the kill:',
    '',
    ...results.map((r) => `- ${label(r)}: ${r.perSecond.join(' · ')}`),
  ]);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
