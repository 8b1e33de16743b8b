/**
 * Append-only NDJSON logs (calls, audit, proof of play), one file per day: `<name>-YYYY-MM-DD.ndjson`.
 * Kept out of the JSON store because the store rewrites its whole file on every write.
 *
 * Lines written in one event-loop turn go to the file as one write (a call writes a calls line and an
 * audit line, a burst of acks many play lines): a file write per line cost more than the line. The
 * promise is unchanged: a line is in the stream the moment `write` returns as far as `flush` and
 * `close` are concerned, and neither the old per-line stream writes nor these are fsynced.
 */
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
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
  let stream: WriteStream | undefined;
  /** Lines of this turn not yet handed to the stream, all of day `day`. */
  let pending = '';
  let scheduled = false;
  const streamFor = (today: string): WriteStream => {
    if (today !== day || !stream) {
      stream?.end();
      day = today;
      stream = createWriteStream(path.join(dir, `${name}-${today}.ndjson`), { flags: 'a', mode: 0o600 });
      stream.on('error', (err) => console.error(`[log:${name}]`, err));
    }
    return stream;
  };
  const drain = (): void => {
    scheduled = false;
    if (pending === '' || !stream) return;
    const text = pending;
    pending = '';
    stream.write(text);
  };
  return {
    write(record) {
      const now = clock();
      const at = new Date(now).toISOString();
      // A new day's first line: the old day's lines go to the old file first.
      if (at.slice(0, 10) !== day) {
        drain();
        streamFor(at.slice(0, 10));
      }
      pending += `${JSON.stringify({ at, ...record })}\n`;
      if (!scheduled) {
        scheduled = true;
        setImmediate(drain);
      }
    },
    flush: () =>
      new Promise<void>((resolve) => {
        drain();
        if (stream && !stream.writableEnded) stream.write('', () => resolve());
        else resolve();
      }),
    close: () =>
      new Promise<void>((resolve) => {
        drain();
        if (stream) stream.end(resolve);
        else resolve();
      }),
  };
}
