/**
 * The counter's rating pad (服务评价; a small tablet at the counter running the player with `?mode=rating`):
 * `GET /api/queue/rating-pad` says which ticket the pad should ask about now — the one finished
 * (办结, or 下一位 which implies it) at the screen's counter within RATING_PROMPT_MS and not rated yet —
 * and `POST /api/queue/rating-pad` `{ ticket, rating }` records the answer through the phone page's rule
 * (ticket-rating.ts). Both as the screen with its device key; the counter is the screen's first one.
 */
import { Router, type Request, type Response } from 'express';
import type { Screen } from '../../content/model';
import { hallDay } from '../../content/ticketing';
import { PadRatingInput, RATING_PAD_GRACE_MS, RATING_PROMPT_MS, type QueueTicket, type RatingPadState } from '../../content/ticketing-model';
import type { AppContext } from '../context';
import { HttpError } from '../http-error';
import type { StoreReader } from '../store/store';
import { queueActor } from '../ticketing/queue-access';
import { rateTicket } from '../ticketing/ticket-rating';
import { parseBody } from '../validate';

/** The pad's screen and counter, checked against its device key. */
function padOf(req: Request, res: Response, ctx: AppContext): { screen: Screen; counter: string } {
  const screen = ctx.store.get('screens', req.get('x-screen-id') ?? '');
  if (!screen) throw new HttpError(401, 'bad_device_key', '需要屏幕的 x-screen-id 与 x-screen-key');
  queueActor(req, res, ctx, screen.hallId, { screens: true });
  const counter = screen.counters?.[0];
  if (!counter) throw new HttpError(409, 'no_counter', `屏幕「${screen.name}」没有绑定窗口，请在「屏幕」中为它填写所服务的窗口号`);
  return { screen, counter };
}

/** The counter's most recently finished ticket of the hall's day, whatever its rating. */
function lastDone(store: Pick<StoreReader, 'list' | 'get'>, hallId: string, counter: string, now: number): QueueTicket | undefined {
  const hall = store.get('halls', hallId);
  const day = hall ? hallDay(now, hall.timezone) : undefined;
  let best: QueueTicket | undefined;
  for (const t of store.list('queueTickets')) {
    if (t.hallId !== hallId || t.counter !== counter || t.status !== 'done' || !t.doneAt || (day && t.day !== day)) continue;
    if (!best || Date.parse(t.doneAt) > Date.parse(best.doneAt!)) best = t;
  }
  return best;
}

export function ratingPadRoutes(ctx: AppContext): Router {
  const { store, clock } = ctx;
  const router = Router();

  router.get('/rating-pad', (req, res) => {
    const { screen, counter } = padOf(req, res, ctx);
    const now = clock();
    const t = lastDone(store, screen.hallId, counter, now);
    const ask = t && !t.rating && now - Date.parse(t.doneAt!) < RATING_PROMPT_MS;
    const body: RatingPadState = {
      hallId: screen.hallId,
      counter,
      ...(ask && { ticket: { number: t.number, doneAt: t.doneAt!, serviceName: store.get('queueServices', t.serviceId)?.name ?? '' } }),
    };
    res.setHeader('Cache-Control', 'no-store');
    res.json(body);
  });

  router.post('/rating-pad', async (req, res) => {
    const { screen, counter } = padOf(req, res, ctx);
    const { ticket, rating } = parseBody(req, PadRatingInput);
    const number = ticket.toUpperCase();
    const rated = await rateTicket(
      ctx,
      (tx) => {
        const t = lastDone(tx, screen.hallId, counter, clock());
        if (!t) throw new HttpError(409, 'not_done', `${counter} 号窗口今天还没有办结的业务，办结后才能评价`);
        // Only the ticket the pad asked about: a newer 办结 at the counter means that one is asked now.
        if (t && t.number !== number) throw new HttpError(409, 'rating_closed', `${number} 号的评价时间已过，${counter} 号窗口已办结下一位`);
        return t;
      },
      rating,
      `screen:${screen.id}`,
      RATING_PROMPT_MS + RATING_PAD_GRACE_MS,
    );
    res.json({ counter, number: rated.number, rating: rated.rating });
  });

  return router;
}
