/**
 * The live collections' journal (calls, queues): one appended NDJSON line per committed write round
 * instead of a rewrite of the whole live file. The live file is the snapshot; it names the last
 * journal line it already holds (`journalSeq`), so a crash between writing a snapshot and emptying
 * the journal never applies a line twice. Appends are plain writes, no fsync — the same promise the
 * snapshot's temp-file + rename makes (steno does not fsync either): a killed process loses nothing
 * acknowledged, a power cut may lose the last moments.
 *
 * A line is written whole or, if the process dies in the middle of it, lies torn at the very end of
 * the file: a last line without its newline is ignored on replay (it was never acknowledged). Any
 * other unreadable line means the file was damaged by something else, and opening refuses it.
 */
import type { CollectionName, Item, LiveData } from './data';

export type LiveCollection = keyof Pick<LiveData, 'calls' | 'queues'>;
/** One change: insert (appends), replace (in place, by id), delete (these ids). */
export type JournalOp =
  | readonly ['i', LiveCollection, Item<LiveCollection>]
  | readonly ['r', LiveCollection, Item<LiveCollection>]
  | readonly ['d', LiveCollection, readonly string[]];
export interface JournalLine {
  /** Sequence number, one more than the line before (and than the snapshot's `journalSeq` after a compaction). */
  s: number;
  o: JournalOp[];
}

/** The line as written: JSON and its newline (the newline is what says the line is whole). */
export const encodeLine = (line: JournalLine): string => `${JSON.stringify(line)}\n`;

/**
 * The lines of a journal's text that come after `afterSeq`, in order. A torn last line (no trailing
 * newline) is left out; an unreadable line anywhere else throws, naming the file and line.
 */
export function readJournal(text: string, afterSeq: number, file: string): { lines: JournalLine[]; torn: boolean } {
  const parts = text.split('\n');
  // After the last newline: empty for a whole journal, a torn line otherwise.
  const tail = parts.pop() ?? '';
  const lines: JournalLine[] = [];
  parts.forEach((raw, i) => {
    if (raw === '') return;
    let line: JournalLine;
    try {
      line = JSON.parse(raw) as JournalLine;
    } catch (err) {
      throw new Error(`[store] ${file} line ${i + 1} is not valid JSON (${(err as Error).message}); the journal was damaged outside the server`);
    }
    if (!Number.isInteger(line?.s) || !Array.isArray(line.o)) throw new Error(`[store] ${file} line ${i + 1} is not a journal line`);
    if (line.s > afterSeq) lines.push(line);
  });
  return { lines, torn: tail !== '' };
}

/** Applies journal lines to the live collections, in place, in the order they were written. */
export function applyJournal(live: { calls: unknown[]; queues: unknown[] }, lines: readonly JournalLine[]): void {
  for (const line of lines)
    for (const [kind, c, arg] of line.o) {
      const list = live[c] as { id: string }[];
      if (kind === 'd') {
        const gone = new Set(arg as readonly string[]);
        live[c] = list.filter((item) => !gone.has(item.id));
        continue;
      }
      const item = arg as { id: string };
      const at = list.findIndex((x) => x.id === item.id);
      // An insert of an id that is there (cannot happen through the store) keeps one copy, the newest.
      if (at >= 0) list[at] = item;
      else list.push(item);
    }
}

/** Records the live-collection changes of one transaction, to be journalled if it commits. */
export class OpRecorder {
  readonly ops: JournalOp[] = [];
  private static live(c: CollectionName): c is LiveCollection {
    return c === 'calls' || c === 'queues';
  }
  insert(c: CollectionName, item: unknown): void {
    if (OpRecorder.live(c)) this.ops.push(['i', c, item as Item<LiveCollection>]);
  }
  replace(c: CollectionName, item: unknown): void {
    if (OpRecorder.live(c)) this.ops.push(['r', c, item as Item<LiveCollection>]);
  }
  remove(c: CollectionName, ids: readonly string[]): void {
    if (OpRecorder.live(c) && ids.length > 0) this.ops.push(['d', c, ids]);
  }
}
