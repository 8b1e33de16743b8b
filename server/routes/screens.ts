/**
 * Screens: CRUD for admins, list with live status and playerUrl for staff, "what plays at T and why"
 * from the same resolver the player runs, and provisioning-key rotation.
 */
import { Router, type Request } from 'express';
import { DEFAULT_RESOLUTION, Id, IsoInstant, ScreenInput, type Screen } from '../../content/model';
import { screenFromInput } from '../../content/screen-defaults';
import { resolve } from '../../content/schedule';
import { actorName } from '../auth/principal';
import { guard, permit, seen } from '../policy/guard';
import type { AppContext } from '../context';
import { HttpError, notFound } from '../http-error';
import { newId } from '../ids';
import { buildManifest } from '../manifest';
import { presentScreen } from '../screen-view';
import { createScreenshotFiles } from '../screenshot-files';
import { parseBody } from '../validate';

/** A partial screen; `defaultPlaylistId: null` / `layoutId: null` clear the screen's own default content / layout. */
const ScreenPatch = ScreenInput.partial().extend({ defaultPlaylistId: Id.nullable().optional(), layoutId: Id.nullable().optional() });

export function screenRoutes(ctx: AppContext): Router {
  const { store, bus, clock, audit } = ctx;
  const router = Router();
  const screenshots = createScreenshotFiles(ctx.screenshotDir);
  // Device key hashes never leave the server: screen-view.ts is the one place that strips them.
  const present = (req: Request, s: Screen) => presentScreen(ctx, req, s);
  const screenOr404 = (id: string): Screen => store.get('screens', id) ?? (() => { throw notFound('屏幕', id); })();
  const checkHall = (hallId: string): void => {
    if (!store.get('halls', hallId)) throw new HttpError(400, 'unknown_hall', `营业厅 ${hallId} 不存在`);
  };
  const checkLayout = (layoutId: string | null | undefined): void => {
    if (layoutId && !store.get('layouts', layoutId)) throw new HttpError(400, 'unknown_layout', `布局 ${layoutId} 不存在`);
  };

  router.get('/', permit('read'), (req, res) => {
    const see = seen(res);
    res.json(store.list('screens').filter((s) => see([s.hallId])).map((s) => present(req, s)));
  });
  router.get('/:id', permit('read'), (req, res) => {
    const screen = screenOr404(req.params.id as string);
    guard(res, 'read', [screen.hallId]);
    res.json(present(req, screen));
  });

  router.post('/', permit('screen.admin'), async (req, res) => {
    const input = parseBody(req, ScreenInput);
    guard(res, 'screen.admin', [input.hallId]);
    checkHall(input.hallId);
    checkLayout(input.layoutId);
    if (input.defaultPlaylistId && !store.get('playlists', input.defaultPlaylistId))
      throw new HttpError(400, 'unknown_playlist', `播放列表 ${input.defaultPlaylistId} 不存在`);
    const screen = screenFromInput(input, newId('scr'), new Date(clock()).toISOString());
    await store.transact((tx) => tx.insert('screens', screen));
    audit.write({ who: actorName(res), action: 'screen.create', id: screen.id });
    bus.publish({ type: 'changed', collection: 'screens' });
    res.status(201).json(present(req, screen));
  });

  router.patch('/:id', permit('screen.admin'), async (req, res) => {
    const patch = parseBody(req, ScreenPatch);
    const old = screenOr404(req.params.id as string);
    guard(res, 'screen.admin', [old.hallId, patch.hallId ?? old.hallId]);
    if (patch.hallId) checkHall(patch.hallId);
    checkLayout(patch.layoutId);
    const updated = await store.transact((tx) => {
      const s = tx.get('screens', req.params.id as string);
      if (!s) throw notFound('屏幕', req.params.id as string);
      const { defaultPlaylistId, layoutId, ...rest } = patch;
      const next: Screen = { ...s, ...rest, counters: patch.counters ?? s.counters, tags: patch.tags ?? s.tags };
      if (layoutId === null) delete next.layoutId;
      else if (layoutId !== undefined) next.layoutId = layoutId;
      if (defaultPlaylistId === null) delete next.defaultPlaylistId;
      else if (defaultPlaylistId !== undefined) {
        if (!tx.get('playlists', defaultPlaylistId)) throw new HttpError(400, 'unknown_playlist', `播放列表 ${defaultPlaylistId} 不存在`);
        next.defaultPlaylistId = defaultPlaylistId;
      }
      if (patch.kind && !patch.resolution) next.resolution = s.kind === patch.kind ? s.resolution : DEFAULT_RESOLUTION[patch.kind];
      return tx.replace('screens', next);
    });
    audit.write({ who: actorName(res), action: 'screen.update', id: updated.id });
    bus.publish({ type: 'changed', collection: 'screens' });
    res.json(present(req, updated));
  });

  router.delete('/:id', permit('screen.admin'), async (req, res) => {
    const id = req.params.id as string;
    const old = screenOr404(id);
    guard(res, 'screen.admin', [old.hallId]);
    const removed = await store.transact((tx) => tx.remove('screens', id));
    if (!removed) throw notFound('屏幕', id);
    await screenshots.removeAll(id);
    audit.write({ who: actorName(res), action: 'screen.delete', id, hallId: old.hallId });
    bus.publish({ type: 'changed', collection: 'screens' });
    res.status(204).end();
  });

  /** Revokes the current key: connected players are dropped and the new playerUrl must be used. */
  router.post('/:id/rotate-key', permit('screen.admin'), async (req, res) => {
    guard(res, 'screen.admin', [screenOr404(req.params.id as string).hallId]);
    const updated = await store.transact((tx) => {
      const s = tx.get('screens', req.params.id as string);
      if (!s) throw notFound('屏幕', req.params.id as string);
      return tx.replace('screens', { ...s, keyGeneration: s.keyGeneration + 1 });
    });
    audit.write({ who: actorName(res), action: 'screen.rotateKey', id: updated.id });
    bus.publish({ type: 'changed', collection: 'screens' });
    res.json(present(req, updated));
  });

  // Remote commands, devices, screenshots and `/status` live in screen-live.ts, screen-devices.ts, screenshots.ts.

  router.get('/:id/resolve', permit('read'), (req, res) => {
    const screen = screenOr404(req.params.id as string);
    guard(res, 'read', [screen.hallId]);
    const atRaw = typeof req.query.at === 'string' ? req.query.at : undefined;
    if (atRaw !== undefined && !IsoInstant.safeParse(atRaw).success)
      throw new HttpError(400, 'bad_at', '参数 at 需要 ISO 时间，例如 2026-11-27T09:00:00+08:00');
    const at = atRaw ? Date.parse(atRaw) : clock();
    const manifest = buildManifest(store, screen.id, at, { allSlides: true });
    if (!manifest) throw notFound('屏幕所属营业厅', screen.hallId);
    const result = resolve(manifest, at);
    const slides = new Map(manifest.slides.map((s) => [s.id, s]));
    res.json({
      at: new Date(at).toISOString(),
      // The zone the trace words its times in, so a client can show the rest on the same clock.
      timezone: manifest.hall.timezone,
      ...result,
      items: result.items.map((i) => ({ ...i, title: slides.get(i.slideId)?.title ?? manifest.hall.name })),
    });
  });
  return router;
}
