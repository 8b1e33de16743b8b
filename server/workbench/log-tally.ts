/**
 * Today's counts from the NDJSON folder without re-reading it: each day file is read once up to its
 * last complete line and only what was appended since is read on the next ask, so a busy day's play
 * log (measured: 500,000 plays took 16 s to read on this loaded box) costs that once, not every 15 s.
 * Each record is counted on (its hall, its hall's calendar day); a change of any hall's zone, or of
 * a screen's hall, starts over.
 */
import { open, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Hall } from '../../content/model';
import { addDays, wallClock } from '../../content/wall-clock';
import type { StoreReader } from '../store/store';
import type { DayCounts } from './workbench-summary';

/** Bytes read per step (whole lines only; a torn last line waits for the next ask). */
const CHUNK = 1 << 20;

type Parse = (line: string) => { screenId?: string; hallId?: string; startedAt: string } | undefined;

interface FileTally {
  offset: number;
  /** `hallId day` → records. */
  counts: Map<string, number>;
}

/** Counts of log `name` per (hall, hall day), kept across asks. */
export function createLogTally(dir: string, name: string, parse: Parse, chunkBytes = CHUNK) {
  const files = new Map<string, FileTally>();
  let basis = '';

  async function readNew(file: string, t: FileTally, hallOf: (r: { screenId?: string; hallId?: string }) => string | undefined, zoneOf: Map<string, string>): Promise<void> {
    const size = await stat(file).then((s) => s.size, () => -1);
    if (size < 0) return;
    // A file that shrank was replaced (retention, a restore): count it afresh.
    if (size < t.offset) {
      t.offset = 0;
      t.counts.clear();
    }
    if (size === t.offset) return;
    const fh = await open(file, 'r');
    try {
      const buf = Buffer.alloc(chunkBytes);
      let pos = t.offset;
      // Bytes after the last newline: kept as bytes, so a character split between reads stays whole.
      let carry = Buffer.alloc(0);
      while (pos < size) {
        const { bytesRead } = await fh.read(buf, 0, Math.min(chunkBytes, size - pos), pos);
        if (bytesRead === 0) break;
        pos += bytesRead;
        const data = Buffer.concat([carry, buf.subarray(0, bytesRead)]);
        const end = data.lastIndexOf(0x0a);
        if (end < 0) {
          carry = data;
          continue;
        }
        for (const line of data.toString('utf8', 0, end).split('\n')) {
          const r = line ? parse(line) : undefined;
          const hallId = r && hallOf(r);
          const zone = hallId && zoneOf.get(hallId);
          if (!r || !hallId || !zone) continue;
          const key = `${hallId} ${wallClock(Date.parse(r.startedAt), zone).date}`;
          t.counts.set(key, (t.counts.get(key) ?? 0) + 1);
        }
        // `data` starts at `t.offset`: everything through its last newline is counted now.
        t.offset += end + 1;
        carry = Buffer.from(data.subarray(end + 1));
      }
    } finally {
      await fh.close();
    }
  }

  /** Adds each hall's today's records to `into[hall][field]`. */
  return async function tally(store: StoreReader, todays: ReadonlyMap<string, string>, field: keyof DayCounts, into: Map<string, DayCounts>): Promise<void> {
    const halls: readonly Hall[] = store.list('halls');
    const zoneOf = new Map(halls.map((h) => [h.id, h.timezone]));
    const screenHall = new Map(store.list('screens').map((s) => [s.id, s.hallId]));
    const nextBasis = `${halls.map((h) => `${h.id}=${h.timezone}`).join()}|${[...screenHall].join()}`;
    if (nextBasis !== basis) {
      files.clear();
      basis = nextBasis;
    }
    const hallOf = (r: { screenId?: string; hallId?: string }) => r.hallId ?? (r.screenId === undefined ? undefined : screenHall.get(r.screenId));
    const days = [...todays.values()].sort();
    if (days.length === 0) return;
    // Files are named by the server's UTC day: a hall's today lies in the files of the day before to the day after.
    const wanted = new Set<string>();
    for (let d = addDays(days[0]!, -1); d <= addDays(days[days.length - 1]!, 1); d = addDays(d, 1)) wanted.add(d);
    for (const d of [...files.keys()]) if (!wanted.has(d)) files.delete(d);
    for (const d of wanted) {
      let t = files.get(d);
      if (!t) files.set(d, (t = { offset: 0, counts: new Map() }));
      await readNew(path.join(dir, `${name}-${d}.ndjson`), t, hallOf, zoneOf);
    }
    for (const [hallId, today] of todays) {
      let n = 0;
      for (const t of files.values()) n += t.counts.get(`${hallId} ${today}`) ?? 0;
      if (n === 0) continue;
      let c = into.get(hallId);
      if (!c) into.set(hallId, (c = { calls: 0, plays: 0 }));
      c[field] += n;
    }
  };
}
