/**
 * `POST /api/preview/manifest`: a manifest for what staff are editing — an unsaved slide, an unsaved
 * layout, a playlist — on a screen that may not exist yet. The editor feeds it to the real player in
 * preview mode, so what staff see is what plays. In a preview everything counts as approved, valid
 * now and inside business hours: staff want to see the notice that starts tomorrow, tonight.
 */
import { Router } from 'express';
import { DEFAULT_SLIDE_MS, LayoutInput, SlideInput, type Layout, type Playlist, type Slide } from '../../content/model';
import { hallVariables, layoutForHall, slideForHall } from '../../content/hall-variables';
import { kioskSlideRefs } from '../../content/kiosk-model';
import { PreviewRequest } from '../../content/preview';
import { screenFromInput } from '../../content/screen-defaults';
import { hallsOfContent } from '../policy/object-halls';
import { guard, permit, seen } from '../policy/guard';
import type { AppContext } from '../context';
import { HttpError, notFound } from '../http-error';
import { completeKioskApp } from '../kiosk-app';
import { assetsOf, sealManifest } from '../manifest';
import { guardSlideRefs } from '../policy/slide-refs';
import { slideMedia } from '../slide-media';
import { parseBody } from '../validate';

const PREVIEW_SCREEN = 'preview-screen';
const PREVIEW_PLAYLIST = 'preview-playlist';
const PREVIEW_LAYOUT = 'preview-layout';
const PREVIEW_SLIDE = 'preview-slide';

/** Shown only for preview; never stored. */
const asPreviewed = (s: Slide): Slide => {
  const { validFrom: _f, validTo: _t, ...rest } = s;
  return { ...rest, status: 'approved' } as Slide;
};

export function previewRoutes(ctx: AppContext): Router {
  const { store, clock } = ctx;
  const router = Router();

  router.post('/manifest', permit('preview'), (req, res) => {
    const body = parseBody(req, PreviewRequest);
    const now = clock();
    const stamp = new Date(now).toISOString();

    const stored = body.screenId ? store.get('screens', body.screenId) : undefined;
    if (body.screenId && !stored) throw notFound('屏幕', body.screenId);
    const see = seen(res);
    const hallId = stored?.hallId ?? body.hallId ?? store.list('halls').find((h) => see([h.id]))?.id;
    const hall = hallId ? store.get('halls', hallId) : undefined;
    if (!hall) throw new HttpError(400, 'unknown_hall', hallId ? `营业厅 ${hallId} 不存在` : '还没有营业厅，请先创建营业厅');
    guard(res, 'read', [hall.id]);

    let layout: Layout | undefined;
    if (body.layout !== undefined) {
      const input = LayoutInput.parse(body.layout);
      layout = { id: PREVIEW_LAYOUT, ...input, createdAt: stamp, updatedAt: stamp };
    } else if (body.layoutId) {
      layout = store.get('layouts', body.layoutId);
      if (!layout) throw notFound('布局', body.layoutId);
      guard(res, 'read', hallsOfContent(layout));
    } else if (stored?.layoutId) layout = store.get('layouts', stored.layoutId);

    const kind = body.kind ?? layout?.kind ?? stored?.kind ?? 'tv';
    const base = stored && (!body.kind || body.kind === stored.kind) ? stored : undefined;
    const { keyGeneration: _k, devices: _d, ...screenBase } =
      base ?? screenFromInput({ name: '预览', hallId: hall.id, area: 'waiting', kind, callDisplay: 'none' }, PREVIEW_SCREEN, stamp);
    const screen = { ...screenBase, ...(layout ? { layoutId: layout.id } : {}) };
    if (!layout) delete screen.layoutId;

    // The main zone: an unsaved slide, stored slides, or a stored playlist.
    const slides = new Map<string, Slide>();
    let items: Playlist['items'];
    if (body.slide !== undefined) {
      const parsed = SlideInput.parse(body.slide);
      guardSlideRefs(res, store, parsed);
      const input = parsed.type === 'kioskApp' ? completeKioskApp(store, parsed) : parsed;
      const { fileDurationMs, ...media } = slideMedia(store, input);
      const durationMs = input.durationMs ?? fileDurationMs ?? DEFAULT_SLIDE_MS;
      slides.set(PREVIEW_SLIDE, { ...input, ...media, durationMs, id: PREVIEW_SLIDE, status: 'approved', createdAt: stamp, updatedAt: stamp } as Slide);
      items = [{ slideId: PREVIEW_SLIDE }];
    } else {
      const playlist = body.playlistId ? store.get('playlists', body.playlistId) : undefined;
      if (body.playlistId && !playlist) throw notFound('播放列表', body.playlistId);
      if (playlist) guard(res, 'read', hallsOfContent(playlist));
      items = playlist?.items ?? (body.slideIds ?? []).map((slideId) => ({ slideId }));
    }
    const playlists: Playlist[] = [{ id: PREVIEW_PLAYLIST, name: '预览', items, createdAt: stamp, updatedAt: stamp }];
    for (const zone of layout?.zones ?? [])
      if (zone.content.type === 'playlist') {
        const p = store.get('playlists', zone.content.playlistId);
        if (p) playlists.push(p);
      }
    const add = (slideId: string): void => {
      if (slides.has(slideId)) return;
      const s = store.get('slides', slideId);
      if (!s) throw new HttpError(400, 'unknown_slide', `幻灯片 ${slideId} 不存在`);
      guard(res, 'read', hallsOfContent(s));
      slides.set(slideId, s);
    };
    for (const p of playlists) for (const { slideId } of p.items) add(slideId);
    // Kiosk apps open other slides as pages (and price slides drive the calculator).
    for (const s of [...slides.values()]) if (s.type === 'kioskApp') kioskSlideRefs(s.pages).forEach(add);
    // The previewed hall's variables, as that hall's screens will read them (hours included).
    const vars = hallVariables(hall);
    const shown = [...slides.values()].map((s) => slideForHall(asPreviewed(s), vars));
    // Previews play at any hour: no business hours, no exception days (the district's are left out too).
    const { hours: _h, exceptions: _x, ...openHall } = hall;
    const manifest = sealManifest(
      {
        screen,
        hall: openHall,
        schedules: [
          { id: 'preview-schedule', name: '预览', target: { screenIds: [screen.id] }, playlistId: PREVIEW_PLAYLIST, priority: 0, createdAt: stamp, updatedAt: stamp },
        ],
        playlists,
        slides: shown,
        overrides: [],
        layouts: layout ? [layoutForHall(layout, vars)] : [],
        assets: assetsOf(store, shown),
      },
      now,
    );
    res.json(manifest);
  });
  return router;
}
