/**
 * Queue-system intake (排队叫号). The queue system calls with a bearer token scoped `queue:write`
 * (optionally tied to halls); staff may send test calls with their session (admin, operator).
 * `POST /calls` is the simple form (contract); `POST /events` takes the full event set. Both are
 * rate-limited per sender (token or user) and keep idempotency per hall and sender.
 */
import { Router, type Request, type Response } from 'express';
import { QueueCallInput } from '../../content/model';
import { QueueEvent } from '../../content/queue';
import { actorName, principalOf } from '../auth/principal';
import { hallsOfRecord } from '../policy/object-halls';
import { guard, limitedHalls, permit, seen } from '../policy/guard';
import type { AppContext } from '../context';
import { HttpError } from '../http-error';
import { newId } from '../ids';
import { ackReport } from '../queue/ack-report';
import { localRateLimits } from '../pairing/rate-limit';
import { QUEUE_RATE, RateLimited } from '../queue/call-rate';
import { parseBody } from '../validate';

/**
 * Who may write queue data: a `queue:write` token (its halls, or all when it names none) or an
 * admin/operator session. `sender` keys the rate limit and the idempotency windows.
 */
function queueWriter(res: Response): { allowedHallIds?: string[]; sender: string } {
  const p = principalOf(res);
  if (p?.kind === 'token') {
    if (!p.token.scopes.includes('queue:write')) throw new HttpError(403, 'forbidden', '此令牌没有 queue:write 权限');
    return { sender: `token:${p.token.id}`, ...(p.token.hallIds.length > 0 && { allowedHallIds: p.token.hallIds }) };
  }
  if (!p) throw new HttpError(401, 'unauthenticated', '需要 Authorization: Bearer <令牌> 或员工登录');
  // Staff limited to halls call only in them, exactly like a token tied to halls.
  guard(res, 'queue.write');
  const user = p.user;
  const halls = limitedHalls(res);
  return { sender: `user:${user.id}`, ...(halls && { allowedHallIds: halls }) };
}

/** The rate limit of queue writes per sender: one bucket for `/calls` (both ways in) and `/events`. */
function queueLimiter(ctx: AppContext) {
  // Cluster: one bucket per sender in Redis, so N instances allow the rate once, not N times.
  const limiter = (ctx.rateLimits ?? localRateLimits).bucket('queue-writes', ctx.queueRate ?? QUEUE_RATE, ctx.clock);
  const refused = (res: Response, err: unknown): never => {
    if (err instanceof RateLimited) res.set('Retry-After', String(err.retryAfterS));
    throw err;
  };
  /**
   * Takes one request from the sender's bucket; a 429 says when to come back. Returns a promise only
   * when the bucket is shared: the embedded hot path stays synchronous.
   */
  return (res: Response, sender: string): void | Promise<void> => {
    try {
      return limiter.take(sender)?.catch((err: unknown) => refused(res, err));
    } catch (err) {
      refused(res, err);
    }
  };
}
type Limit = ReturnType<typeof queueLimiter>;

/** 404 for a hall that does not exist, 403 for one the caller's token or account may not reach. */
function checkHall(store: AppContext['store'], hallId: string, allowedHallIds: string[] | undefined, verb: string): void {
  if (!store.get('halls', hallId)) throw new HttpError(404, 'not_found', `营业厅 ${hallId} 不存在`);
  if (allowedHallIds && !allowedHallIds.includes(hallId)) throw new HttpError(403, 'outside_halls', `此令牌或账号不能在该营业厅${verb}`);
}

/** The queue routes' shared state: the one rate-limit bucket per sender. */
export interface QueueWrites {
  limit: Limit;
  /** `POST /api/queue/calls` (contract), once `req.body` is parsed and the caller known. */
  postCall(req: Request, res: Response): Promise<void>;
}

export function queueWrites(ctx: AppContext): QueueWrites {
  const { store, calls, clock } = ctx;
  const limit = queueLimiter(ctx);
  return {
    limit,
    async postCall(req, res) {
      const receivedAt = clock();
      const { allowedHallIds, sender } = queueWriter(res);
      const taking = limit(res, sender);
      if (taking) await taking;
      const input = parseBody(req, QueueCallInput);
      if (input.hallId !== undefined) checkHall(store, input.hallId, allowedHallIds, '叫号');
      // Without hallId the service picks the caller's one hall, or answers 400 naming the halls.
      const r = await calls.submit({ ...input, id: input.id ?? newId('call'), allowedHallIds, receivedAt, actor: actorName(res), sender });
      res.status(202).json({ id: r.id, screens: r.screens, duplicate: r.duplicate });
    },
  };
}

/** `writes` is shared with the call lane (server/queue/call-lane.ts), so both ways in spend one bucket. */
export function queueRoutes(ctx: AppContext, writes: QueueWrites): Router {
  const { store, intake, clock } = ctx;
  const { limit } = writes;
  const router = Router();
  router.post('/calls', (req, res) => writes.postCall(req, res));

  router.post('/events', async (req, res) => {
    const receivedAt = clock();
    const { allowedHallIds, sender } = queueWriter(res);
    const taking = limit(res, sender);
    if (taking) await taking;
    const event = parseBody(req, QueueEvent);
    checkHall(store, event.hallId, allowedHallIds, '发送排队事件');
    const r = await intake.submit(event, { actor: actorName(res), receivedAt });
    res.status(r.status).json(r.body);
  });

  router.get('/calls', permit('read'), (_req, res) => {
    const see = seen(res);
    res.json(store.list('calls').filter((c) => see(hallsOfRecord(c))).slice(-50).reverse());
  });

  router.get('/calls/:id/acks', permit('read'), (req, res) => {
    const id = req.params.id as string;
    const call = store.list('calls').find((c) => c.id === id);
    if (call) guard(res, 'read', hallsOfRecord(call));
    const report = ackReport({ acks: ctx.acks, store, status: (s) => ctx.players.status(s) }, 'call', id);
    if (!report) throw new HttpError(404, 'not_found', `叫号 ${id} 不存在或已过期`);
    res.json(report);
  });
  return router;
}
