/**
 * Taking a ticket (`POST /api/queue/tickets`: the hall's queue token, its staff, or one of its screens
 * with its device key) and the public view of one ticket (`GET /api/queue/tickets/:id`, no login: the
 * id is unguessable and the answer holds nothing personal). Mounted on `/api/queue` before the queue router.
 */
import { Router } from 'express';
import { RatingInput, TakeRequestKey, TakeTicketInput } from '../../content/ticketing-model';
import type { AppContext } from '../context';
import { HttpError } from '../http-error';
import { localRateLimits } from '../pairing/rate-limit';
import type { TicketDesk } from '../ticketing/ticket-desk';
import { queueActor } from '../ticketing/queue-access';
import { publicTicket, waitingByService } from '../ticketing/queue-view';
import { rateTicket } from '../ticketing/ticket-rating';
import { parseBody } from '../validate';

/** Public look-ups per client address per minute: a phone polls every few seconds; guessing needs millions. */
const LOOKUPS_PER_MINUTE = 120;

/** The request's idempotency key: the `Idempotency-Key` header or the body's `requestId` (they must agree). */
function takeRequestKey(header: string | undefined, bodyKey: string | undefined): string | undefined {
  if (header === undefined) return bodyKey;
  const parsed = TakeRequestKey.safeParse(header);
  if (!parsed.success) throw new HttpError(400, 'bad_idempotency_key', parsed.error.issues[0]?.message ?? '幂等键（Idempotency-Key）无效');
  if (bodyKey !== undefined && bodyKey !== parsed.data) throw new HttpError(400, 'idempotency_key_mismatch', 'Idempotency-Key 请求头与 requestId 不一致，请只用其中一个');
  return parsed.data;
}

export function ticketRoutes(ctx: AppContext, desk: TicketDesk): Router {
  const { store, clock } = ctx;
  const router = Router();
  // Cluster: counted in Redis, so a phone (or a guesser) gets the same allowance whichever instance answers.
  const lookups = (ctx.rateLimits ?? localRateLimits)('ticket-lookups', { limit: LOOKUPS_PER_MINUTE, windowMs: 60_000, clock });

  router.post('/tickets', async (req, res) => {
    const input = parseBody(req, TakeTicketInput);
    if (!store.get('halls', input.hallId)) throw new HttpError(404, 'not_found', `营业厅 ${input.hallId} 不存在`);
    const requestKey = takeRequestKey(req.get('idempotency-key'), input.requestId);
    const actor = queueActor(req, res, ctx, input.hallId, { screens: true });
    const { ticket, replayed } = await desk.take(input.hallId, input.serviceId, actor, requestKey);
    // The QR code on the printed ticket: the public page, on the address the kiosk reached us by.
    const origin = ctx.publicUrl ?? `${req.protocol}://${req.get('host') ?? 'localhost'}`;
    if (replayed) res.setHeader('Idempotent-Replayed', 'true');
    res.status(replayed ? 200 : 201).json({ ...ticket, ticketUrl: `${origin}/t/${encodeURIComponent(ticket.id)}` });
  });

  /** 服务评价 from the phone page after 办结: once per ticket, within RATING_WINDOW_MS. */
  router.post('/tickets/:id/rating', async (req, res) => {
    if (!(await lookups.hit(req.ip ?? 'unknown'))) throw new HttpError(429, 'too_many_lookups', '操作过于频繁，请稍后再试');
    const { rating } = parseBody(req, RatingInput);
    const id = req.params.id as string;
    const rated = await rateTicket(ctx, (tx) => tx.get('queueTickets', id), rating, 'public');
    res.json(publicTicket(store, rated, clock()));
  });

  /** What a kiosk's 取号 page offers: its hall's services with waiting counts (the screen's own key). */
  router.get('/kiosk', (req, res) => {
    const screen = store.get('screens', req.get('x-screen-id') ?? '');
    const hall = screen && store.get('halls', screen.hallId);
    if (!screen || !hall) throw new HttpError(401, 'bad_device_key', '需要屏幕的 x-screen-id 与 x-screen-key');
    queueActor(req, res, ctx, hall.id, { screens: true });
    res.setHeader('Cache-Control', 'no-store');
    res.json({ hallId: hall.id, hallName: hall.name, services: waitingByService(store, hall, clock()) });
  });

  router.get('/tickets/:id', async (req, res) => {
    if (!(await lookups.hit(req.ip ?? 'unknown'))) throw new HttpError(429, 'too_many_lookups', '查询过于频繁，请稍后再试');
    const ticket = store.get('queueTickets', req.params.id as string);
    if (!ticket) throw new HttpError(404, 'not_found', '没有这张号票，或它已过期');
    res.setHeader('Cache-Control', 'no-store');
    res.json(publicTicket(store, ticket, clock()));
  });

  return router;
}
