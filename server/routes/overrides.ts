/**
 * Live overrides by operators: emergency notices (停电通知) that take over screens, and messages.
 * They travel inside manifests, so a screen that reconnects or reloads still shows what is active.
 */
import { Router } from 'express';
import { OverrideInput, overrideDisplay, type Override } from '../../content/model';
import { targetsScreen } from '../../content/targeting';
import { actorDisplayNames } from '../auth/display-name';
import { actorName } from '../auth/principal';
import { hallsOfTarget } from '../policy/object-halls';
import { guard, permit, seen } from '../policy/guard';
import type { AppContext } from '../context';
import { HttpError, notFound } from '../http-error';
import { newId } from '../ids';
import { overrideLive } from '../manifest';
import { ackReport } from '../queue/ack-report';
import { parseBody } from '../validate';
import { checkTargetRefs } from './schedules';

export function overrideRoutes(ctx: AppContext): Router {
  const { store, bus, clock, audit, acks } = ctx;
  const router = Router();

  router.get('/', permit('read'), (_req, res) => {
    const see = seen(res);
    const nameOf = actorDisplayNames(store);
    const live = store.list('overrides').filter((o) => overrideLive(o, clock()) && see(hallsOfTarget(store, o.target)));
    res.json(live.map((o) => ({ ...o, createdByName: nameOf(o.createdBy) })));
  });

  router.post('/', permit('override.write'), async (req, res) => {
    const now = clock();
    const input = parseBody(req, OverrideInput);
    const halls = hallsOfTarget(store, input.target);
    guard(res, 'override.write', halls);
    if (input.expiresAt && Date.parse(input.expiresAt) <= now) throw new HttpError(400, 'already_expired', 'expiresAt 已经过去，请设置将来的时间');
    if (input.kind === 'message' && input.display === 'fullscreen')
      throw new HttpError(400, 'message_is_banner', '信息提示只能以横幅显示；需要全屏接管请发布紧急通知');
    const override: Override = { id: newId('ovr'), ...input, createdAt: new Date(now).toISOString(), createdBy: actorName(res) };
    await store.transact((tx) => {
      checkTargetRefs(tx, input.target);
      // Expired overrides are dropped here, so the list never grows without bound.
      tx.retain('overrides', (o) => overrideLive(o, now));
      tx.insert('overrides', override);
    });
    const screenIds = store.list('screens').filter((s) => targetsScreen(override.target, s)).map((s) => s.id);
    acks.track('override', override.id, now, screenIds);
    audit.write({
      who: actorName(res),
      action: `override.${override.kind}`,
      id: override.id,
      title: override.title,
      body: override.body,
      target: override.target,
      targets: screenIds.length,
      ...(halls !== 'all' && { hallIds: halls }),
      display: overrideDisplay(override),
      ...(override.expiresAt && { expiresAt: override.expiresAt }),
    });
    bus.publish({ type: 'changed', collection: 'overrides' });
    res.status(201).json({ ...override, createdByName: actorDisplayNames(store)(override.createdBy) });
  });

  router.delete('/:id', permit('override.write'), async (req, res) => {
    const id = req.params.id as string;
    const old = store.get('overrides', id);
    const halls = old ? hallsOfTarget(store, old.target) : 'all';
    if (old) guard(res, 'override.write', halls);
    const removed = await store.transact((tx) => {
      const o = tx.get('overrides', id);
      if (o) tx.remove('overrides', id);
      return o;
    });
    if (!removed) throw notFound('插播', id);
    audit.write({ who: actorName(res), action: 'override.clear', id, kind: removed.kind, title: removed.title, createdBy: removed.createdBy, ...(halls !== 'all' && { hallIds: halls }) });
    bus.publish({ type: 'changed', collection: 'overrides' });
    res.status(204).end();
  });
  /** Which targeted screens showed it and how fast; which did not. */
  router.get('/:id/acks', permit('read'), (req, res) => {
    const id = req.params.id as string;
    const old = store.get('overrides', id);
    if (old) guard(res, 'read', hallsOfTarget(store, old.target));
    const report = ackReport({ acks, store, status: (s) => ctx.players.status(s) }, 'override', id);
    if (!report) throw notFound('插播', id);
    res.json(report);
  });
  return router;
}
