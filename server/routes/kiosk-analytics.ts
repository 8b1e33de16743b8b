/**
 * Kiosk interaction analytics: players send one `kioskSession` per visitor session (see
 * content/protocol.ts); the player hub appends them to the daily `kiosk-YYYY-MM-DD.ndjson` logs,
 * like proof of play. This report reads those logs line by line (`reports/day-logs.ts`).
 *
 * `GET /api/reports/kiosk?from=YYYY-MM-DD&to=YYYY-MM-DD[&screenId=…][&hallId=…]` (admin, editor) →
 * ```
 * {
 *   from, to,
 *   days: string[],                    // every day of the range, in order
 *   sessionsPerDay: number[],          // sessions started on days[i] (hall's time zone)
 *   avgDurationMs: number[],           // mean session length on days[i]; 0 without sessions
 *   depthHistogram: {depth, count}[],  // sessions by the deepest page reached (home = 0), every depth 0..max
 *   tiles: {tile, label?, count}[],    // tiles touched (`pageId/target`), most touched first, at most 30
 *   pages: {pageId, count}[],          // page openings, most opened first
 *   total: number, endedBy: {idle, exit, override, schedule}
 * }
 * ```
 * The range is at most 92 days (400 otherwise), as for the play report.
 */
import path from 'node:path';
import { Router } from 'express';
import { KioskSession } from '../../content/protocol';
import { permit, scopeHallFilter } from '../policy/guard';
import type { AppContext } from '../context';
import { readDayLog, type DayLogSource } from '../reports/day-logs';
import { daysBetween, parsePlayQuery, type PlayQuery } from '../reports/play-report';
import type { StoreReader } from '../store/store';

/** Name of the append log the player hub writes sessions to (`<name>-YYYY-MM-DD.ndjson`). */
export const KIOSK_LOG = 'kiosk';
/** Most tiles listed in a report (the chart shows the top ones). */
const TOP_TILES = 30;

/** One logged session: what the player sent plus who sent it. */
export type KioskLogRow = KioskSession & { screenId: string; hallId?: string };

export interface KioskReport {
  from: string;
  to: string;
  days: string[];
  sessionsPerDay: number[];
  avgDurationMs: number[];
  depthHistogram: { depth: number; count: number }[];
  tiles: { tile: string; label?: string; count: number }[];
  pages: { pageId: string; count: number }[];
  total: number;
  endedBy: Record<KioskSession['endedBy'], number>;
}

/** A log line, or undefined for a torn or hand-edited one. */
function parseLine(line: string): KioskLogRow | undefined {
  if (!line) return undefined;
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch {
    return undefined;
  }
  const session = KioskSession.safeParse(v);
  const screenId = (v as { screenId?: unknown }).screenId;
  const hallId = (v as { hallId?: unknown }).hallId;
  if (!session.success || typeof screenId !== 'string' || Number.isNaN(Date.parse(session.data.startedAt))) return undefined;
  return { ...session.data, screenId, ...(typeof hallId === 'string' && { hallId }) };
}

/** The label of tile `pageId/target` in the kiosk app `slideId`, if the app still has it. */
function tileLabel(store: StoreReader, slideId: string, tile: string): string | undefined {
  const app = store.get('slides', slideId);
  if (!app || app.type !== 'kioskApp') return undefined;
  const [pageId, target] = tile.split('/');
  const page = app.pages.find((p) => p.id === pageId);
  return page?.type === 'menu' ? page.tiles.find((t) => t.target === target)?.label : undefined;
}

/** Sessions per day, their mean length, depth histogram, top tiles and pages. */
export async function kioskReport(store: StoreReader, logDir: DayLogSource, q: PlayQuery): Promise<KioskReport> {
  const days = daysBetween(q.from, q.to);
  const index = new Map(days.map((d, i) => [d, i]));
  const sessionsPerDay = days.map(() => 0);
  const totalMs = days.map(() => 0);
  const depths = new Map<number, number>();
  const tiles = new Map<string, { count: number; slideId: string }>();
  const pages = new Map<string, number>();
  const endedBy: KioskReport['endedBy'] = { idle: 0, exit: 0, override: 0, schedule: 0 };
  let total = 0;
  for await (const batch of readDayLog(store, logDir, KIOSK_LOG, q, parseLine)) {
    for (const s of batch) {
      const i = index.get(s.wall.date)!;
      sessionsPerDay[i]!++;
      totalMs[i]! += s.durationMs;
      depths.set(s.maxDepth, (depths.get(s.maxDepth) ?? 0) + 1);
      for (const t of s.tiles) {
        const hit = tiles.get(t);
        if (hit) hit.count++;
        else tiles.set(t, { count: 1, slideId: s.slideId });
      }
      for (const p of s.pages) pages.set(p, (pages.get(p) ?? 0) + 1);
      endedBy[s.endedBy]++;
      total++;
    }
  }
  const maxDepth = Math.max(-1, ...depths.keys());
  return {
    from: q.from,
    to: q.to,
    days,
    sessionsPerDay,
    avgDurationMs: totalMs.map((ms, i) => (sessionsPerDay[i] ? Math.round(ms / sessionsPerDay[i]!) : 0)),
    depthHistogram: Array.from({ length: maxDepth + 1 }, (_, depth) => ({ depth, count: depths.get(depth) ?? 0 })),
    tiles: [...tiles]
      .sort((a, b) => b[1].count - a[1].count || a[0].localeCompare(b[0]))
      .slice(0, TOP_TILES)
      .map(([tile, { count, slideId }]) => {
        const label = tileLabel(store, slideId, tile);
        return { tile, ...(label && { label }), count };
      }),
    pages: [...pages].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([pageId, count]) => ({ pageId, count })),
    total,
    endedBy,
  };
}

/** `GET /kiosk` under `/api/reports`. */
export function kioskAnalyticsRoutes(ctx: AppContext): Router {
  const logDir = ctx.logSource ?? path.join(ctx.dataDir, 'logs');
  const router = Router();
  router.get('/kiosk', permit('report.kiosk'), async (req, res) => {
    res.json(await kioskReport(ctx.store, logDir, scopeHallFilter(res, ctx.store, parsePlayQuery(req.query))));
  });
  return router;
}
