/**
 * Integration tokens (admin only): the queue system's bearer tokens, scoped (`queue:write`) and
 * optionally tied to halls. The plaintext is shown once on creation; only its sha256 is stored, and
 * a deleted token stops working on the next request.
 */
import { Router } from 'express';
import { z } from 'zod';
import { Id, Scope, type IntegrationToken } from '../../content/model';
import { actorName } from '../auth/principal';
import { permit } from '../policy/guard';
import { newToken, sha256Hex } from '../auth/secrets';
import type { AppContext } from '../context';
import { HttpError, notFound } from '../http-error';
import { newId } from '../ids';
import { parseBody } from '../validate';

const TokenInput = z.object({
  name: z.string().trim().min(1, '请填写令牌名称').max(64),
  scopes: z.array(Scope).min(1, '至少选择一个权限').max(8),
  hallIds: z.array(Id).max(1000).optional(),
});

/** A token as staff may see it: never its hash. */
const view = (t: IntegrationToken) => ({ id: t.id, name: t.name, scopes: t.scopes, hallIds: t.hallIds, createdAt: t.createdAt });

export function tokenRoutes(ctx: AppContext): Router {
  const { store, clock, audit } = ctx;
  const router = Router();

  router.get('/', permit('system'), (_req, res) => {
    res.json(store.list('tokens').map(view));
  });

  router.post('/', permit('system'), async (req, res) => {
    const input = parseBody(req, TokenInput);
    const hallIds = [...new Set(input.hallIds ?? [])];
    const unknown = hallIds.filter((id) => !store.get('halls', id));
    if (unknown.length > 0) throw new HttpError(400, 'unknown_hall', `营业厅 ${unknown.join(', ')} 不存在`);
    const plaintext = `hs_${newToken()}`;
    const token: IntegrationToken = {
      id: newId('tok'),
      name: input.name,
      tokenHash: sha256Hex(plaintext),
      scopes: [...new Set(input.scopes)],
      hallIds,
      createdAt: new Date(clock()).toISOString(),
    };
    await store.transact((tx) => tx.insert('tokens', token));
    audit.write({ who: actorName(res), action: 'token.create', id: token.id, name: token.name, scopes: token.scopes, hallIds });
    res.status(201).json({ ...view(token), token: plaintext });
  });

  router.delete('/:id', permit('system'), async (req, res) => {
    const id = req.params.id as string;
    const removed = await store.transact((tx) => tx.remove('tokens', id));
    if (!removed) throw notFound('接口令牌', id);
    audit.write({ who: actorName(res), action: 'token.revoke', id });
    res.status(204).end();
  });
  return router;
}
