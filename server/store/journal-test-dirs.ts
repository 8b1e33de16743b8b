/**
 * Throw-away DATA_DIRs for the live-journal tests (live-journal.test.ts, live-journal-calls.test.ts) and
 * readers of what a store leaves in one: both files assert on the live files as a crash leaves them and on
 * what a fresh process reads back from them, so the way that is read stays one.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import type { QueueCall } from '../../content/model';
import type { HallQueue } from './data';
import { LIVE_FILE, LIVE_JOURNAL, openLowdbStore } from './lowdb-store';

/** Call in a test file's top level: the returned maker's folders are removed after each test. */
export function throwAwayDirs(): () => string {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });
  return () => {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), 'hs-journal-'));
    dirs.push(d);
    return d;
  };
}

/** The journal's text as it is on disk. */
export const journalOf = (dir: string): string => fs.readFileSync(path.join(dir, LIVE_JOURNAL), 'utf8');

/** The snapshot as it is on disk: `journalSeq` is the last journal line it holds. */
export const snapshotOf = (dir: string): { calls: QueueCall[]; queues: HallQueue[]; journalSeq?: number } => JSON.parse(fs.readFileSync(path.join(dir, LIVE_FILE), 'utf8'));

/** The live collections, the part of the store the journal holds. */
export const liveOf = (store: { list: (c: 'calls' | 'queues') => readonly unknown[] }) => ({ calls: store.list('calls'), queues: store.list('queues') });

/** What a fresh process reads back from the files in `dir` (opened with default options, then closed). */
export async function reopenedLive(dir: string): Promise<ReturnType<typeof liveOf>> {
  const again = await openLowdbStore(dir);
  const read = liveOf(again);
  await again.close();
  return read;
}
