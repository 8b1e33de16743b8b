/**
 * Slides and their review workflow: draft → pending (submitted) → approved (by an admin). Any edit
 * sends a slide back to draft, so what reaches a screen is always what an admin approved.
 */
import { Router, type Response } from 'express';
import type { Action } from '../policy/access';
import { MAX_SLIDE_MS, MIN_SLIDE_MS, SlideInput, type ReviewStatus, type Slide } from '../../content/model';
import { actorName } from '../auth/principal';
import { hallsOfContent } from '../policy/object-halls';
import { guard, ownerHalls, permit, seen } from '../policy/guard';
import type { AppContext } from '../context';
import { HttpError, notFound } from '../http-error';
import { kioskSlideRefs } from '../../content/kiosk-model';
import { completeKioskApp } from '../kiosk-app';
import { newId } from '../ids';
import type { Transaction } from '../store/store';
import { slideMedia } from '../slide-media';
import { parseBody } from '../validate';

export function slideRoutes(ctx: AppContext): Router {
  const { store, bus, clock, audit } = ctx;
  const router = Router();

  /** Checks what zod cannot see alone (media exists, validity order) and fills derived fields. */
  const complete = (input: SlideInput, base: { id: string; createdAt: string; status: ReviewStatus }): Slide => {
    if (input.validFrom && input.validTo && Date.parse(input.validFrom) >= Date.parse(input.validTo))
      throw new HttpError(400, 'bad_validity', '生效时间必须早于失效时间');
    if (input.type === 'kioskApp') input = completeKioskApp(store, input);
    if (input.type === 'outageNotice' && Date.parse(input.start) >= Date.parse(input.end))
      throw new HttpError(400, 'bad_outage_window', '停电开始时间必须早于结束时间');
    const { fileDurationMs, ...media } = slideMedia(store, input);
    // "Duration from the file": a video slide without its own duration plays the whole clip once.
    const duration = input.durationMs === undefined && fileDurationMs ? { durationMs: fileDurationMs } : {};
    return { ...input, ...duration, ...media, ...base, updatedAt: new Date(clock()).toISOString() } as Slide;
  };
  const changed = (action: string, id: string, who: string) => {
    audit.write({ who, action, id });
    bus.publish({ type: 'changed', collection: 'slides' });
  };
  const setStatus = (tx: Transaction, id: string, status: ReviewStatus): Slide => {
    const s = tx.get('slides', id);
    if (!s) throw notFound('幻灯片', id);
    return tx.replace('slides', { ...s, status, updatedAt: new Date(clock()).toISOString() });
  };

  /** The stored slide when the caller may act on it (hall scope, policy.ts). */
  const scoped = (res: Response, id: string, action: Action): Slide => {
    const s = store.get('slides', id);
    if (!s) throw notFound('幻灯片', id);
    guard(res, action, hallsOfContent(s));
    return s;
  };

  router.get('/', permit('read'), (_req, res) => {
    const see = seen(res);
    res.json(store.list('slides').filter((s) => see(hallsOfContent(s))));
  });
  router.get('/:id', permit('read'), (req, res) => {
    const s = scoped(res, req.params.id as string, 'read');
    res.json(s);
  });

  router.post('/', permit('content.write'), async (req, res) => {
    const input = parseBody(req, SlideInput);
    const slide = { ...complete(input, { id: newId('sld'), createdAt: new Date(clock()).toISOString(), status: 'draft' }), ...ownerHalls(res) };
    await store.transact((tx) => tx.insert('slides', slide));
    changed('slide.create', slide.id, actorName(res));
    res.status(201).json(slide);
  });

  router.put('/:id', permit('content.write'), async (req, res) => {
    const input = parseBody(req, SlideInput);
    const id = req.params.id as string;
    const { ownerHallIds } = scoped(res, id, 'content.write');
    const slide = await store.transact((tx) => {
      const old = tx.get('slides', id);
      if (!old) throw notFound('幻灯片', id);
      return tx.replace('slides', { ...complete(input, { id, createdAt: old.createdAt, status: 'draft' }), ...(ownerHallIds && { ownerHallIds }) });
    });
    changed('slide.update', id, actorName(res));
    res.json(slide);
  });

  router.post('/:id/submit', permit('content.write'), async (req, res) => {
    scoped(res, req.params.id as string, 'content.write');
    const slide = await store.transact((tx) => setStatus(tx, req.params.id as string, 'pending'));
    changed('slide.submit', slide.id, actorName(res));
    res.json(slide);
  });

  router.post('/:id/approve', permit('slide.approve'), async (req, res) => {
    scoped(res, req.params.id as string, 'slide.approve');
    const slide = await store.transact((tx) => setStatus(tx, req.params.id as string, 'approved'));
    changed('slide.approve', slide.id, actorName(res));
    res.json(slide);
  });

  router.delete('/:id', permit('content.write'), async (req, res) => {
    const id = req.params.id as string;
    scoped(res, id, 'content.write');
    await store.transact((tx) => {
      if (!tx.get('slides', id)) throw notFound('幻灯片', id);
      const users = tx.list('playlists').filter((p) => p.items.some((i) => i.slideId === id));
      if (users.length > 0)
        throw new HttpError(409, 'in_use', `幻灯片仍在播放列表「${users.map((p) => p.name).join('」「')}」中，请先移除`);
      const apps = tx.list('slides').filter((s) => s.type === 'kioskApp' && kioskSlideRefs(s.pages).includes(id));
      if (apps.length > 0)
        throw new HttpError(409, 'in_use', `幻灯片是触摸查询应用「${apps.map((a) => a.title).join('」「')}」中的页面，请先在应用中移除该页面`);
      tx.remove('slides', id);
    });
    changed('slide.delete', id, actorName(res));
    res.status(204).end();
  });
  return router;
}
