/** Halls (营业厅): list for staff; create, change and set slide-text variables for admins; each hall's queue board state. */
import { Router } from 'express';
import { z } from 'zod';
import { HallInput, HallVariables, type Hall } from '../../content/model';
import { actorName } from '../auth/principal';
import { decide } from '../policy/access';
import { actorOf, guard, permit, seen } from '../policy/guard';
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

/** The whole set of a hall's own variables; `{}` removes them all. */
const VariablesBody = z.object({ variables: HallVariables });

export function hallRoutes(ctx: AppContext): Router {
  const { store, bus, clock, audit, queues } = ctx;
  const router = Router();
  router.get('/', permit('read'), (_req, res) => {
    const see = seen(res);
    const actor = actorOf(res);
    // A robot webhook URL holds the group's key: only those who may change the hall see it.
    const present = (h: Hall): Hall => {
      if (!h.alerts?.webhook || decide(actor, 'hall.admin', [h.id]).ok) return h;
      return { ...h, alerts: { ...h.alerts, webhook: { ...h.alerts.webhook, url: '（仅管理员可见）' } } };
    };
    res.json(store.list('halls').filter((h) => see([h.id])).map(present));
  });
  router.post('/', permit('system'), async (req, res) => {
    const input = parseBody(req, HallInput);
    const hall: Hall = { ...input, id: newId('hall'), timezone: input.timezone ?? 'Asia/Shanghai', createdAt: new Date(clock()).toISOString() };
    await store.transact((tx) => tx.insert('halls', hall));
    audit.write({ who: actorName(res), action: 'hall.create', id: hall.id });
    bus.publish({ type: 'changed', collection: 'halls' });
    res.status(201).json(hall);
  });

  router.patch('/:id', permit('hall.admin'), async (req, res) => {
    const id = req.params.id as string;
    guard(res, 'hall.admin', [id]);
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
    audit.write({ who: actorName(res), action: 'hall.update', id, hallId: id, fields: Object.keys(req.body as object) });
    bus.publish({ type: 'changed', collection: 'halls' });
    res.json(updated);
  });

  // Every screen of the hall gets a new manifest: the hall (and the text filled from it) is in its hash.
  router.put('/:id/variables', permit('hall.variables'), async (req, res) => {
    const id = req.params.id as string;
    if (!store.get('halls', id)) throw notFound('营业厅', id);
    guard(res, 'hall.variables', [id]);
    const { variables } = parseBody(req, VariablesBody);
    const updated = await store.transact((tx) => {
      const hall = tx.get('halls', id);
      if (!hall) throw notFound('营业厅', id);
      const next: Hall = { ...hall, variables };
      if (Object.keys(variables).length === 0) delete next.variables;
      return tx.replace('halls', next);
    });
    audit.write({ who: actorName(res), action: 'hall.variables', id, hallId: id, fields: Object.keys(variables) });
    bus.publish({ type: 'changed', collection: 'halls' });
    res.json(updated);
  });

  /** Current call per counter, the last calls and waiting counts: staff, or a token allowed in this hall. */
  router.get('/:id/queue-state', (req, res) => {
    const id = req.params.id as string;
    guard(res, 'queue.read');
    if (!store.get('halls', id)) throw notFound('营业厅', id);
    guard(res, 'queue.read', [id]);
    res.json(queues.get(id));
  });
  return router;
}
