/**
 * When a failed journal compaction is tried again: after COMPACT_RETRY_MS, twice as long after each
 * further failure, at most COMPACT_RETRY_MAX_MS. Trying on every write round instead made a full disk
 * cost a whole snapshot write per call. One warning when a streak begins and one when it ends, so a
 * flood of calls does not flood the log; the streak is what health checks are shown.
 */

/** A failed compaction is tried again after this long, twice as long after each further failure… */
export const COMPACT_RETRY_MS = 1000;
/** …but never longer than this (the journal keeps growing meanwhile: replay at start gets slower). */
export const COMPACT_RETRY_MAX_MS = 5 * 60_000;

/** A streak of failed compactions, for health checks and alerts. */
export interface CompactionFailures {
  /** Failed compactions in a row (0: the last one worked, or none was due). */
  failures: number;
  /** When the streak began, the last error, and when the next attempt may run (ISO). */
  failingSince?: string;
  lastError?: string;
  retryAt?: string;
}

export function createCompactionRetry(clock: () => number, warn: (msg: string, err?: unknown) => void, what: string) {
  let failures = 0;
  let failingSince = 0;
  let lastError = '';
  let retryAt = 0;
  return {
    /** Whether a compaction that is due may run now. */
    due: (): boolean => clock() >= retryAt,
    failed(err: unknown): void {
      failures += 1;
      lastError = (err as Error)?.message ?? String(err);
      if (failures === 1) {
        failingSince = clock();
        warn(`[store] compacting ${what} failed; appends go on, retried with backoff up to every ${COMPACT_RETRY_MAX_MS / 1000} s`, err);
      }
      retryAt = clock() + Math.min(COMPACT_RETRY_MS * 2 ** (failures - 1), COMPACT_RETRY_MAX_MS);
    },
    succeeded(): void {
      if (failures > 0) warn(`[store] ${what} compacted again after ${failures} failed attempts`);
      failures = 0;
      retryAt = 0;
    },
    status: (): CompactionFailures =>
      failures === 0 ? { failures } : { failures, failingSince: new Date(failingSince).toISOString(), lastError, retryAt: new Date(retryAt).toISOString() },
  };
}
