/**
 * Queue-call latency: a real server (child process, as `npm start` runs it) with N simulated players
 * (plain `ws` clients in this process speaking the real protocol). Fires calls and measures the time
 * from sending the POST to each player receiving the call. Writes the table to BENCHMARKS.md.
 *
 *   npm run bench                 # N = 1, 100, 1000
 *   npm run bench -- 1 10         # custom N values
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { PROTOCOL_VERSION } from '../content/protocol';
import { writeBenchSection } from './report';

const root = path.resolve(import.meta.dirname, '..');
const CALLS = 40;
const CALL_GAP_MS = 150;

const freePort = (): Promise<number> =>
  new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

const pct = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

async function runScenario(n: number): Promise<{ n: number; samples: number; p50: number; p95: number; p99: number; max: number; missed: number }> {
  const port = await freePort();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'hs-bench-'));
  const server = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: root,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, ADMIN_PASSWORD: 'bench-pass', QUEUE_TOKEN: 'bench-token', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  try {
    for (let i = 0; ; i++) {
      try {
        if ((await fetch(`${base}/healthz`)).ok) break;
      } catch {
        if (i > 150) throw new Error('server did not start');
        await new Promise((r) => setTimeout(r, 200));
      }
    }
    const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'bench-pass' }) });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const hall = (await (await fetch(`${base}/api/halls`, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify({ name: `压测营业厅 ${n}` }) })).json()) as { id: string };
    const screens: { id: string; playerUrl: string }[] = [];
    for (let i = 0; i < n; i++) {
      const res = await fetch(`${base}/api/screens`, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify({ name: `候号屏 ${i}`, hallId: hall.id, area: 'waiting', kind: 'tv' }) });
      screens.push((await res.json()) as { id: string; playerUrl: string });
    }
    const received = new Map<string, number[]>();
    const sockets = await Promise.all(
      screens.map(
        (s) =>
          new Promise<WebSocket>((resolve, reject) => {
            const url = new URL(s.playerUrl);
            const key = url.searchParams.get('key')!;
            const ws = new WebSocket(`ws://127.0.0.1:${port}/ws/player?screen=${s.id}&key=${key}`);
            ws.on('open', () => ws.send(JSON.stringify({ type: 'hello', protocolVersion: PROTOCOL_VERSION, screenId: s.id, key, playerVersion: 'bench' })));
            ws.on('message', (data) => {
              const msg = JSON.parse(data.toString()) as { type: string; call?: { id: string } };
              if (msg.type === 'manifest') resolve(ws);
              if (msg.type === 'call' && msg.call) received.get(msg.call.id)?.push(performance.now());
            });
            ws.on('error', reject);
          }),
      ),
    );
    const samples: number[] = [];
    let missed = 0;
    for (let i = 0; i < CALLS; i++) {
      const id = `bench-${n}-${i}`;
      const arrivals: number[] = [];
      received.set(id, arrivals);
      const sent = performance.now();
      const res = await fetch(`${base}/api/queue/calls`, {
        method: 'POST',
        headers: { authorization: 'Bearer bench-token', 'content-type': 'application/json' },
        body: JSON.stringify({ ticket: `A${String(i).padStart(3, '0')}`, counter: String((i % 9) + 1), hallId: hall.id, id }),
      });
      if (res.status !== 202) throw new Error(`call refused: ${res.status}`);
      const deadline = performance.now() + 5000;
      while (arrivals.length < n && performance.now() < deadline) await new Promise((r) => setTimeout(r, 2));
      missed += n - arrivals.length;
      for (const t of arrivals) samples.push(t - sent);
      await new Promise((r) => setTimeout(r, CALL_GAP_MS));
    }
    for (const ws of sockets) ws.close();
    samples.sort((a, b) => a - b);
    const r = (x: number) => Math.round(x * 10) / 10;
    return { n, samples: samples.length, p50: r(pct(samples, 50)), p95: r(pct(samples, 95)), p99: r(pct(samples, 99)), max: r(samples.at(-1)!), missed };
  } finally {
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const ns = process.argv.slice(2).map(Number).filter((x) => x > 0);
  const results = [];
  for (const n of ns.length ? ns : [1, 100, 1000]) {
    const r = await runScenario(n);
    console.log(`N=${r.n}: p50 ${r.p50} ms, p95 ${r.p95} ms, p99 ${r.p99} ms, max ${r.max} ms (${r.samples} samples, ${r.missed} missed)`);
    results.push(r);
  }
  writeBenchSection('Queue call → player received', [
    `Server: \`tsx server/main.ts\` (child process, embedded lowdb store). Players: N plain \`ws\` clients in the bench process.`,
    `${CALLS} calls per N, ${CALL_GAP_MS} ms apart; latency = POST sent → call frame received, over every (call, player) pair.`,
    '',
    '| N players | samples | p50 ms | p95 ms | p99 ms | max ms | missed |',
    '|---:|---:|---:|---:|---:|---:|---:|',
    ...results.map((r) => `| ${r.n} | ${r.samples} | ${r.p50} | ${r.p95} | ${r.p99} | ${r.max} | ${r.missed} |`),
  ]);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
