/**
 * The counter caller's actions (叫号器): `POST /api/halls/:hallId/counters/:counter/:action` with
 * action next | recall | skip | transfer | done | pause | resume; the hall's queue token or its staff.
 */
import { Router } from 'express';
import { CounterId } from '../../content/model';
import { CounterAction } from '../../content/ticketing-model';
import type { AppContext } from '../context';
import { HttpError, notFound } from '../http-error';
import type { TicketDesk } from '../ticketing/ticket-desk';
import { queueActor } from '../ticketing/queue-access';

export function counterRoutes(ctx: AppContext, desk: TicketDesk): Router {
  const { store } = ctx;
  const router = Router();

  router.post('/:hallId/counters/:counter/:action', async (req, res) => {
    const hallId = req.params.hallId as string;
    if (!store.get('halls', hallId)) throw notFound('营业厅', hallId);
    const actor = queueActor(req, res, ctx, hallId);
    const action = CounterAction.safeParse(req.params.action);
    if (!action.success) throw new HttpError(404, 'unknown_action', `没有这个窗口操作：${req.params.action as string}（可用：${CounterAction.options.join('、')}）`);
    // "03" and "3" are one window (content/primitives.ts canonicalCounter); an id that is no counter at all stays as typed, for the 404.
    const counter = CounterId.safeParse(req.params.counter);
    res.json(await desk.act(hallId, counter.success ? counter.data : (req.params.counter as string), action.data, req.body, actor));
  });

  return router;
}
