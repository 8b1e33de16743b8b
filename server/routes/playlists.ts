/** Playlists: ordered slides with per-item duration overrides. */
import { Router, type Response } from 'express';
import { PlaylistInput, type Playlist } from '../../content/model';
import { actorName } from '../auth/principal';
import type { Action } from '../policy/access';
import { hallsOfContent } from '../policy/object-halls';
import { guard, ownerHalls, permit, seen } from '../policy/guard';
import type { AppContext } from '../context';
import { HttpError, notFound } from '../http-error';
import { newId } from '../ids';
import type { Transaction } from '../store/store';
import { parseBody } from '../validate';

export function playlistRoutes(ctx: AppContext): Router {
  const { store, bus, clock, audit } = ctx;
  const router = Router();
  const checkSlides = (tx: Transaction, input: PlaylistInput): void => {
    const missing = input.items.filter((i) => !tx.get('slides', i.slideId)).map((i) => i.slideId);
    if (missing.length > 0) throw new HttpError(400, 'unknown_slide', `幻灯片不存在：${[...new Set(missing)].join(', ')}`);
  };
  /** A hall-limited user's playlist may only hold slides they can see. */
  const guardRefs = (res: Response, input: PlaylistInput): void => {
    for (const { slideId } of input.items) {
      const s = store.get('slides', slideId);
      if (s) guard(res, 'read', hallsOfContent(s));
    }
  };
  const changed = (action: string, id: string, who: string) => {
    audit.write({ who, action, id });
    bus.publish({ type: 'changed', collection: 'playlists' });
  };

  /** The stored playlist when the caller may act on it (hall scope, policy.ts). */
  const scoped = (res: Response, id: string, action: Action): Playlist => {
    const o = store.get('playlists', id);
    if (!o) throw notFound('播放列表', id);
    guard(res, action, hallsOfContent(o));
    return o;
  };

  router.get('/', permit('read'), (_req, res) => {
    const see = seen(res);
    res.json(store.list('playlists').filter((o) => see(hallsOfContent(o))));
  });
  router.get('/:id', permit('read'), (req, res) => {
    res.json(scoped(res, req.params.id as string, 'read'));
  });

  router.post('/', permit('content.write'), async (req, res) => {
    const input = parseBody(req, PlaylistInput);
    guardRefs(res, input);
    const now = new Date(clock()).toISOString();
    const playlist: Playlist = { id: newId('pl'), ...input, createdAt: now, updatedAt: now, ...ownerHalls(res) };
    await store.transact((tx) => {
      checkSlides(tx, input);
      tx.insert('playlists', playlist);
    });
    changed('playlist.create', playlist.id, actorName(res));
    res.status(201).json(playlist);
  });

  router.put('/:id', permit('content.write'), async (req, res) => {
    const input = parseBody(req, PlaylistInput);
    const id = req.params.id as string;
    scoped(res, id, 'content.write');
    guardRefs(res, input);
    const playlist = await store.transact((tx) => {
      const old = tx.get('playlists', id);
      if (!old) throw notFound('播放列表', id);
      checkSlides(tx, input);
      return tx.replace('playlists', { ...old, ...input, updatedAt: new Date(clock()).toISOString() });
    });
    changed('playlist.update', id, actorName(res));
    res.json(playlist);
  });

  router.delete('/:id', permit('content.write'), async (req, res) => {
    const id = req.params.id as string;
    scoped(res, id, 'content.write');
    await store.transact((tx) => {
      if (!tx.get('playlists', id)) throw notFound('播放列表', id);
      const users = tx.list('schedules').filter((s) => s.playlistId === id);
      if (users.length > 0) throw new HttpError(409, 'in_use', `播放列表仍被排期「${users.map((s) => s.name).join('」「')}」使用，请先删除排期`);
      const defaults = [
        ...tx.list('halls').filter((h) => h.defaultPlaylistId === id || Object.values(h.areaDefaults ?? {}).includes(id)).map((h) => `营业厅「${h.name}」`),
        ...tx.list('screens').filter((sc) => sc.defaultPlaylistId === id).map((sc) => `屏幕「${sc.name}」`),
      ];
      if (defaults.length > 0) throw new HttpError(409, 'in_use', `播放列表是${defaults.join('、')}的默认内容，请先更换默认内容`);
      const zones = tx
        .list('layouts')
        .flatMap((l) => l.zones.filter((z) => z.content.type === 'playlist' && z.content.playlistId === id).map((z) => `布局「${l.name}」的区域「${z.name}」`));
      if (zones.length > 0) throw new HttpError(409, 'in_use', `播放列表仍被${zones.join('、')}使用，请先更换该区域的内容`);
      tx.remove('playlists', id);
    });
    changed('playlist.delete', id, actorName(res));
    res.status(204).end();
  });
  return router;
}
