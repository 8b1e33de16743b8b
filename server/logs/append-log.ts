/**
 * Append-only NDJSON logs (calls, audit, proof of play), one file per day: `<name>-YYYY-MM-DD.ndjson`.
 * Kept out of the JSON store because the store rewrites its whole file on every write.
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
  const streamFor = (now: number): WriteStream => {
    const today = new Date(now).toISOString().slice(0, 10);
    if (today !== day || !stream) {
      stream?.end();
      day = today;
      stream = createWriteStream(path.join(dir, `${name}-${today}.ndjson`), { flags: 'a', mode: 0o600 });
      stream.on('error', (err) => console.error(`[log:${name}]`, err));
    }
    return stream;
  };
  return {
    write(record) {
      const now = clock();
      streamFor(now).write(`${JSON.stringify({ at: new Date(now).toISOString(), ...record })}\n`);
    },
    flush: () => new Promise<void>((resolve) => (stream && !stream.writableEnded ? stream.write('', () => resolve()) : resolve())),
    close: () => new Promise<void>((resolve) => (stream ? stream.end(resolve) : resolve())),
  };
}
