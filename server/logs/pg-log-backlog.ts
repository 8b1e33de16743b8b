/**
 * The rows an instance's PostgreSQL logs hold in memory because their insert has not succeeded yet,
 * under one budget shared by every log of the instance (50,000 rows: measured 18.5 MB of heap for
 * 160-byte play rows). While the database is away the logs retry and the rows wait here; past the budget the
 * OLDEST rows of the logs that matter least go first: proof of play and kiosk sessions (a lost play
 * is a missing tick in a report), then — only when nothing else is left — audit and calls lines (who
 * changed what, which call reached which hall: the records staff are asked about). Past the budget a 1%
 * slice goes at once (a shift of the whole queue per write cost ~65 µs; a slice ~2 µs). A drop is never
 * silent: the next insert attempt of any log reports the count through its `onError`, and
 * `warnings()` (in `/healthz`) names it until the process restarts.
 */

/** One record waiting for its insert: the UTC day it belongs to and its JSON text. */
export interface PendingRow {
  /** Write order across the instance's logs (the oldest droppable row is the one with the smallest). */
  seq: number;
  day: string;
  doc: string;
}

/** A log's queue in the backlog; the log owns `rows` (oldest first), the backlog may drop from its head. */
export interface BacklogQueue {
  readonly name: string;
  readonly rows: PendingRow[];
  /** The log's last insert failed: it retries, the backlog shows in `warnings()`. */
  failing: boolean;
}

export interface PgLogBacklog {
  /** Rows not yet stored, over every log (in flight included). */
  rows(): number;
  /** Rows dropped since the start because the budget was full. */
  dropped(): number;
  /** For `/healthz`: rows waiting while a log fails, and any drop since the start. */
  warnings(): string[];
}

/** The budget's internals, used by `openPgAppendLog`. */
export interface PgLogBacklogInternals extends PgLogBacklog {
  join(name: string): BacklogQueue;
  /** A row was queued: drops the oldest least-needed rows while over the budget. */
  added(): void;
  /** `n` rows were stored. */
  stored(n: number): void;
  nextSeq(): number;
  /** Drops not reported yet (one sentence), then forgets them; undefined when there were none. */
  takeDropReport(): string | undefined;
}

export const BACKLOG_ROWS = 50_000;
/** Logs whose rows go last when the budget is full. */
const LAST_TO_GO = new Set(['audit', 'calls']);

export function createPgLogBacklog(capRows = BACKLOG_ROWS): PgLogBacklogInternals {
  const queues: BacklogQueue[] = [];
  let total = 0;
  let seq = 0;
  let droppedTotal = 0;
  const unreported = new Map<string, number>();
  const victim = (): BacklogQueue | undefined => {
    let best: BacklogQueue | undefined;
    for (const q of queues) {
      if (q.rows.length === 0) continue;
      if (!best) best = q;
      else {
        const [qLast, bLast] = [LAST_TO_GO.has(q.name), LAST_TO_GO.has(best.name)];
        if ((qLast === bLast && q.rows[0]!.seq < best.rows[0]!.seq) || (!qLast && bLast)) best = q;
      }
    }
    return best;
  };
  return {
    rows: () => total,
    dropped: () => droppedTotal,
    warnings() {
      const out: string[] = [];
      if (total > 0 && queues.some((q) => q.failing)) out.push(`日志记录 ${total} 条尚未写入数据库，正在重试（上限 ${capRows} 条）`);
      if (droppedTotal > 0) out.push(`日志积压超过 ${capRows} 条，已丢弃 ${droppedTotal} 条最早的记录（先丢放映与取号记录）`);
      return out;
    },
    join(name) {
      const q: BacklogQueue = { name, rows: [], failing: false };
      queues.push(q);
      return q;
    },
    added() {
      total++;
      if (total <= capRows) return;
      // A 1% slice at a time: shifting a 50,000-row array per write cost ~65 µs a write.
      let over = total - capRows + Math.floor(capRows / 100);
      while (over > 0) {
        const q = victim();
        // Everything left is in flight: it is being inserted, not droppable.
        if (!q) return;
        // Oldest first across logs of one rank too: stop where another such log holds older rows.
        const last = LAST_TO_GO.has(q.name);
        const bound = Math.min(...queues.filter((o) => o !== q && o.rows.length > 0 && LAST_TO_GO.has(o.name) === last).map((o) => o.rows[0]!.seq));
        let n = 0;
        while (n < over && n < q.rows.length && q.rows[n]!.seq < bound) n++;
        q.rows.splice(0, n);
        over -= n;
        total -= n;
        droppedTotal += n;
        unreported.set(q.name, (unreported.get(q.name) ?? 0) + n);
      }
    },
    stored(n) {
      total -= n;
    },
    nextSeq: () => ++seq,
    takeDropReport() {
      if (unreported.size === 0) return undefined;
      const parts = [...unreported].map(([name, n]) => `${name} ${n} 条`).join('，');
      unreported.clear();
      return `日志积压超过 ${capRows} 条（数据库不可写），已丢弃最早的记录：${parts}`;
    },
  };
}
