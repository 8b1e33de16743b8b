/**
 * 工作台: `GET /api/workbench?hallId=` — one summary card per hall the caller may see (or the one hall
 * asked for): screens, reviews waiting, overrides on air, today's calls and plays, content expiring.
 * The computing is pure (workbench/workbench-summary.ts); here only the inputs are gathered.
 */
import path from 'node:path';
import { Router } from 'express';
import type { AppContext } from '../context';
import { notFound } from '../http-error';
import { hallsOfTarget } from '../policy/object-halls';
import { guard, permit, seen } from '../policy/guard';
import { createTodayCounts } from '../workbench/today-counts';
import { summarizeWorkbench } from '../workbench/workbench-summary';

export function workbenchRoutes(ctx: AppContext): Router {
  const { store, clock, players } = ctx;
  const todayCounts = createTodayCounts(store, ctx.logSource ?? path.join(ctx.dataDir, 'logs'), clock, ctx.flushLiveLogs);
  const router = Router();

  router.get('/', permit('read'), async (req, res) => {
    const hallId = typeof req.query.hallId === 'string' && req.query.hallId !== '' ? req.query.hallId : undefined;
    if (hallId !== undefined) {
      guard(res, 'read', [hallId]);
      if (!store.get('halls', hallId)) throw notFound('营业厅', hallId);
    }
    const see = seen(res);
    const halls = store.list('halls').filter((h) => (hallId === undefined ? see([h.id]) : h.id === hallId));
    const counts = await todayCounts();
    res.json(
      summarizeWorkbench({
        now: clock(),
        halls,
        screens: store.list('screens'),
        status: (id) => players.status(id),
        slides: store.list('slides'),
        layouts: store.list('layouts'),
        overrides: store.list('overrides').map((o) => ({ override: o, halls: hallsOfTarget(store, o.target) })),
        counts,
      }),
    );
  });

  return router;
}
