/**
 * Queue-system intake (排队叫号). The queue system calls with a bearer token scoped `queue:write`
 * (optionally tied to halls); staff may send test calls with their session (admin, operator).
 */
import { Router } from 'express';
import { QueueCallInput } from '../../content/model';
import { principalOf, requireUser } from '../auth/principal';
import type { AppContext } from '../context';
import { HttpError } from '../http-error';
import { newId } from '../ids';
import { parseBody } from '../validate';

export function queueRoutes(ctx: AppContext): Router {
  const { store, calls } = ctx;
  const router = Router();

  router.post('/calls', async (req, res) => {
    const p = principalOf(res);
    let allowedHallIds: string[] | undefined;
    if (p?.kind === 'token') {
      if (!p.token.scopes.includes('queue:write')) throw new HttpError(403, 'forbidden', '此令牌没有 queue:write 权限');
      if (p.token.hallIds.length > 0) allowedHallIds = p.token.hallIds;
    } else {
      if (!p) throw new HttpError(401, 'unauthenticated', '需要 Authorization: Bearer <令牌> 或员工登录');
      requireUser(res, 'admin', 'operator');
    }
    const input = parseBody(req, QueueCallInput);
    if (input.hallId !== undefined) {
      if (!store.get('halls', input.hallId)) throw new HttpError(404, 'not_found', `营业厅 ${input.hallId} 不存在`);
      if (allowedHallIds && !allowedHallIds.includes(input.hallId)) throw new HttpError(403, 'forbidden', '此令牌不能在该营业厅叫号');
    }
    const result = await calls.submit({ ...input, id: input.id ?? newId('call'), allowedHallIds });
    res.status(202).json(result);
  });

  router.get('/calls', (_req, res) => {
    requireUser(res);
    res.json(store.list('calls').slice(-50).reverse());
  });
  return router;
}
