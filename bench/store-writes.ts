/**
 * Store write throughput and latency, lowdb vs PostgreSQL, through the same `Store` interface (in
 * process; PostgreSQL is the machine's, in a throw-away database). Each store starts with a district
 * of content (1 hall, 1,000 screens, 200 slides), then takes queue calls as `queue-calls.ts` writes
 * them (insert + keep the last 500):
 * - serial: one write at a time, each awaited (latency of a lone write: what an editor's save costs);
 * - concurrent: 8 writers keeping a write each in flight (group commit; what a call burst costs);
 * - two instances (PostgreSQL only): two stores on one database, 4 writers each, every write a
 *   read-modify-write of one shared counter, which must end exactly at the number of writes.
 *
 *   npx tsx bench/store-writes.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { QueueCall } from '../content/model';
import { screenFromInput } from '../content/screen-defaults';
import { openLowdbStore } from '../server/store/lowdb-store';
import { openPgStore } from '../server/store/pg-store';
import { createTestDb } from '../server/store/pg-test-db';
import type { Store } from '../server/store/store';
import { writeBenchSection } from './report';

const SERIAL = 300;
const CONCURRENT = 2000;
const WRITERS = 8;
const at = new Date(0).toISOString();

const call = (id: string): QueueCall => ({ id, ticket: 'A001', counter: '1', text: '请 A001 号到 1 号窗口办理', createdAt: new Date().toISOString(), expiresAt: at });
const writeCall = (store: Store, id: string) =>
  store.transact((tx) => {
    tx.insert('calls', call(id));
    const calls = tx.list('calls');
    if (calls.length > 500) tx.retain('calls', (c) => c.createdAt >= calls[calls.length - 500]!.createdAt);
  });

async function seedDistrict(store: Store): Promise<void> {
  await store.transact((tx) => {
    tx.insert('halls', { id: 'h1', name: '营业厅', timezone: 'Asia/Shanghai', createdAt: at });
    for (let i = 0; i < 1000; i++) tx.insert('screens', screenFromInput({ name: `屏 ${i}`, hallId: 'h1', area: 'waiting', kind: 'tv' }, `scr${i}`, at));
    for (let i = 0; i < 200; i++) tx.insert('slides', { id: `sld${i}`, type: 'notice', title: `通知 ${i}`, body: '内容'.repeat(50), durationMs: 10_000, status: 'approved', createdAt: at, updatedAt: at } as never);
  });
}

const pct = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
interface Result {
  perS: number;
  p50: number;
  p99: number;
}
async function measure(n: number, writers: number, write: (i: number) => Promise<unknown>): Promise<Result> {
  const lat: number[] = [];
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: writers }, async () => {
      while (next < n) {
        const i = next++;
        const s = performance.now();
        await write(i);
        lat.push(performance.now() - s);
      }
    }),
  );
  const total = performance.now() - t0;
  lat.sort((x, y) => x - y);
  return { perS: Math.round((n / total) * 1000), p50: +pct(lat, 50).toFixed(2), p99: +pct(lat, 99).toFixed(2) };
}

const rows: string[] = [];
const row = (store: string, mode: string, r: Result): void => void rows.push(`| ${store} | ${mode} | ${r.perS} | ${r.p50} | ${r.p99} |`);

const dir = mkdtempSync(path.join(os.tmpdir(), 'hs-bench-store-'));
const lowdb = await openLowdbStore(dir);
await seedDistrict(lowdb);
row('lowdb', 'serial, 1 writer', await measure(SERIAL, 1, (i) => writeCall(lowdb, `s${i}`)));
row('lowdb', `concurrent, ${WRITERS} writers`, await measure(CONCURRENT, WRITERS, (i) => writeCall(lowdb, `c${i}`)));
await lowdb.close();
rmSync(dir, { recursive: true, force: true });

const db = await createTestDb();
try {
  const pg = await openPgStore(db.url);
  await seedDistrict(pg);
  row('PostgreSQL', 'serial, 1 writer', await measure(SERIAL, 1, (i) => writeCall(pg, `s${i}`)));
  row('PostgreSQL', `concurrent, ${WRITERS} writers`, await measure(CONCURRENT, WRITERS, (i) => writeCall(pg, `c${i}`)));
  const other = await openPgStore(db.url);
  await pg.transact((tx) => tx.insert('halls', { id: 'counter', name: '0', timezone: 'Asia/Shanghai', createdAt: at }));
  const bump = (s: Store) => s.transact((tx) => tx.replace('halls', { ...tx.get('halls', 'counter')!, name: String(Number(tx.get('halls', 'counter')!.name) + 1) }));
  const twoInstances = await measure(CONCURRENT, WRITERS, (i) => bump(i % 2 ? pg : other));
  await pg.sync();
  const final = Number(pg.get('halls', 'counter')!.name);
  row('PostgreSQL', `two instances, ${WRITERS / 2} writers each, shared counter`, twoInstances);
  rows.push('', `Shared counter after ${CONCURRENT} read-modify-writes split over two instances: **${final}** (${final === CONCURRENT ? 'no update lost' : 'UPDATES LOST'}).`);
  await other.close();
  await pg.close();
} finally {
  await db.drop();
}

const lines = [
  'Store: 1 hall, 1,000 screens, 200 slides; each write is a queue call as `queue-calls.ts` stores it (insert, keep the last 500). In process, through the `Store` interface; PostgreSQL 15 local (trust auth), a throw-away database.',
  '',
  '| store | mode | writes/s | p50 ms | p99 ms |',
  '|---|---|---:|---:|---:|',
  ...rows,
  '',
  'lowdb rewrites the live file (calls + queue states) per group commit; PostgreSQL writes only the changed rows, in one transaction per group under a cluster-wide advisory lock (`pg_advisory_xact_lock`), so writers on several instances are serialized, never lost.',
];
console.log(lines.join('\n'));
writeBenchSection('Store writes: lowdb vs PostgreSQL', lines);
