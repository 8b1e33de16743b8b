/**
 * The live journal: replay order, a torn last line (a crash in the middle of an append), compaction
 * into the snapshot, a crash between snapshot and journal reset, a failed append, replay of random
 * call/event sequences through the real hall queues, compaction failures and their backoff, line size.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { QueueCall } from '../../content/model';
import type { QueueEvent } from '../../content/queue';
import { emptyQueueState } from '../../content/queue-state';
import { createMemoryBus } from '../bus';
import { prng } from '../seeded-random';
import { createCallKeys } from '../queue/call-keys';
import { createHallQueues } from '../queue/hall-queues';
import type { HallQueue } from './data';
import { applyJournal, encodeLine, readJournal } from './live-journal';
import { COMPACT_RETRY_MAX_MS, COMPACT_RETRY_MS, LIVE_FILE, LIVE_JOURNAL, openLowdbStore, type LowdbStoreOptions } from './lowdb-store';

const dirs: string[] = [];
const tempDir = (): string => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'hs-journal-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});
const AT = '2026-12-02T04:00:00.000Z';
const call = (id: string, ticket = 'A1'): QueueCall => ({ id, ticket, counter: '1', text: `请 ${ticket} 号到 1 号窗口办理`, createdAt: AT, expiresAt: AT });
const queue = (id: string, rev: number): HallQueue => ({ id, state: { ...emptyQueueState(id, AT), rev }, eventIds: [`ev${rev}`], callKeys: [] });
const journalOf = (dir: string): string => fs.readFileSync(path.join(dir, LIVE_JOURNAL), 'utf8');
const snapshotOf = (dir: string): { calls: QueueCall[]; queues: HallQueue[]; journalSeq?: number } => JSON.parse(fs.readFileSync(path.join(dir, LIVE_FILE), 'utf8'));
const ids = (list: readonly { id: string }[]): string[] => list.map((i) => i.id);
const root = path.resolve(import.meta.dirname, '../..');

describe('readJournal / applyJournal', () => {
  it('applies inserts, replaces and deletes in the order written; a re-inserted id goes to the end', () => {
    const text =
      encodeLine({ s: 1, o: [['i', 'calls', call('a')], ['i', 'calls', call('b')], ['i', 'calls', call('c')]] }) +
      encodeLine({ s: 2, o: [['r', 'calls', call('a', 'Z9')], ['d', 'calls', ['b']]] }) +
      encodeLine({ s: 3, o: [['i', 'calls', call('b', 'B2')], ['i', 'queues', queue('h1', 1)]] }) +
      encodeLine({ s: 4, o: [['r', 'queues', queue('h1', 2)]] });
    const live = { calls: [call('old')] as unknown[], queues: [] as unknown[] };
    const { lines, torn } = readJournal(text, 0, 'j');
    expect(torn).toBe(false);
    applyJournal(live, lines);
    expect(live.calls).toEqual([call('old'), call('a', 'Z9'), call('c'), call('b', 'B2')]);
    expect(live.queues).toEqual([queue('h1', 2)]);
  });

  it('leaves out a torn last line and the lines the snapshot already holds', () => {
    const whole = encodeLine({ s: 5, o: [['i', 'calls', call('x')]] }) + encodeLine({ s: 6, o: [['i', 'calls', call('y')]] });
    const torn = encodeLine({ s: 7, o: [['i', 'calls', call('z')]] }).slice(0, 25);
    const { lines, torn: wasTorn } = readJournal(whole + torn, 5, 'j');
    expect(wasTorn).toBe(true);
    expect(lines.map((l) => l.s)).toEqual([6]);
  });

  it('refuses a damaged line that is not the last, naming file and line', () => {
    const text = encodeLine({ s: 1, o: [] }) + '{"s":2,"o":[\n' + encodeLine({ s: 3, o: [] });
    expect(() => readJournal(text, 0, 'live.journal')).toThrow(/live\.journal line 2/);
    expect(() => readJournal('[1,2]\n', 0, 'live.journal')).toThrow(/line 1 is not a journal line/);
  });
});

describe('the lowdb store with its journal', () => {
  it('appends one line per write round and never rewrites the snapshot for a call', async () => {
    const dir = tempDir();
    const store = await openLowdbStore(dir);
    const snapshot = fs.readFileSync(path.join(dir, LIVE_FILE), 'utf8');
    await store.transact((tx) => tx.insert('calls', call('c1')));
    await Promise.all([store.transact((tx) => tx.insert('calls', call('c2'))), store.transact((tx) => tx.insert('calls', call('c3')))]);
    expect(fs.readFileSync(path.join(dir, LIVE_FILE), 'utf8')).toBe(snapshot);
    const lines = journalOf(dir).trimEnd().split('\n');
    // c2 and c3 were queued while c1 was being written: one round, one line.
    expect(lines).toHaveLength(2);
    expect(lines.map((l) => (JSON.parse(l) as { s: number }).s)).toEqual([1, 2]);
    await store.close();
  });

  it('after a crash (no close), replays every acknowledged change in order, retain and replace included', async () => {
    const dir = tempDir();
    const store = await openLowdbStore(dir);
    for (let i = 0; i < 30; i++)
      await store.transact((tx) => {
        tx.insert('calls', call(`c${i}`, `A${i}`));
        if (i % 3 === 0) tx.retain('calls', (c) => c.id !== `c${i - 2}`);
        if (i === 0) tx.insert('queues', queue('h1', 0));
        else tx.replace('queues', queue('h1', i));
      });
    await store.transact((tx) => tx.replace('calls', call('c5', 'R5')));
    const expected = { calls: store.list('calls'), queues: store.list('queues') };
    // No close: the process is gone, only the files are left.
    const again = await openLowdbStore(dir);
    expect(again.list('calls')).toEqual(expected.calls);
    expect(again.list('queues')).toEqual(expected.queues);
    expect(ids(again.list('calls'))).not.toContain('c1');
    // Opening folded the journal into the snapshot.
    expect(journalOf(dir)).toBe('');
    expect(snapshotOf(dir).calls).toEqual(expected.calls);
    await again.close();
  });

  it('ignores a line torn by a crash in the middle of an append, and keeps working after it', async () => {
    const dir = tempDir();
    const store = await openLowdbStore(dir);
    await store.transact((tx) => tx.insert('calls', call('acked1')));
    await store.transact((tx) => tx.insert('calls', call('acked2')));
    // The process died while writing the next line: only its first bytes reached the file.
    const torn = encodeLine({ s: 3, o: [['i', 'calls', call('never-acked')]] });
    fs.appendFileSync(path.join(dir, LIVE_JOURNAL), torn.slice(0, torn.length - 7));
    const again = await openLowdbStore(dir);
    expect(ids(again.list('calls'))).toEqual(['acked1', 'acked2']);
    await again.transact((tx) => tx.insert('calls', call('after')));
    // The new line follows a clean journal, not the torn bytes.
    expect(() => readJournal(journalOf(dir), snapshotOf(dir).journalSeq ?? 0, LIVE_JOURNAL)).not.toThrow();
    const third = await openLowdbStore(dir);
    expect(ids(third.list('calls'))).toEqual(['acked1', 'acked2', 'after']);
    await third.close();
  });

  it('compacts into the snapshot once the journal is past its limit, losing and doubling nothing', async () => {
    const dir = tempDir();
    const store = await openLowdbStore(dir, { compactBytes: 2000 });
    for (let i = 0; i < 40; i++) await store.transact((tx) => tx.insert('calls', call(`c${i}`)));
    const snap = snapshotOf(dir);
    expect(snap.journalSeq).toBeGreaterThan(0);
    expect(snap.calls.length).toBeGreaterThan(0);
    // The limit is the larger of compactBytes and 4× the snapshot: well under the 40 lines written.
    expect(readJournal(journalOf(dir), snap.journalSeq!, LIVE_JOURNAL).lines.length).toBeLessThan(40 - snap.calls.length + 1);
    // Every line left in the journal comes after the snapshot.
    for (const raw of journalOf(dir).split('\n').filter(Boolean)) expect((JSON.parse(raw) as { s: number }).s).toBeGreaterThan(snap.journalSeq!);
    const again = await openLowdbStore(dir);
    expect(ids(again.list('calls'))).toEqual(Array.from({ length: 40 }, (_, i) => `c${i}`));
    await again.close();
  });

  it('a crash between writing the snapshot and emptying the journal applies no line twice', async () => {
    const dir = tempDir();
    const store = await openLowdbStore(dir);
    await store.transact((tx) => tx.insert('calls', call('a')));
    await store.transact((tx) => tx.retain('calls', () => false));
    await store.transact((tx) => tx.insert('calls', call('a', 'A2')));
    await store.transact((tx) => tx.insert('calls', call('b')));
    const journal = journalOf(dir);
    const again = await openLowdbStore(dir);
    // As if the old journal had never been emptied after that snapshot.
    fs.writeFileSync(path.join(dir, LIVE_JOURNAL), journal);
    const third = await openLowdbStore(dir);
    expect(third.list('calls')).toEqual([call('a', 'A2'), call('b')]);
    await again.close();
    await third.close();
  });

  it('a failed append rejects the round and changes nothing; the next round rewrites the snapshot', async () => {
    const dir = tempDir();
    const store = await openLowdbStore(dir);
    await store.transact((tx) => tx.insert('calls', call('ok1')));
    const journal = path.join(dir, LIVE_JOURNAL);
    const kept = journalOf(dir);
    fs.rmSync(journal);
    fs.mkdirSync(journal);
    await expect(store.transact((tx) => tx.insert('calls', call('lost')))).rejects.toThrow();
    expect(ids(store.list('calls'))).toEqual(['ok1']);
    fs.rmdirSync(journal);
    fs.writeFileSync(journal, kept);
    await store.transact((tx) => tx.insert('calls', call('ok2')));
    expect(ids(snapshotOf(dir).calls)).toEqual(['ok1', 'ok2']);
    expect(journalOf(dir)).toBe('');
    const again = await openLowdbStore(dir);
    expect(ids(again.list('calls'))).toEqual(['ok1', 'ok2']);
    await again.close();
  });

  it('keeps every acknowledged write of a process killed with SIGKILL in the middle of its writes', async () => {
    const dir = tempDir();
    // A writer that never stops: 4 transactions in flight at any time, each printed once it resolved.
    const child = path.join(dir, 'writer.mts');
    fs.writeFileSync(
      child,
      `import { openLowdbStore } from ${JSON.stringify(path.join(root, 'server/store/lowdb-store.ts'))};
const store = await openLowdbStore(${JSON.stringify(path.join(dir, 'data'))}, { compactBytes: 20000 });
let n = 0;
const one = () => { const id = 'k' + n++; store.transact((tx) => { tx.insert('calls', { id, ticket: 'A1', counter: '1', text: 'x'.repeat(200), createdAt: '${AT}', expiresAt: '${AT}' }); if (tx.list('calls').length > 150) tx.retain('calls', (c, i = Number(c.id.slice(1))) => i > n - 150); }).then(() => { process.stdout.write(id + '\\n'); one(); }); };
for (let i = 0; i < 4; i++) one();
`,
    );
    const proc = spawn(process.execPath, ['--import', 'tsx', child], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    const acked: string[] = [];
    let buf = '';
    await new Promise<void>((resolve) => {
      proc.stdout.on('data', (chunk: Buffer) => {
        buf += chunk.toString();
        const parts = buf.split('\n');
        buf = parts.pop()!;
        acked.push(...parts);
        // Far enough for several compactions (a line is ~330 bytes), then killed mid-stream.
        if (acked.length >= 400 && proc.exitCode === null && !proc.killed) {
          proc.kill('SIGKILL');
          resolve();
        }
      });
    });
    await new Promise((r) => proc.once('exit', r));
    const store = await openLowdbStore(path.join(dir, 'data'));
    const have = new Set(ids(store.list('calls')));
    // Every acknowledged call that the writer's own retention kept must be there.
    const newest = Math.max(...acked.map((id) => Number(id.slice(1))));
    const kept = acked.filter((id) => Number(id.slice(1)) > newest - 140);
    expect(kept.length).toBeGreaterThan(50);
    for (const id of kept) expect(have, id).toContain(id);
    await store.close();
  }, 30_000);
});

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
const live = (store: { list: (c: 'calls' | 'queues') => readonly unknown[] }) => ({ calls: store.list('calls'), queues: store.list('queues') });

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
        const expected = structuredClone(live(server.store));
        server = await hallServer(dir, clock, options);
        expect(live(server.store), `seed ${seed} step ${step}`).toEqual(expected);
      }
    }
    const expected = structuredClone(live(server.store));
    expect(readJournal(journalOf(dir), snapshotOf(dir).journalSeq ?? 0, LIVE_JOURNAL).lines.length).toBeGreaterThan(0);
    const again = await openLowdbStore(dir);
    expect(live(again), `seed ${seed}`).toEqual(expected);
    await again.close();
  });

  it('ignores a torn patch line at the end, and replays every whole one', async () => {
    const dir = tempDir();
    const clock = { now: Date.parse('2026-12-02T01:00:00.000Z') };
    const server = await hallServer(dir, clock);
    for (let i = 0; i < 20; i++) {
      clock.now += 5000;
      await server.call('h1', String(1 + (i % 5)), `A${i}`);
    }
    const expected = structuredClone(live(server.store));
    const text = journalOf(dir);
    const last = text.trimEnd().split('\n').at(-1)!;
    expect(last).toContain('"p","queues"');
    // The next round's line, cut short by the crash in the middle of its append.
    const torn = last.replace(/^\{"s":(\d+)/, (_m, n: string) => `{"s":${Number(n) + 1}`);
    fs.appendFileSync(path.join(dir, LIVE_JOURNAL), torn.slice(0, Math.floor(torn.length / 2)));
    const again = await openLowdbStore(dir);
    expect(live(again)).toEqual(expected);
    await again.close();
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
    const expected = structuredClone(live(server.store));
    const journal = journalOf(dir);
    const folded = await openLowdbStore(dir);
    // As if the journal had not been emptied after that snapshot: every patch in it is applied already.
    fs.writeFileSync(path.join(dir, LIVE_JOURNAL), journal);
    const again = await openLowdbStore(dir);
    expect(live(again)).toEqual(expected);
    await folded.close();
    await again.close();
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
    const expected = structuredClone(live(store));
    const again = await openLowdbStore(dir);
    expect(live(again)).toEqual(expected);
    await again.close();
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
    const expected = structuredClone(live(server.store));
    const again = await openLowdbStore(dir);
    expect(live(again)).toEqual(expected);
    await again.close();
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
