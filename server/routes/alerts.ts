/** 设备告警: `GET /api/alerts?open=1&hallId=…` → `{ alerts }`, only of the halls the caller sees. */
import { Router } from 'express';
import { z } from 'zod';
import { Id } from '../../content/model';
import { sortAlerts } from '../alerts/alert-rules';
import type { AppContext } from '../context';
import { guard, permit, seen } from '../policy/guard';

const AlertQuery = z.object({
  /** `1`/`true`: only alerts whose cause still holds. */
  open: z.enum(['1', 'true', '0', 'false'], { message: 'open 只能是 1 或 0' }).optional(),
  hallId: Id.optional(),
  limit: z.coerce.number({ message: 'limit 需要是数字' }).int().min(1).max(1000).default(200),
});

export function alertRoutes(ctx: AppContext): Router {
  const router = Router();
  router.get('/', permit('read'), (req, res) => {
    const q = AlertQuery.parse(req.query);
    if (q.hallId) guard(res, 'read', [q.hallId]);
    const see = seen(res);
    const onlyOpen = q.open === '1' || q.open === 'true';
    const alerts = ctx.store.list('alerts').filter((a) => (!q.hallId || a.hallId === q.hallId) && (!onlyOpen || a.endedAt === null) && see([a.hallId]));
    res.json({ alerts: sortAlerts(alerts).slice(0, q.limit) });
  });
  return router;
}
