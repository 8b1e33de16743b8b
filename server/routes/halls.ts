/** Halls (营业厅): list for staff, create and change for admins, and each hall's queue board state. */
import { Router } from 'express';
import { HallInput, type Hall } from '../../content/model';
import { actorName, allow, principalOf } from '../auth/principal';
import type { AppContext } from '../context';
import { HttpError, notFound } from '../http-error';
import { newId } from '../ids';
import { parseBody } from '../validate';

/** Any hall field may change; `callTemplate: null` goes back to the default sentence. */
const HallPatch = HallInput.partial().extend({
  callTemplate: HallInput.shape.callTemplate.nullable(),
  /** `null` removes the hall's default content. */
  defaultPlaylistId: HallInput.shape.defaultPlaylistId.nullable(),
});

export function hallRoutes(ctx: AppContext): Router {
  const { store, bus, clock, audit, queues } = ctx;
  const router = Router();
  router.get('/', allow(), (_req, res) => {
    res.json(store.list('halls'));
  });
  router.post('/', allow('admin'), async (req, res) => {
    const input = parseBody(req, HallInput);
    const hall: Hall = { ...input, id: newId('hall'), timezone: input.timezone ?? 'Asia/Shanghai', createdAt: new Date(clock()).toISOString() };
    await store.transact((tx) => tx.insert('halls', hall));
    audit.write({ who: actorName(res), action: 'hall.create', id: hall.id });
    bus.publish({ type: 'changed', collection: 'halls' });
    res.status(201).json(hall);
  });

  router.patch('/:id', allow('admin'), async (req, res) => {
    const id = req.params.id as string;
    const { callTemplate, defaultPlaylistId, ...patch } = parseBody(req, HallPatch);
    const updated = await store.transact((tx) => {
      const hall = tx.get('halls', id);
      if (!hall) throw notFound('营业厅', id);
      const referenced = [defaultPlaylistId, ...Object.values(patch.areaDefaults ?? {})].filter((p): p is string => typeof p === 'string');
      const missing = referenced.filter((p) => !tx.get('playlists', p));
      if (missing.length > 0) throw new HttpError(400, 'unknown_playlist', `播放列表不存在：${missing.join(', ')}`);
      const next: Hall = { ...hall, ...patch };
      if (callTemplate === null) delete next.callTemplate;
      else if (callTemplate !== undefined) next.callTemplate = callTemplate;
      if (defaultPlaylistId === null) delete next.defaultPlaylistId;
      else if (defaultPlaylistId !== undefined) next.defaultPlaylistId = defaultPlaylistId;
      return tx.replace('halls', next);
    });
    audit.write({ who: actorName(res), action: 'hall.update', id, fields: Object.keys(req.body as object) });
    bus.publish({ type: 'changed', collection: 'halls' });
    res.json(updated);
  });

  /** Current call per counter, the last calls and waiting counts: staff, or a token allowed in this hall. */
  router.get('/:id/queue-state', (req, res) => {
    const id = req.params.id as string;
    const p = principalOf(res);
    if (!p) throw new HttpError(401, 'unauthenticated', '请先登录，或使用 Authorization: Bearer <令牌>');
    if (!store.get('halls', id)) throw notFound('营业厅', id);
    if (p.kind === 'token' && p.token.hallIds.length > 0 && !p.token.hallIds.includes(id))
      throw new HttpError(403, 'forbidden', '此令牌不能读取该营业厅的排队状态');
    res.json(queues.get(id));
  });
  return router;
}
