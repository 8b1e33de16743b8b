/**
 * `POST /api/slides/bulk`: approve, delete, tag or untag many slides at once. The role must allow the
 * action at all (403 for the whole request, like the single routes); after that every slide is judged
 * on its own by the same policy and the same steps as its single route, inside one transaction, and
 * gets its own result and audit line — so "5 approved, 2 outside your halls" is visible, not an error.
 */
import { Router, type Response } from 'express';
import type { ReviewEvent } from '../../content/model';
import { SlideBulkInput, type SlideBulkAction, type SlideBulkResult } from '../../content/slide-bulk';
import { actorName } from '../auth/principal';
import type { AppContext } from '../context';
import { HttpError, notFound } from '../http-error';
import { decide, type Action } from '../policy/access';
import { actorOf, guard } from '../policy/guard';
import { hallsOfContent } from '../policy/object-halls';
import type { Transaction } from '../store/store';
import { parseBody } from '../validate';
import { deleteSlide, retagSlide, reviewSlide } from './slide-steps';
import { slidesFromMediaRoute, type CompleteSlide } from './from-media';

/** The review step the caller takes now (routes/slides.ts builds it from the session). */
export type StepOf = (res: Response, action: ReviewEvent['action']) => ReviewEvent;

const ACTION_OF: Record<SlideBulkAction, Action> = { approve: 'slide.approve', delete: 'content.write', tag: 'content.write', untag: 'content.write' };
const AUDIT_OF: Record<SlideBulkAction, string> = { approve: 'slide.approve', delete: 'slide.delete', tag: 'slide.tag', untag: 'slide.untag' };

export function slideBulkRoutes(ctx: AppContext, step: StepOf, complete: CompleteSlide): Router {
  const { store, bus, clock, audit } = ctx;
  const router = Router();

  router.post('/bulk', async (req, res) => {
    actorOf(res); // 401 before the body is judged
    const input = parseBody(req, SlideBulkInput);
    const action = ACTION_OF[input.action];
    const actor = guard(res, action);
    const ids = [...new Set(input.ids)];
    const at = new Date(clock()).toISOString();
    const event = input.action === 'approve' ? step(res, 'approved') : undefined;
    const one = (tx: Transaction, id: string): void => {
      const s = tx.get('slides', id);
      if (!s) throw notFound('幻灯片', id);
      const d = decide(actor, action, hallsOfContent(s));
      if (!d.ok) throw new HttpError(d.status, d.code, d.reason);
      if (input.action === 'approve') reviewSlide(tx, id, 'approved', event!);
      else if (input.action === 'delete') deleteSlide(tx, id);
      else retagSlide(tx, id, input.tag!, input.action === 'tag', at);
    };
    // Slides the caller may not see answer exactly like missing ones, so ids say nothing about other halls.
    const hidden = (id: string): boolean => {
      const s = store.get('slides', id);
      return !s || !decide(actor, 'read', hallsOfContent(s)).ok;
    };
    const results = await store.transact((tx) =>
      ids.map((id): SlideBulkResult => {
        if (hidden(id)) return { id, ok: false, error: { code: 'not_found', message: `幻灯片 ${id} 不存在` } };
        try {
          one(tx, id);
          return { id, ok: true };
        } catch (e) {
          if (!(e instanceof HttpError)) throw e;
          return { id, ok: false, error: { code: e.code, message: e.message } };
        }
      }),
    );
    const who = actorName(res);
    for (const r of results) if (r.ok) audit.write({ who, action: AUDIT_OF[input.action], id: r.id, bulk: true, ...(input.tag && { tag: input.tag }) });
    if (results.some((r) => r.ok)) bus.publish({ type: 'changed', collection: 'slides' });
    res.json({ action: input.action, results });
  });

  router.post('/from-media', slidesFromMediaRoute(ctx, step, complete));
  return router;
}
