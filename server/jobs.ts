/**
 * Timed jobs (node-cron 4). Each is created at start from config and the store, so a restart brings
 * them all back; `noOverlap` keeps a slow run from stacking on the next one; jobs whose run may have
 * been missed while the server was down (retention) also run once at start.
 *
 * - prune-expired: every minute, drops expired overrides and sessions (players end overrides on
 *   their own at `expiresAt`; this keeps the store small and editors' lists current).
 * - log-retention: daily, deletes append-only logs older than the retention period.
 * - power-<hall>-<area>-<edge>: at each business-hours edge of each area, in the hall's time zone,
 *   records the switch in the audit log and tells editors to refresh (not on an exception day whose
 *   闭馆 or special hours cancel that weekly edge; special hours' own edges are not audited). Screens switch by themselves:
 *   their resolver knows the hours, so standby happens on time even with the server down.
 */
import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import cron, { type ScheduledTask } from 'node-cron';
import { pruneRenditions } from './media/cleanup';
import type { MediaStore } from './media/media-store';
import { DISTRICT_SETTINGS_ID, type Area, type Hall } from '../content/model';
import { effectiveExceptions, exceptionsForArea, openAt } from '../content/open-hours';
import type { Bus } from './bus';
import type { Logger } from './log';
import type { AppendLog } from './logs/append-log';
import { overrideLive } from './manifest';
import type { Store } from './store/store';

const DAY_MS = 86_400_000;

/** Deletes `<name>-YYYY-MM-DD.ndjson` files whose day is older than `days` days before `now`. */
export async function deleteOldLogs(logDir: string, days: number, now: number): Promise<string[]> {
  const cutoff = new Date(now - days * DAY_MS).toISOString().slice(0, 10);
  let names: string[];
  try {
    names = await readdir(logDir);
  } catch {
    return [];
  }
  const old = names.filter((n) => {
    const m = /-(\d{4}-\d{2}-\d{2})\.ndjson$/.exec(n);
    return m !== null && m[1]! < cutoff;
  });
  await Promise.all(old.map((n) => rm(path.join(logDir, n), { force: true })));
  return old;
}

/** Cron expressions for the opening and closing edges of each area with business hours. */
export function powerEdges(hall: Hall): { area: string; edge: 'open' | 'close'; expression: string }[] {
  const out: { area: string; edge: 'open' | 'close'; expression: string }[] = [];
  for (const [area, hours] of Object.entries(hall.hours ?? {})) {
    if (!hours) continue;
    const days = (hours.days ?? [1, 2, 3, 4, 5, 6, 7]).map((d) => d % 7).join(',');
    for (const w of hours.windows) {
      for (const [edge, hhmm] of [['open', w.start], ['close', w.end]] as const) {
        const [h, m] = hhmm.split(':').map(Number);
        // A closing edge past midnight belongs to the next day of an opening day; keep every day then.
        const dayField = edge === 'close' && w.end < w.start ? '*' : days;
        out.push({ area, edge, expression: `${m} ${h} * * ${dayField}` });
      }
    }
  }
  return out;
}

export function startJobs(deps: {
  store: Store;
  bus: Bus;
  clock: () => number;
  logger: Logger;
  audit: AppendLog;
  logDir: string;
  retentionDays: number;
  /** Where media files live: renditions no screen needs any more are removed nightly. */
  media?: MediaStore;
}) {
  const { store, bus, clock, audit } = deps;
  const log = deps.logger.child({ module: 'jobs' });
  const fixed: ScheduledTask[] = [];
  let power: ScheduledTask[] = [];

  const prune = async (): Promise<void> => {
    const now = clock();
    const removed = await store.transact(
      (tx) => tx.retain('overrides', (o) => overrideLive(o, now)) + tx.retain('sessions', (s) => Date.parse(s.expiresAt) > now),
    );
    if (removed > 0) {
      log.info({ removed }, 'pruned expired overrides and sessions');
      bus.publish({ type: 'changed', collection: 'overrides' });
    }
  };
  const retain = async (): Promise<void> => {
    const deleted = await deleteOldLogs(deps.logDir, deps.retentionDays, clock());
    if (deleted.length > 0) log.info({ deleted }, 'deleted old logs');
  };
  const tidyMedia = async (): Promise<void> => {
    if (!deps.media) return;
    const { files, dirs } = await pruneRenditions(store, deps.media, clock());
    if (files.length + dirs.length > 0) log.info({ files: files.length, dirs: dirs.length }, 'removed unused media files');
  };
  const stopAll = async (tasks: ScheduledTask[]): Promise<void> => {
    await Promise.all(tasks.map((t) => t.stop()));
  };
  /** Is the area open a second after now, by the hall's hours and exception days as stored now? */
  const openAfter = (hallId: string, area: Area): boolean | undefined => {
    const hall = store.get('halls', hallId);
    if (!hall) return undefined;
    const hours = hall.hours?.[area];
    const exceptions = exceptionsForArea(effectiveExceptions(hall.exceptions, store.get('district', DISTRICT_SETTINGS_ID)?.exceptions), area, hours);
    return openAt(hours, exceptions, clock() + 1000, hall.timezone).open;
  };
  /** (Re)creates the power-edge tasks from the halls as they are now. */
  const schedulePower = async (): Promise<void> => {
    await stopAll(power);
    power = store.list('halls').flatMap((hall) =>
      powerEdges(hall).map(({ area, edge, expression }) =>
        cron.schedule(
          expression,
          () => {
            // On an exception day (闭馆, special hours) the weekly edge is not a switch: record only real ones.
            if (openAfter(hall.id, area as Area) !== (edge === 'open')) return;
            audit.write({ who: 'system', action: `power.${edge}`, hallId: hall.id, area });
            bus.publish({ type: 'changed', collection: 'screens' });
          },
          { name: `power-${hall.id}-${area}-${edge}`, timezone: hall.timezone, noOverlap: true },
        ),
      ),
    );
  };

  fixed.push(cron.schedule('* * * * *', prune, { name: 'prune-expired', noOverlap: true }));
  fixed.push(cron.schedule('30 3 * * *', retain, { name: 'log-retention', noOverlap: true, timezone: 'Asia/Shanghai' }));
  fixed.push(cron.schedule('45 3 * * *', tidyMedia, { name: 'media-cleanup', noOverlap: true, timezone: 'Asia/Shanghai' }));
  void retain().catch((err) => log.error({ err }, 'log retention failed'));
  void schedulePower();
  const unsubscribe = bus.subscribe((event) => {
    if (event.type === 'changed' && event.collection === 'halls') void schedulePower();
  });

  return {
    /** Names of the scheduled tasks (for tests and the health view). */
    taskNames: (): string[] => [...fixed, ...power].map((t) => t.name ?? ''),
    stop: async (): Promise<void> => {
      unsubscribe();
      await stopAll([...fixed, ...power]);
    },
  };
}
