/**
 * The live collections' journal (calls, queues): one appended NDJSON line per committed write round
 * instead of a rewrite of the whole live file. A replaced record is journalled as a patch of what
 * changed (record-patch.ts): a call's line is the call and the few parts of its hall's queue record it
 * changed, well under 2 KB, where the whole record was ~20 KB (and ~600 KB with full windows). The live file is the snapshot; it names the last
 * journal line it already holds (`journalSeq`), so a crash between writing a snapshot and emptying
 * the journal never applies a line twice. Appends are plain writes, no fsync — the same promise the
 * snapshot's temp-file + rename makes (steno does not fsync either): a killed process loses nothing
 * acknowledged, a power cut may lose the last moments.
 *
 * A line is written whole or, if the process dies in the middle of it, lies torn at the very end of
 * the file: a last line without its newline is ignored on replay (it was never acknowledged). Any
 * other unreadable line means the file was damaged by something else, and opening refuses it. A
 * patch only makes sense on the very record it was made from, so lines after the snapshot must come
 * one by one (no number missing) and a patch of a record that is not there refuses the start too:
 * replaying a line twice, or skipping one, could otherwise go unnoticed.
 */
import type { CollectionName, Item, LiveData } from './data';
import { applyPatch, diffRecord, type ObjectPatch } from './record-patch';

export type LiveCollection = keyof Pick<LiveData, 'calls' | 'queues'>;
/**
 * One change: insert (appends), replace (in place, by id; journals from before patches), patch (the
 * record with this id, in place), delete (these ids).
 */
export type JournalOp =
  | readonly ['i', LiveCollection, Item<LiveCollection>]
  | readonly ['r', LiveCollection, Item<LiveCollection>]
  | readonly ['p', LiveCollection, string, ObjectPatch]
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
  let next = afterSeq + 1;
  parts.forEach((raw, i) => {
    if (raw === '') return;
    let line: JournalLine;
    try {
      line = JSON.parse(raw) as JournalLine;
    } catch (err) {
      throw new Error(`[store] ${file} line ${i + 1} is not valid JSON (${(err as Error).message}); the journal was damaged outside the server`);
    }
    if (!Number.isInteger(line?.s) || !Array.isArray(line.o)) throw new Error(`[store] ${file} line ${i + 1} is not a journal line`);
    if (line.s <= afterSeq) return;
    if (line.s !== next) throw new Error(`[store] ${file} line ${i + 1} has number ${line.s} where ${next} was due; the journal was damaged outside the server`);
    next += 1;
    lines.push(line);
  });
  return { lines, torn: tail !== '' };
}

/** Applies journal lines to the live collections, in place, in the order they were written. */
export function applyJournal(live: { calls: unknown[]; queues: unknown[] }, lines: readonly JournalLine[], file = 'journal'): void {
  for (const line of lines)
    for (const op of line.o) {
      const c = op[1];
      const list = live[c] as { id: string }[];
      if (op[0] === 'd') {
        const gone = new Set(op[2]);
        live[c] = list.filter((item) => !gone.has(item.id));
        continue;
      }
      if (op[0] === 'p') {
        const at = list.findIndex((x) => x.id === op[2]);
        if (at < 0) throw new Error(`[store] ${file} line ${line.s} patches ${c} ${op[2]}, which is not there; the journal does not follow its snapshot`);
        list[at] = applyPatch(list[at], op[3]) as { id: string };
        continue;
      }
      const item = op[2] as { id: string };
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
  /**
   * `before` is the record being replaced: what the line holds is the difference (nothing when there is
   * none). So a record must never be changed in place and then replaced with itself: that change would
   * not reach the journal (the store's contract already forbids mutating what it returns).
   */
  replace(c: CollectionName, before: unknown, item: unknown): void {
    if (!OpRecorder.live(c)) return;
    const patch = diffRecord(before as Record<string, unknown>, item as Record<string, unknown>);
    if (patch) this.ops.push(['p', c, (item as { id: string }).id, patch]);
  }
  remove(c: CollectionName, ids: readonly string[]): void {
    if (OpRecorder.live(c) && ids.length > 0) this.ops.push(['d', c, ids]);
  }
}
