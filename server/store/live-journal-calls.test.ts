/**
 * The live journal under the real write path of calls and events (hall queues and call keys over the
 * store, as queue-calls.ts and queue/intake.ts drive it): replay of seeded random sequences equals the
 * state, a torn patch line, line numbers, durable compaction, compaction failures and their backoff,
 * and the size of a call's line.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { QueueCall } from '../../content/model';
import type { QueueEvent } from '../../content/queue';
import { createMemoryBus } from '../bus';
import { createCallKeys } from '../queue/call-keys';
import { createHallQueues } from '../queue/hall-queues';
import { prng } from '../seeded-random';
import { journalOf, liveOf, reopenedLive, snapshotOf, throwAwayDirs } from './journal-test-dirs';
import { readJournal } from './live-journal';
import { COMPACT_RETRY_MAX_MS, COMPACT_RETRY_MS } from './compaction-retry';
import { LIVE_FILE, LIVE_JOURNAL, openLowdbStore, type LowdbStoreOptions } from './lowdb-store';

const tempDir = throwAwayDirs();

/**
 * A hall server's write path without HTTP, as queue-calls.ts and queue/intake.ts drive the store: the
 * hall queues and call keys over the store, on a clock the test moves.
 */
/** Call ids go on across restarts of the test's servers, as a real server's never repeat. */
let n = 0;
async function hallServer(dir: string, clock: { now: number }, options: LowdbStoreOptions = {}) {
  const store = await openLowdbStore(dir, { warn: () => {}, clock: () => clock.now, ...options });
  const callKeys = createCallKeys(store, { clock: () => clock.now });
  const queues = createHallQueues({ store, bus: createMemoryBus(), clock: () => clock.now, callKeys });
  const iso = (): string => new Date(clock.now).toISOString();
  return {
    store,
    queues,
    /** `POST /api/queue/calls`: keyed, the call stored with the hall's record. */
    call(hallId: string, counter: string, ticket: string, key = `key-${n}`): Promise<unknown> {
      const id = `call-${hallId}-${n++}`;
      if (callKeys.claim(hallId, 'tok', key, { callId: id, screens: 3 })) return Promise.resolve();
      const c: QueueCall = { id, ticket, counter, hallId, kind: 'call', text: `请 ${ticket} 号到 ${counter} 号窗口办理`, repeat: 2, createdAt: iso(), expiresAt: new Date(clock.now + 60_000).toISOString() };
      queues.applyCall({ type: 'ticket.called', eventId: id, hallId, occurredAt: c.createdAt, ticket, counter }, c);
      return store.transact((tx) => {
        tx.insert('calls', c);
        const calls = tx.list('calls');
        if (calls.length > 20) tx.retain('calls', (x) => x.createdAt >= calls[calls.length - 20]!.createdAt);
        queues.persist(tx, hallId);
      });
    },
    /** `POST /api/queue/events` of an event that is no call. */
    event(e: QueueEvent): Promise<unknown> {
      if (queues.hasEvent(e.hallId, e.eventId)) return Promise.resolve();
      queues.rememberEvent(e.hallId, e.eventId);
      queues.apply(e);
      return store.transact((tx) => queues.persist(tx, e.hallId));
    },
  };
}

describe('replay of random sequences of calls and events', () => {
  it.each([1, 7, 11, 2026, 90210])('rebuilds exactly the state in memory, with crashes and compactions on the way (seed %i)', async (seed) => {
    const rnd = prng(seed);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
    const dir = tempDir();
    const clock = { now: Date.parse('2026-12-02T01:00:00.000Z') };
    const options = { compactBytes: 3000 + Math.floor(rnd() * 20_000) };
    let server = await hallServer(dir, clock, options);
    const halls = ['h1', 'h2'];
    const counters = Array.from({ length: 8 }, (_, i) => String(i + 1));
    let eventNo = 0;
    const randomEvent = (): QueueEvent => {
      const hallId = pick(halls);
      const base = { eventId: rnd() < 0.1 && eventNo > 0 ? `ev-${Math.floor(rnd() * eventNo)}` : `ev-${eventNo++}`, hallId, occurredAt: new Date(clock.now).toISOString(), ...(rnd() < 0.5 && { seq: Math.floor(rnd() * 50) }) };
      const counter = pick(counters);
      const ticket = `${pick(['A', 'B'])}${Math.floor(rnd() * 100)}`;
      switch (pick(['skipped', 'paused', 'resumed', 'closed', 'snapshot'] as const)) {
        case 'skipped':
          return { ...base, type: 'ticket.skipped', ticket, counter };
        case 'paused':
          return { ...base, type: 'counter.paused', counter };
        case 'resumed':
          return { ...base, type: 'counter.resumed', counter };
        case 'closed':
          return { ...base, type: 'counter.closed', counter };
        case 'snapshot':
          return { ...base, type: 'queue.snapshot', waiting: [{ service: '个人业务', count: Math.floor(rnd() * 30) }], counters: counters.filter(() => rnd() < 0.6).map((c) => ({ counter: c, state: pick(['idle', 'serving', 'paused'] as const), ...(rnd() < 0.5 && { ticket }) })) };
      }
    };
    for (let step = 0; step < 250; step++) {
      // Up to 3 at once: the group commit puts them in one line.
      const inFlight: Promise<unknown>[] = [];
      for (let k = 1 + Math.floor(rnd() * 3); k > 0; k--) {
        clock.now += Math.floor(rnd() * (rnd() < 0.05 ? 8 * 60_000 : 4000));
        inFlight.push(rnd() < 0.6 ? server.call(pick(halls), pick(counters), `A${step}`, rnd() < 0.1 ? `key-${Math.floor(rnd() * step)}` : undefined) : server.event(randomEvent()));
      }
      await Promise.all(inFlight);
      if (rnd() < 0.04) {
        // A crash: no close, only the files are left; the next process goes on from them.
        const expected = structuredClone(liveOf(server.store));
        server = await hallServer(dir, clock, options);
        expect(liveOf(server.store), `seed ${seed} step ${step}`).toEqual(expected);
      }
    }
    const expected = structuredClone(liveOf(server.store));
    expect(readJournal(journalOf(dir), snapshotOf(dir).journalSeq ?? 0, LIVE_JOURNAL).lines.length).toBeGreaterThan(0);
    expect(await reopenedLive(dir), `seed ${seed}`).toEqual(expected);
  });

  it('ignores a torn patch line at the end, and replays every whole one', async () => {
    const dir = tempDir();
    const clock = { now: Date.parse('2026-12-02T01:00:00.000Z') };
    const server = await hallServer(dir, clock);
    for (let i = 0; i < 20; i++) {
      clock.now += 5000;
      await server.call('h1', String(1 + (i % 5)), `A${i}`);
    }
    const expected = structuredClone(liveOf(server.store));
    const text = journalOf(dir);
    const last = text.trimEnd().split('\n').at(-1)!;
    expect(last).toContain('"p","queues"');
    // The next round's line, cut short by the crash in the middle of its append.
    const torn = last.replace(/^\{"s":(\d+)/, (_m, n: string) => `{"s":${Number(n) + 1}`);
    fs.appendFileSync(path.join(dir, LIVE_JOURNAL), torn.slice(0, Math.floor(torn.length / 2)));
    expect(await reopenedLive(dir)).toEqual(expected);
  });

  it('refuses a journal whose line numbers skip one after the snapshot (a patch would land on the wrong record)', async () => {
    const dir = tempDir();
    const clock = { now: Date.parse('2026-12-02T01:00:00.000Z') };
    const server = await hallServer(dir, clock);
    for (let i = 0; i < 3; i++) await server.call('h1', '1', `A${i}`);
    const lines = journalOf(dir).trimEnd().split('\n');
    fs.writeFileSync(path.join(dir, LIVE_JOURNAL), [lines[0], lines[2], ''].join('\n'));
    await expect(openLowdbStore(dir)).rejects.toThrow(/line 2 has number \d+ where \d+ was due/);
  });
});

describe('compaction', () => {
  it('replays no patch twice when the process died between the new snapshot and emptying the journal', async () => {
    const dir = tempDir();
    const clock = { now: Date.parse('2026-12-02T01:00:00.000Z') };
    const server = await hallServer(dir, clock);
    for (let i = 0; i < 15; i++) {
      clock.now += 2000;
      await server.call('h1', String(1 + (i % 4)), `A${i}`);
    }
    const expected = structuredClone(liveOf(server.store));
    const journal = journalOf(dir);
    const folded = await openLowdbStore(dir);
    // As if the journal had not been emptied after that snapshot: every patch in it is applied already.
    fs.writeFileSync(path.join(dir, LIVE_JOURNAL), journal);
    expect(await reopenedLive(dir)).toEqual(expected);
    await folded.close();
  });

  it('makes the snapshot durable before emptying the journal: temp file synced, renamed, directory synced', async () => {
    const dir = tempDir();
    const clock = { now: Date.parse('2026-12-02T01:00:00.000Z') };
    const steps: string[] = [];
    const name = (p: unknown): string => path.relative(dir, String(p)) || '.';
    const open = (async (file: fs.PathLike, flags?: string | number, mode?: fs.Mode) => {
      const fh = await fs.promises.open(file, flags, mode);
      const sync = fh.sync.bind(fh);
      fh.sync = async () => (steps.push(`sync ${name(file)}`), sync());
      return fh;
    }) as typeof fs.promises.open;
    const rename: typeof fs.promises.rename = async (from, to) => (steps.push(`rename ${name(from)} → ${name(to)}`), fs.promises.rename(from, to));
    const writeFile = (async (file: fs.PathLike, data: string, opts?: object) => (steps.push(`empty ${name(file)}`), fs.promises.writeFile(file, data, opts))) as typeof fs.promises.writeFile;
    const server = await hallServer(dir, clock, { compactBytes: 3000, fs: { open, rename, writeFile } });
    steps.length = 0;
    for (let i = 0; snapshotOf(dir).journalSeq === 0 || i < 2; i++) await server.call('h1', '1', `A${i}`);
    await server.store.transact(() => undefined);
    expect(steps.slice(0, 4)).toEqual([`sync .${LIVE_FILE}.tmp`, `rename .${LIVE_FILE}.tmp → ${LIVE_FILE}`, 'sync .', `empty ${LIVE_JOURNAL}`]);
  });
});

describe('a failing compaction', () => {
  it('leaves writes working, backs off (doubling, capped), warns once per streak and says so until it works again', async () => {
    const dir = tempDir();
    const clock = { now: Date.parse('2026-12-02T01:00:00.000Z') };
    let broken = true;
    let attempts = 0;
    const warnings: string[] = [];
    const rename: typeof fs.promises.rename = async (from, to) => {
      if (String(to).endsWith(LIVE_FILE) && broken) {
        attempts += 1;
        throw Object.assign(new Error('EIO: i/o error, rename'), { code: 'EIO' });
      }
      return fs.promises.rename(from, to);
    };
    // The first snapshot (on open) is written before the disk goes bad.
    broken = false;
    const server = await hallServer(dir, clock, { compactBytes: 4000, fs: { rename }, warn: (msg) => warnings.push(msg) });
    broken = true;
    const store = server.store as Awaited<ReturnType<typeof openLowdbStore>>;
    let i = 0;
    // A compaction runs after the round's answers: an empty transaction after it waits for it too.
    const write = async (): Promise<void> => {
      await server.call('h1', String(1 + (i % 5)), `A${i++}`);
      await store.transact(() => undefined);
    };
    while (attempts === 0) await write();
    expect(store.journalStatus()).toMatchObject({ failures: 1, lastError: expect.stringContaining('EIO') });
    expect(store.warnings!()[0]).toContain('实时日志压缩连续失败 1 次');
    // Within the backoff: every write is appended and answered, no compaction is tried.
    for (let k = 0; k < 10; k++) await write();
    expect(attempts).toBe(1);
    // Each later failure doubles the wait: 1 s, 2 s, 4 s, … — nothing is tried a ms before it is due.
    const waits: number[] = [];
    for (let failures = 1; failures < 12; failures++) {
      const { retryAt } = store.journalStatus();
      const due = Date.parse(retryAt!);
      waits.push(due - clock.now);
      clock.now = due - 1;
      await write();
      expect(attempts).toBe(failures);
      clock.now = due;
      await write();
      expect(attempts).toBe(failures + 1);
    }
    expect(waits.slice(0, 5)).toEqual([1, 2, 4, 8, 16].map((s) => s * COMPACT_RETRY_MS));
    expect(Math.max(...waits)).toBe(COMPACT_RETRY_MAX_MS);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/compacting the live journal/);
    // The disk is fixed: the next attempt works, the journal is folded in, health is clean again.
    broken = false;
    clock.now += COMPACT_RETRY_MAX_MS;
    await write();
    expect(store.journalStatus()).toEqual({ journalBytes: 0, failures: 0 });
    expect(store.warnings!()).toEqual([]);
    expect(warnings).toHaveLength(2);
    expect(warnings[1]).toMatch(/compacted again after 12 failed attempts/);
    const expected = structuredClone(liveOf(store));
    expect(await reopenedLive(dir)).toEqual(expected);
  });

  it('keeps every acknowledged write when compactions fail and the process is killed meanwhile', async () => {
    const dir = tempDir();
    const clock = { now: Date.parse('2026-12-02T01:00:00.000Z') };
    let broken = false;
    const rename: typeof fs.promises.rename = async (from, to) => {
      if (broken) throw new Error('ENOSPC: no space left on device, rename');
      return fs.promises.rename(from, to);
    };
    const server = await hallServer(dir, clock, { compactBytes: 3000, fs: { rename } });
    broken = true;
    for (let i = 0; i < 60; i++) {
      clock.now += 100;
      await server.call('h1', String(1 + (i % 5)), `A${i}`);
    }
    expect((server.store as Awaited<ReturnType<typeof openLowdbStore>>).journalStatus().failures).toBeGreaterThan(0);
    // No temp file is left behind by the failed attempts.
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    const expected = structuredClone(liveOf(server.store));
    expect(await reopenedLive(dir)).toEqual(expected);
  });
});

describe('line size', () => {
  it('a call in a hall of 30 counters with full windows is one line under 2 KB', async () => {
    const dir = tempDir();
    const clock = { now: Date.parse('2026-12-02T01:00:00.000Z') };
    const server = await hallServer(dir, clock, { compactBytes: 1e9 });
    const counters = Array.from({ length: 30 }, (_, i) => String(i + 1));
    await server.event({ type: 'queue.snapshot', eventId: 'snap', hallId: 'h1', occurredAt: new Date(clock.now).toISOString(), waiting: [{ service: '个人业务', count: 12, minutes: 9 }], counters: counters.map((counter) => ({ counter, state: 'serving', ticket: `A${counter}` })) });
    // Busy windows: hundreds of call keys and event ids, the history full.
    for (let i = 0; i < 400; i++) {
      clock.now += 1000;
      await (i % 2 ? server.call('h1', counters[i % 30]!, `B${i}`, `retry-key-${i}-abcdefgh`) : server.event({ type: 'counter.resumed', eventId: `event-${i}-abcdefghijkl`, hallId: 'h1', occurredAt: new Date(clock.now).toISOString(), counter: counters[i % 30]! }));
    }
    const record = JSON.stringify(server.store.get('queues', 'h1'));
    expect(record.length).toBeGreaterThan(20_000);
    clock.now += 1000;
    const before = fs.statSync(path.join(dir, LIVE_JOURNAL)).size;
    await server.call('h1', '17', 'C001', 'the-one-call');
    const line = fs.readFileSync(path.join(dir, LIVE_JOURNAL)).subarray(before);
    // One whole line.
    expect(line.indexOf(10)).toBe(line.length - 1);
    expect(line.length).toBeLessThan(2048);
    await server.store.close();
  });
});
