/**
 * Today's queue calls and plays per hall, for the 工作台, read from the same daily logs as the reports
 * (`calls-*.ndjson` through day-logs.ts, proof of play through play-report.ts). A record counts for
 * the hall's today in the hall's time zone. Reading a busy day's play log costs a while, and every
 * open 工作台 asks every 30 s: one answer (all halls) is shared for CACHE_MS, one read at a time.
 */
import type { Hall } from '../../content/model';
import { readDayLog, type DayLogSource } from '../reports/day-logs';
import { parsePlayLine, readPlays } from '../reports/play-report';
import type { StoreReader } from '../store/store';
import { createLogTally } from './log-tally';
import { hallToday, type DayCounts } from './workbench-summary';

/** How long one count of the logs is reused (the page says its numbers may lag by this much). */
export const CACHE_MS = 15_000;

/** Adds the records of each hall's today to `into[hall][field]`. */
export function tallyToday(
  rows: readonly { hallId?: string; day: string }[],
  todays: ReadonlyMap<string, string>,
  field: keyof DayCounts,
  into: Map<string, DayCounts>,
): void {
  for (const r of rows) {
    if (!r.hallId || todays.get(r.hallId) !== r.day) continue;
    let c = into.get(r.hallId);
    if (!c) into.set(r.hallId, (c = { calls: 0, plays: 0 }));
    c[field]++;
  }
}

/** The days to read: from the earliest to the latest of the halls' todays (zones differ by up to a day). */
export function todaysOf(halls: readonly Hall[], now: number): Map<string, string> {
  return new Map(halls.map((h) => [h.id, hallToday(h, now)]));
}

/** A calls-log line that records an announced call (events and other lines are not calls). */
export function parseCall(line: string): { hallId?: string; startedAt: string } | undefined {
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof v !== 'object' || v === null) return undefined;
  const { record, hallId, createdAt } = v as Record<string, unknown>;
  if (record !== 'call' || typeof createdAt !== 'string' || Number.isNaN(Date.parse(createdAt))) return undefined;
  return { ...(typeof hallId === 'string' && { hallId }), startedAt: createdAt };
}

/** Counts every hall's today from the logs now. */
export async function countToday(store: StoreReader, logDir: DayLogSource, now: number): Promise<Map<string, DayCounts>> {
  const todays = todaysOf(store.list('halls'), now);
  const out = new Map<string, DayCounts>();
  if (todays.size === 0) return out;
  const days = [...todays.values()].sort();
  const range = { from: days[0]!, to: days[days.length - 1]! };
  for await (const batch of readDayLog(store, logDir, 'calls', range, parseCall))
    tallyToday(batch.map((r) => ({ hallId: r.hallId, day: r.wall.date })), todays, 'calls', out);
  for await (const batch of readPlays(store, logDir, range)) tallyToday(batch, todays, 'plays', out);
  return out;
}

/**
 * Today's counts as the route asks for them: from the NDJSON folder incrementally (log-tally.ts), from
 * a cluster's log source by re-reading (countToday); one count at a time, reused for CACHE_MS, and a
 * new day in any hall counts at once. `flush` runs first, so a call answered a moment ago is counted.
 */
export function createTodayCounts(store: StoreReader, logDir: DayLogSource, clock: () => number, flush?: () => Promise<void>) {
  const tallies = typeof logDir === 'string' ? { calls: createLogTally(logDir, 'calls', parseCall), plays: createLogTally(logDir, 'play', parsePlayLine) } : undefined;
  const count = async (now: number): Promise<Map<string, DayCounts>> => {
    if (!tallies) return countToday(store, logDir, now);
    const todays = todaysOf(store.list('halls'), now);
    const out = new Map<string, DayCounts>();
    await tallies.calls(store, todays, 'calls', out);
    await tallies.plays(store, todays, 'plays', out);
    return out;
  };
  let last: { at: number; key: string; counts: Map<string, DayCounts> } | undefined;
  let running: { key: string; done: Promise<Map<string, DayCounts>> } | undefined;
  return (): Promise<Map<string, DayCounts>> => {
    const now = clock();
    const key = [...todaysOf(store.list('halls'), now)].join();
    if (last && last.key === key && now - last.at < CACHE_MS) return Promise.resolve(last.counts);
    if (running?.key === key) return running.done;
    // Strictly one after another: the tallies keep read offsets that two readers at once would both advance.
    const before = running?.done.then(() => undefined, () => undefined) ?? Promise.resolve();
    const done = before.then(() => flush?.()).then(() => count(now)).then((counts) => {
      last = { at: now, key, counts };
      return counts;
    });
    running = { key, done };
    const clear = (): void => {
      if (running?.done === done) running = undefined;
    };
    done.then(clear, clear);
    return done;
  };
}
