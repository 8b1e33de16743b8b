/**
 * Slides and their review workflow: draft → pending (submitted) → approved (by an admin or reviewer),
 * or rejected with a reason back to draft. Any edit sends the working copy back to draft; the
 * published (last approved) version stays on air until the edit is approved, so what reaches a
 * screen is always what a reviewer approved and a typo fix never takes a notice off the screens.
 * Every step is kept in the slide's `review` history.
 */
import { Router, type Response } from 'express';
import type { Action } from '../policy/access';
import { MAX_SLIDE_MS, MIN_SLIDE_MS, RejectInput, SlideInput, type ReviewEvent, type Slide } from '../../content/model';
import { keptPublished } from '../../content/slide-versions';
import { actorName, requireUser } from '../auth/principal';
import { hallsOfContent } from '../policy/object-halls';
import { guard, ownerHalls, permit, seen } from '../policy/guard';
import type { AppContext } from '../context';
import { HttpError, notFound } from '../http-error';
import { completeKioskApp } from '../kiosk-app';
import { newId } from '../ids';
import { deleteSlide, reviewSlide } from '../slides/slide-steps';
import { slideBulkRoutes } from '../slides/bulk';
import { guardSlideRefs } from '../policy/slide-refs';
import { slideMedia } from '../slide-media';
import { parseBody } from '../validate';

export function slideRoutes(ctx: AppContext): Router {
  const { store, bus, clock, audit } = ctx;
  const router = Router();

  /** Checks what zod cannot see alone (media exists, validity order) and fills derived fields. */
  const complete = (input: SlideInput, base: Pick<Slide, 'id' | 'createdAt' | 'status' | 'published' | 'review' | 'rejection'>): Slide => {
    if (input.validFrom && input.validTo && Date.parse(input.validFrom) >= Date.parse(input.validTo))
      throw new HttpError(400, 'bad_validity', '生效时间必须早于失效时间');
    if (input.type === 'kioskApp') input = completeKioskApp(store, input);
    if (input.type === 'outageNotice' && Date.parse(input.start) >= Date.parse(input.end))
      throw new HttpError(400, 'bad_outage_window', '停电开始时间必须早于结束时间');
    const { fileDurationMs, ...media } = slideMedia(store, input);
    // "Duration from the file": a video slide without its own duration plays the whole clip once.
    const duration = input.durationMs === undefined && fileDurationMs ? { durationMs: fileDurationMs } : {};
    const kept = Object.fromEntries(Object.entries(base).filter(([, v]) => v !== undefined));
    return { ...input, ...duration, ...media, ...kept, updatedAt: new Date(clock()).toISOString() } as Slide;
  };
  const changed = (action: string, id: string, who: string) => {
    audit.write({ who, action, id });
    bus.publish({ type: 'changed', collection: 'slides' });
  };
  /** The review step the caller takes now. */
  const step = (res: Parameters<typeof requireUser>[0], action: ReviewEvent['action'], reason?: string): ReviewEvent => {
    const user = requireUser(res);
    return { action, by: user.username, byName: user.displayName || user.username, at: new Date(clock()).toISOString(), ...(reason !== undefined && { reason }) };
  };
  const review = reviewSlide;

  /** The stored slide when the caller may act on it (hall scope, policy.ts). */
  const scoped = (res: Response, id: string, action: Action): Slide => {
    const s = store.get('slides', id);
    if (!s) throw notFound('幻灯片', id);
    guard(res, action, hallsOfContent(s));
    return s;
  };

  router.use(slideBulkRoutes(ctx, step, complete));

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
    guardSlideRefs(res, store, input);
    const slide = { ...complete(input, { id: newId('sld'), createdAt: new Date(clock()).toISOString(), status: 'draft' }), ...ownerHalls(res) };
    await store.transact((tx) => tx.insert('slides', slide));
    changed('slide.create', slide.id, actorName(res));
    res.status(201).json(slide);
  });

  router.put('/:id', permit('content.write'), async (req, res) => {
    const input = parseBody(req, SlideInput);
    const id = req.params.id as string;
    const { ownerHallIds } = scoped(res, id, 'content.write');
    guardSlideRefs(res, store, input);
    const slide = await store.transact((tx) => {
      const old = tx.get('slides', id);
      if (!old) throw notFound('幻灯片', id);
      // The working copy becomes a draft; what was approved keeps playing until this edit is.
      return tx.replace('slides', { ...complete(input, { id, createdAt: old.createdAt, status: 'draft', published: keptPublished(old), review: old.review, rejection: old.rejection }), ...(ownerHallIds && { ownerHallIds }) });
    });
    changed('slide.update', id, actorName(res));
    res.json(slide);
  });

  router.post('/:id/submit', permit('content.write'), async (req, res) => {
    scoped(res, req.params.id as string, 'content.write');
    const event = step(res, 'submitted');
    const slide = await store.transact((tx) => review(tx, req.params.id as string, 'pending', event));
    changed('slide.submit', slide.id, actorName(res));
    res.json(slide);
  });

  router.post('/:id/approve', permit('slide.approve'), async (req, res) => {
    scoped(res, req.params.id as string, 'slide.approve');
    const event = step(res, 'approved');
    const slide = await store.transact((tx) => review(tx, req.params.id as string, 'approved', event));
    changed('slide.approve', slide.id, actorName(res));
    res.json(slide);
  });

  router.post('/:id/reject', permit('slide.approve'), async (req, res) => {
    scoped(res, req.params.id as string, 'slide.approve');
    const parsed = RejectInput.safeParse(req.body ?? {});
    if (!parsed.success) throw new HttpError(400, 'reason_required', parsed.error.issues[0]?.message ?? '请填写驳回理由');
    const { reason } = parsed.data;
    const event = step(res, 'rejected', reason);
    const slide = await store.transact((tx) => review(tx, req.params.id as string, 'draft', event));
    changed('slide.reject', slide.id, actorName(res));
    res.json(slide);
  });

  router.delete('/:id', permit('content.write'), async (req, res) => {
    const id = req.params.id as string;
    scoped(res, id, 'content.write');
    await store.transact((tx) => deleteSlide(tx, id));
    changed('slide.delete', id, actorName(res));
    res.status(204).end();
  });
  return router;
}
