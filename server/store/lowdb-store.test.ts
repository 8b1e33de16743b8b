/** The embedded store: content and live files, group commit, migration of calls out of the content file. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { QueueCall } from '../../content/model';
import { emptyData } from './data';
import { applyJournal, readJournal } from './live-journal';
import { LIVE_FILE, LIVE_JOURNAL, STORE_FILE, openLowdbStore } from './lowdb-store';
import { storeSuite } from './store-suite';

const dirs: string[] = [];
const tempDir = (): string => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'hs-store-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});
let suiteDir = '';
storeSuite('lowdb', {
  open: () => openLowdbStore((suiteDir = tempDir())),
  reopen: () => openLowdbStore(suiteDir),
});

const read = (dir: string, file: string) => JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
/** What is durable of the live collections right now: the snapshot with the journal's lines on top. */
const readLive = (dir: string): { calls: QueueCall[]; queues: unknown[] } => {
  const live = read(dir, LIVE_FILE);
  applyJournal(live, readJournal(fs.readFileSync(path.join(dir, LIVE_JOURNAL), 'utf8'), live.journalSeq ?? 0, LIVE_JOURNAL).lines);
  return live;
};
const call = (id: string): QueueCall => ({ id, ticket: 'A1', counter: '1', text: '请 A1 号到 1 号窗口办理', createdAt: new Date().toISOString(), expiresAt: new Date().toISOString() });
const hall = (id: string) => ({ id, name: id, timezone: 'Asia/Shanghai', createdAt: new Date().toISOString() });

describe('content and live files', () => {
  it('a call is written to the live file only; the content file is not rewritten', async () => {
    const dir = tempDir();
    const store = await openLowdbStore(dir);
    await store.transact((tx) => tx.insert('halls', hall('h1')));
    const contentBefore = fs.readFileSync(path.join(dir, STORE_FILE), 'utf8');
    const mtime = fs.statSync(path.join(dir, STORE_FILE)).mtimeMs;
    await new Promise((r) => setTimeout(r, 20));
    await store.transact((tx) => tx.insert('calls', call('c1')));
    expect(fs.readFileSync(path.join(dir, STORE_FILE), 'utf8')).toBe(contentBefore);
    expect(fs.statSync(path.join(dir, STORE_FILE)).mtimeMs).toBe(mtime);
    expect(readLive(dir).calls.map((c: QueueCall) => c.id)).toEqual(['c1']);
    // Appended, not rewritten: the snapshot does not have it yet.
    expect(read(dir, LIVE_FILE).calls).toEqual([]);
    expect(read(dir, STORE_FILE).calls).toEqual([]);
    expect(store.list('calls').map((c) => c.id)).toEqual(['c1']);
    await store.close();
    const again = await openLowdbStore(dir);
    expect(again.list('calls').map((c) => c.id)).toEqual(['c1']);
    expect(again.list('halls').map((h) => h.id)).toEqual(['h1']);
    await again.close();
  });

  it('moves calls out of a content file written before the split', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, STORE_FILE), JSON.stringify({ ...emptyData(), halls: [hall('old')], calls: [call('legacy')], queues: undefined }));
    const store = await openLowdbStore(dir);
    expect(store.created).toBe(false);
    expect(store.list('calls').map((c) => c.id)).toEqual(['legacy']);
    expect(store.list('queues')).toEqual([]);
    expect(read(dir, LIVE_FILE).calls.map((c: QueueCall) => c.id)).toEqual(['legacy']);
    expect(read(dir, STORE_FILE).calls).toEqual([]);
    await store.close();
  });

  it('refuses a hand-broken live file, naming it', async () => {
    const dir = tempDir();
    const store = await openLowdbStore(dir);
    await store.close();
    fs.writeFileSync(path.join(dir, LIVE_FILE), JSON.stringify({ calls: [{ id: 1 }], queues: [] }));
    await expect(openLowdbStore(dir)).rejects.toThrow(new RegExp(`${LIVE_FILE.replace('.', '\\.')}.*calls\\.0`));
  });
});

describe('group commit', () => {
  it('100 transactions at once all land, in order; one that throws changes nothing and fails alone', async () => {
    const dir = tempDir();
    const store = await openLowdbStore(dir);
    const results = await Promise.allSettled(
      Array.from({ length: 100 }, (_, i) =>
        store.transact((tx) => {
          if (i === 50) {
            tx.insert('halls', hall('doomed'));
            throw new Error('no');
          }
          tx.insert(i % 2 ? 'calls' : 'halls', i % 2 ? call(`c${i}`) : hall(`h${i}`));
          return i;
        }),
      ),
    );
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(1);
    expect((results[50] as PromiseRejectedResult).reason.message).toBe('no');
    expect(results.filter((r) => r.status === 'fulfilled').map((r) => (r as PromiseFulfilledResult<number>).value)).toEqual(
      Array.from({ length: 100 }, (_, i) => i).filter((i) => i !== 50),
    );
    const halls = read(dir, STORE_FILE).halls.map((h: { id: string }) => h.id);
    expect(halls).not.toContain('doomed');
    expect(halls).toHaveLength(49);
    expect(readLive(dir).calls).toHaveLength(50);
    expect(store.list('halls').map((h) => h.id)).toEqual(halls);
    await store.close();
  });

  it('a transaction sees the changes of the ones queued before it', async () => {
    const dir = tempDir();
    const store = await openLowdbStore(dir);
    const [, seen] = await Promise.all([store.transact((tx) => tx.insert('halls', hall('first'))), store.transact((tx) => tx.list('halls').map((h) => h.id))]);
    expect(seen).toEqual(['first']);
    await store.close();
    await expect(store.transact(() => 1)).rejects.toThrow(/closed/);
  });
});
