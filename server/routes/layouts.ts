/**
 * Layouts: zones of a screen fed by the schedule's playlist, playlists of their own or live widgets.
 * Templates per screen kind come from content/; staff save adjusted copies. A layout in use by a
 * schedule entry or a screen cannot be deleted (screens would silently change shape).
 */
import { Router, type Response } from 'express';
import { LayoutInput, type Layout } from '../../content/model';
import { LAYOUT_TEMPLATES } from '../../content/layout-templates';
import { actorName, requireUser } from '../auth/principal';
import type { Action } from '../policy/access';
import { hallsOfContent } from '../policy/object-halls';
import { guard, ownerHalls, permit, seen } from '../policy/guard';
import { approveTickers } from '../../content/ticker-review';
import type { AppContext } from '../context';
import { HttpError, notFound } from '../http-error';
import { newId } from '../ids';
import type { Transaction } from '../store/store';
import { parseBody } from '../validate';

/** Refuses zones that name playlists that do not exist, naming the zone. */
export function checkLayoutRefs(tx: Pick<Transaction, 'get'>, input: LayoutInput): void {
  for (const zone of input.zones)
    if (zone.content.type === 'playlist' && !tx.get('playlists', zone.content.playlistId))
      throw new HttpError(400, 'unknown_playlist', `区域「${zone.name}」的播放列表 ${zone.content.playlistId} 不存在`);
}

export function layoutRoutes(ctx: AppContext): Router {
  const { store, bus, clock, audit } = ctx;
  const router = Router();
  /** A hall-limited user's layout may only feed zones from playlists they can see. */
  const guardRefs = (res: Response, input: LayoutInput): void => {
    for (const zone of input.zones) {
      const p = zone.content.type === 'playlist' ? store.get('playlists', zone.content.playlistId) : undefined;
      if (p) guard(res, 'read', hallsOfContent(p));
    }
  };
  const changed = (action: string, id: string, who: string) => {
    audit.write({ who, action, id });
    bus.publish({ type: 'changed', collection: 'layouts' });
  };

  /** The stored layout when the caller may act on it (hall scope, policy.ts). */
  const scoped = (res: Response, id: string, action: Action): Layout => {
    const o = store.get('layouts', id);
    if (!o) throw notFound('布局', id);
    guard(res, action, hallsOfContent(o));
    return o;
  };

  router.get('/', permit('read'), (_req, res) => {
    const see = seen(res);
    res.json(store.list('layouts').filter((o) => see(hallsOfContent(o))));
  });
  router.get('/:id', permit('read'), (req, res) => {
    res.json(scoped(res, req.params.id as string, 'read'));
  });

  router.post('/', permit('content.write'), async (req, res) => {
    const input = parseBody(req, LayoutInput);
    guardRefs(res, input);
    const now = new Date(clock()).toISOString();
    const layout: Layout = { id: newId('lay'), ...input, createdAt: now, updatedAt: now, ...ownerHalls(res) };
    await store.transact((tx) => {
      checkLayoutRefs(tx, input);
      tx.insert('layouts', layout);
    });
    changed('layout.create', layout.id, actorName(res));
    res.status(201).json(layout);
  });

  router.put('/:id', permit('content.write'), async (req, res) => {
    const input = parseBody(req, LayoutInput);
    const id = req.params.id as string;
    scoped(res, id, 'content.write');
    guardRefs(res, input);
    const layout = await store.transact((tx) => {
      const old = tx.get('layouts', id);
      if (!old) throw notFound('布局', id);
      checkLayoutRefs(tx, input);
      // Absent optional fields must clear, not keep the old value.
      const { template: _t, ...kept } = old;
      return tx.replace('layouts', { ...kept, ...input, updatedAt: new Date(clock()).toISOString() });
    });
    changed('layout.update', id, actorName(res));
    res.json(layout);
  });

  // Ticker text is free text on screens: it plays only once a reviewer approved it (content/ticker-review.ts).
  router.post('/:id/approve', permit('slide.approve'), async (req, res) => {
    const id = req.params.id as string;
    scoped(res, id, 'slide.approve');
    const user = requireUser(res);
    const at = new Date(clock()).toISOString();
    const layout = await store.transact((tx) => {
      const old = tx.get('layouts', id);
      if (!old) throw notFound('布局', id);
      return tx.replace('layouts', { ...old, approvedTickers: approveTickers(old, { by: user.username, byName: user.displayName || user.username, at }) });
    });
    changed('layout.approve', id, actorName(res));
    res.json(layout);
  });

  router.delete('/:id', permit('content.write'), async (req, res) => {
    const id = req.params.id as string;
    scoped(res, id, 'content.write');
    await store.transact((tx) => {
      if (!tx.get('layouts', id)) throw notFound('布局', id);
      const users = [
        ...tx.list('schedules').filter((s) => s.layoutId === id).map((s) => `排期「${s.name}」`),
        ...tx.list('screens').filter((s) => s.layoutId === id).map((s) => `屏幕「${s.name}」`),
      ];
      if (users.length > 0) throw new HttpError(409, 'in_use', `布局仍被${users.join('、')}使用，请先改用其他布局`);
      tx.remove('layouts', id);
    });
    changed('layout.delete', id, actorName(res));
    res.status(204).end();
  });
  return router;
}

/** `GET /api/layout-templates`: what "新建布局" starts from, per screen kind. */
export function layoutTemplateRoutes(): Router {
  const router = Router();
  router.get('/', permit('read'), (_req, res) => {
    res.json(LAYOUT_TEMPLATES.map((t) => ({ id: t.id, label: t.label, kind: t.kind, layout: t.build() })));
  });
  return router;
}
