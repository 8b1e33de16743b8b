/**
 * What the per-hall writer (server/cluster/hall-writer.ts) costs a call, on the machine's real
 * PostgreSQL and Redis: two in-process instances of the queue path (server/cluster/two-instances.ts),
 * one hall. "Same instance": every call goes to A, so A keeps the lease and pays no takeover. "Round
 * robin": calls alternate A, B, A… as a load balancer without stickiness sends them, so nearly every
 * call is a takeover (one extra store transaction). Latency = submit → resolved (stored, the 202).
 * Modes interleave round by round; medians of the per-round p50/p99 are reported.
 *
 *   npx tsx bench/hall-writer.ts
 */
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import type { CallService } from '../server/queue-calls';
import { hallDb, openInstance } from '../server/cluster/two-instances';
import { writeBenchSection } from './report';

const ROUNDS = 5;
const CALLS = 40;
const BURST = 20;

const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};
const median = (xs: number[]): number => pct(xs, 50);
const round1 = (x: number): number => Math.round(x * 10) / 10;

async function main(): Promise<void> {
  const db = await hallDb();
  const prefix = `hs-bench-${randomBytes(4).toString('hex')}:`;
  const a = await openInstance(db.url, prefix);
  const b = await openInstance(db.url, prefix);
  let n = 0;
  const call = async (c: CallService): Promise<number> => {
    const i = n++;
    const t0 = performance.now();
    await c.submit({ id: `bench-${i}`, ticket: `A${String(i % 1000).padStart(3, '0')}`, counter: String((i % 20) + 1), hallId: 'h1', actor: 'bench' });
    return performance.now() - t0;
  };
  const pick = (mode: string, i: number): CallService => (mode === 'same' || i % 2 === 0 ? a.calls : b.calls);
  for (let i = 0; i < 10; i++) await call(pick('rr', i)); // warm-up: connections, JIT

  const modes = ['same', 'rr'] as const;
  const results: Record<string, { p50: number[]; p99: number[]; burstP50: number[]; burstP99: number[] }> = {};
  for (const m of modes) results[m] = { p50: [], p99: [], burstP50: [], burstP99: [] };
  for (let r = 0; r < ROUNDS; r++)
    for (const mode of r % 2 ? [...modes].reverse() : modes) {
      const steady: number[] = [];
      for (let i = 0; i < CALLS; i++) steady.push(await call(pick(mode, i)));
      const burst = await Promise.all(Array.from({ length: BURST }, (_, i) => call(pick(mode, i))));
      const out = results[mode]!;
      out.p50.push(pct(steady, 50));
      out.p99.push(pct(steady, 99));
      out.burstP50.push(pct(burst, 50));
      out.burstP99.push(pct(burst, 99));
    }
  await a.close();
  await b.close();
  await db.drop();

  const row = (label: string, m: string) => {
    const x = results[m]!;
    return `| ${label} | ${round1(median(x.p50))} | ${round1(median(x.p99))} | ${round1(median(x.burstP50))} | ${round1(median(x.burstP99))} |`;
  };
  const same = results.same!;
  const rr = results.rr!;
  const lines = [
    `Two in-process instances of the queue path (PostgreSQL store in a throw-away database, Redis bus and lease), one hall; ${ROUNDS} interleaved rounds per mode of ${CALLS} sequential calls then a burst of ${BURST} concurrent calls. Submit → stored (the 202), ms; medians of the per-round values.`,
    `1-minute load average at the end: ${os.loadavg()[0]!.toFixed(1)}.`,
    '',
    '| calls go to | steady p50 | steady p99 | burst p50 | burst p99 |',
    '|---|---:|---:|---:|---:|',
    row('one instance (keeps the lease)', 'same'),
    row('A, B, A, … (a takeover per call)', 'rr'),
    '',
    `Ratio round robin / one instance: steady p50 ${round1(median(rr.p50) / median(same.p50))}×, burst p50 ${round1(median(rr.burstP50) / median(same.burstP50))}×. A takeover is one more store transaction under the cluster-wide write lock plus the Redis script; with a load balancer that keeps a queue system's connection on one instance (keep-alive does, mostly) calls stay on the first row.`,
  ];
  writeBenchSection('Per-hall writer: one instance vs round robin', lines);
  console.log(lines.join('\n'));
}

await main();
