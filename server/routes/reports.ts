/**
 * Proof-of-play reports: plays per slide per day (JSON, for the chart) and every play as CSV (UTF-8
 * with a BOM so Excel shows Chinese right; times in the hall's time zone).
 */
import path from 'node:path';
import { Router, type Response } from 'express';
import { permit, scopeHallFilter } from '../policy/guard';
import type { AppContext } from '../context';
import { parsePlayQuery, playsPerSlide, readPlays } from '../reports/play-report';

/** A CSV field: quoted when needed, and a leading = + - @ defused so Excel never runs it as a formula. */
export function csvField(v: string | number): string {
  let s = String(v);
  if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Resolves when `res` can take more, or when the client went away. */
const drained = (res: Response) =>
  new Promise<void>((resolve) => {
    const done = (): void => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.once('drain', done);
    res.once('close', done);
  });

export function reportRoutes(ctx: AppContext): Router {
  const { store } = ctx;
  const logDir = ctx.logSource ?? path.join(ctx.dataDir, 'logs');
  const router = Router();

  router.get('/plays', permit('read'), async (req, res) => {
    res.json(await playsPerSlide(store, logDir, scopeHallFilter(res, store, parsePlayQuery(req.query))));
  });

  router.get('/plays.csv', permit('read'), async (req, res) => {
    const q = scopeHallFilter(res, store, parsePlayQuery(req.query));
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="plays-${q.from}-${q.to}.csv"`);
    const screens = new Map(store.list('screens').map((s) => [s.id, s.name]));
    const titles = new Map(store.list('slides').map((s) => [s.id, s.title]));
    res.write(`\uFEFF${['屏幕', '屏幕编号', '节目', '节目编号', '开始时间', '时长（秒）'].join(',')}\r\n`);
    for await (const batch of readPlays(store, logDir, q)) {
      let chunk = '';
      for (const r of batch) {
        const row = [screens.get(r.screenId) ?? r.screenId, r.screenId, titles.get(r.slideId) ?? r.slideId, r.slideId, `${r.day} ${r.time}`, (r.durationMs / 1000).toFixed(1)];
        chunk += `${row.map(csvField).join(',')}\r\n`;
      }
      // Respect backpressure: months of plays must not pile up in memory behind a slow download.
      if (!res.write(chunk)) await drained(res);
      if (res.destroyed) return;
    }
    res.end();
  });

  return router;
}
