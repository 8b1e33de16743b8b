/**
 * The live journal: replay order, a torn last line (a crash in the middle of an append), compaction
 * into the snapshot, a crash between snapshot and journal reset, and a failed append. The journal
 * under the real call/event write path (patches): live-journal-calls.test.ts.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { QueueCall } from '../../content/model';
import { emptyQueueState } from '../../content/queue-state';
import type { HallQueue } from './data';
import { journalOf, snapshotOf, throwAwayDirs } from './journal-test-dirs';
import { applyJournal, encodeLine, readJournal } from './live-journal';
import { LIVE_FILE, LIVE_JOURNAL, openLowdbStore } from './lowdb-store';

const tempDir = throwAwayDirs();
const AT = '2026-12-02T04:00:00.000Z';
const call = (id: string, ticket = 'A1'): QueueCall => ({ id, ticket, counter: '1', text: `请 ${ticket} 号到 1 号窗口办理`, createdAt: AT, expiresAt: AT });
const queue = (id: string, rev: number): HallQueue => ({ id, state: { ...emptyQueueState(id, AT), rev }, eventIds: [`ev${rev}`], callKeys: [] });
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
