/**
 * Append-only NDJSON logs (calls, audit, proof of play), one file per day: `<name>-YYYY-MM-DD.ndjson`.
 * Kept out of the JSON store because the store rewrites its whole file on every write.
 *
 * Lines written in one event-loop turn go to the file as one write (a call writes a calls line and an
 * audit line, a burst of acks many play lines): a file write per line cost more than the line. After
 * `flush` or `close` every line written so far is in the file. Not fsynced: a killed process loses
 * nothing written (the kernel has it), a lost machine may lose the last seconds.
 */
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import path from 'node:path';

export interface AppendLog {
  write(record: object): void;
  /** Resolves once every line written so far is in the file (readers of the same log call it first). */
  flush?(): Promise<void>;
  close(): Promise<void>;
}

export function openAppendLog(dir: string, name: string, clock: () => number = Date.now): AppendLog {
  // Logs hold usernames, tickets and screens: the server's user only (see DATA_DIR modes in lowdb-store.ts).
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  let day = '';
  let fd: number | undefined;
  /** Lines of this turn not yet written, all of day `day`. */
  let pending = '';
  let scheduled = false;
  const fileFor = (today: string): void => {
    if (today === day && fd !== undefined) return;
    if (fd !== undefined) closeQuietly(fd);
    day = today;
    fd = undefined;
    try {
      fd = openSync(path.join(dir, `${name}-${today}.ndjson`), 'a', 0o600);
    } catch (err) {
      console.error(`[log:${name}]`, err);
    }
  };
  /**
   * One synchronous append per turn: a few hundred bytes into the page cache take microseconds, where
   * an async write costs a thread-pool round trip and stream bookkeeping per call (BENCHMARKS.md).
   * A failed write (disk full) is reported and its lines dropped; the next turn tries again.
   */
  const drain = (): void => {
    scheduled = false;
    if (pending === '') return;
    const text = pending;
    pending = '';
    if (fd === undefined) fileFor(day);
    if (fd === undefined) return;
    try {
      writeSync(fd, text);
    } catch (err) {
      console.error(`[log:${name}]`, err);
    }
  };
  return {
    write(record) {
      const now = clock();
      const at = new Date(now).toISOString();
      // A new day's first line: the old day's lines go to the old file first.
      if (at.slice(0, 10) !== day) {
        drain();
        fileFor(at.slice(0, 10));
      }
      pending += `${JSON.stringify({ at, ...record })}\n`;
      if (!scheduled) {
        scheduled = true;
        setImmediate(drain);
      }
    },
    flush: async () => drain(),
    close: async () => {
      drain();
      if (fd !== undefined) closeQuietly(fd);
      fd = undefined;
    },
  };
}

function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // already closed: nothing of ours is lost
  }
}
