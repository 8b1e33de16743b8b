/**
 * The live journal's size and replay cost (server/store/live-journal.ts), in process, with what the
 * server writes per call: the call inserted, the last 100 kept, the hall's queue record (30 counters,
 * its event window and call keys) persisted — through the real hall queues and call keys, on a clock
 * that advances by the scenario's pace:
 * - calls: `POST /api/queue/calls`, one every 5 s (a busy hall of 30 counters), keyed;
 * - event flood: `POST /api/queue/events`, 20 ticket.called/s (the rate limit), for 10 minutes.
 * Then a journal of ≥ 4 MiB of the calls scenario is replayed: read + apply alone, and a whole open.
 *
 *   npx tsx bench/journal-lines.ts
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type { QueueCall } from '../content/model';
import type { QueueEvent } from '../content/queue';
import { createMemoryBus } from '../server/bus';
import { createCallKeys } from '../server/queue/call-keys';
import { createHallQueues } from '../server/queue/hall-queues';
import { applyJournal, readJournal } from '../server/store/live-journal';
import { LIVE_FILE, LIVE_JOURNAL, openLowdbStore } from '../server/store/lowdb-store';

const HALL = 'hall-bench';
const COUNTERS = 30;

async function scenario(dir: string, opts: { ops: number; stepMs: number; keyed: boolean; untilBytes?: number }) {
  const store = await openLowdbStore(dir, { compactBytes: 1e12 });
  let now = Date.parse('2026-12-02T01:00:00.000Z');
  const clock = () => now;
  const callKeys = createCallKeys(store, { clock });
  const queues = createHallQueues({ store, bus: createMemoryBus(), clock, callKeys });
  const iso = () => new Date(now).toISOString();
  // The hall's board: 30 counters and their waiting counts.
  const snap: QueueEvent = {
    type: 'queue.snapshot',
    eventId: 'snap-0',
    hallId: HALL,
    occurredAt: iso(),
    waiting: ['个人业务', '对公业务', '理财'].map((service, i) => ({ service, count: 10 + i, minutes: 5 * i })),
    counters: Array.from({ length: COUNTERS }, (_, i) => ({ counter: String(i + 1), state: 'serving' as const, ticket: `A${String(i).padStart(3, '0')}` })),
  };
  queues.rememberEvent(HALL, snap.eventId);
  queues.apply(snap);
  await store.transact((tx) => queues.persist(tx, HALL));
  const journal = path.join(dir, LIVE_JOURNAL);
  const sizes: number[] = [];
  const ms: number[] = [];
  let before = statSync(journal).size;
  for (let i = 0; (opts.untilBytes === undefined && i < opts.ops) || (opts.untilBytes !== undefined && before < opts.untilBytes); i++) {
    now += opts.stepMs;
    const counter = String((i % COUNTERS) + 1);
    const ticket = `B${String(i % 1000).padStart(3, '0')}`;
    const id = `call-${i}`;
    const call: QueueCall = { id, ticket, counter, hallId: HALL, kind: 'call', text: `请 ${ticket} 号到 ${counter} 号窗口办理`, audioUrl: `/voice/v1/${ticket}-${counter}.mp3`, repeat: 2, createdAt: iso(), expiresAt: new Date(now + 60_000).toISOString() };
    const event: QueueEvent = { type: 'ticket.called', eventId: opts.keyed ? id : `ev-${i}-${'x'.repeat(12)}`, hallId: HALL, occurredAt: iso(), ticket, counter };
    const t0 = performance.now();
    if (opts.keyed) callKeys.claim(HALL, 'tok-bench', `req-${i}-${'k'.repeat(16)}`, { callId: id, screens: 40 });
    else queues.rememberEvent(HALL, event.eventId);
    queues.applyCall(event, call);
    await store.transact((tx) => {
      tx.insert('calls', call);
      const calls = tx.list('calls');
      if (calls.length > 100) tx.retain('calls', (c) => c.createdAt >= calls[calls.length - 100]!.createdAt);
      queues.persist(tx, HALL);
    });
    ms.push(performance.now() - t0);
    const after = statSync(journal).size;
    sizes.push(after - before);
    before = after;
  }
  const expected = { calls: store.list('calls'), queues: store.list('queues') };
  const recordBytes = JSON.stringify(store.get('queues', HALL)).length;
  await store.close();
  return { sizes, ms, expected, recordBytes };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const out: string[] = [];
const say = (s: string): void => void (console.log(s), out.push(s));

for (const [name, opts] of [
  ['calls, 1 per 5 s (steady, after 15 min)', { ops: 300, stepMs: 5000, keyed: true }],
  ['event flood, 20/s for 10 min', { ops: 12_000, stepMs: 50, keyed: false }],
] as const) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hs-bench-journal-'));
  const { sizes, ms, recordBytes } = await scenario(dir, opts);
  const tail = sizes.slice(-200);
  say(`${name}: journal bytes per call median ${median(tail)}, max ${Math.max(...tail)}; queue record ${recordBytes} B; apply + durable write per call median ${median(ms.slice(-200)).toFixed(2)} ms`);
  rmSync(dir, { recursive: true, force: true });
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'hs-bench-journal-'));
const { sizes, expected } = await scenario(dir, { ops: 0, stepMs: 5000, keyed: true, untilBytes: 4 * 1024 * 1024 });
const text = readFileSync(path.join(dir, LIVE_JOURNAL), 'utf8');
const snapshot = JSON.parse(readFileSync(path.join(dir, LIVE_FILE), 'utf8'));
const times: number[] = [];
for (let r = 0; r < 5; r++) {
  const live = { calls: [...snapshot.calls], queues: [...snapshot.queues] };
  const t0 = performance.now();
  applyJournal(live, readJournal(text, snapshot.journalSeq ?? 0, LIVE_JOURNAL).lines);
  times.push(performance.now() - t0);
}
const t0 = performance.now();
const reopened = await openLowdbStore(dir);
const openMs = performance.now() - t0;
const same = isDeepStrictEqual(reopened.list('queues'), expected.queues) && isDeepStrictEqual(reopened.list('calls'), expected.calls);
await reopened.close();
say(`replay of a ${(Buffer.byteLength(text) / 2 ** 20).toFixed(2)} MiB journal (${sizes.length} calls): read + apply median ${median(times).toFixed(0)} ms; whole open (replay + new snapshot) ${openMs.toFixed(0)} ms; state equal: ${same}`);
rmSync(dir, { recursive: true, force: true });
