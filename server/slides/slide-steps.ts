/**
 * The steps a slide goes through, as one transaction each can run: review moves and delete. The single
 * routes (routes/slides.ts) and the bulk route (slides/bulk.ts) share them, so "delete a slide in use"
 * or "approve" means exactly the same thing whether staff click one row or fifty.
 */
import type { ReviewEvent, ReviewStatus, Slide } from '../../content/model';
import { kioskSlideRefs } from '../../content/kiosk-model';
import { publishSnapshot, withEvent } from '../../content/slide-versions';
import { HttpError, notFound } from '../http-error';
import type { StoreReader, Transaction } from '../store/store';

/** Moves the working copy to `status`, recording `event`; approval also publishes it. */
export function reviewSlide(tx: Transaction, id: string, status: ReviewStatus, event: ReviewEvent): Slide {
  const s = tx.get('slides', id);
  if (!s) throw notFound('幻灯片', id);
  if (event.action === 'rejected' && s.status === 'approved')
    throw new HttpError(409, 'already_approved', '这一版已通过审核，无需驳回；如需修改请编辑后重新提交');
  const next: Slide = { ...s, status, review: withEvent(s.review, event), updatedAt: event.at };
  if (event.action === 'approved') {
    next.published = publishSnapshot(next, event.at);
    delete next.rejection;
  }
  if (event.action === 'rejected') next.rejection = { reason: event.reason ?? '', by: event.by, byName: event.byName, at: event.at };
  return tx.replace('slides', next);
}

/** Where a slide is used (playlists by name, kiosk apps by title); empty when it may be deleted. */
export function slideUsers(store: Pick<StoreReader, 'list'>, id: string): { playlists: string[]; kioskApps: string[] } {
  return {
    playlists: store.list('playlists').filter((p) => p.items.some((i) => i.slideId === id)).map((p) => p.name),
    kioskApps: store.list('slides').filter((s) => s.type === 'kioskApp' && kioskSlideRefs(s.pages).includes(id)).map((a) => a.title),
  };
}

/** Deletes a slide unless a playlist or kiosk app still uses it (409 `in_use`, naming where). */
export function deleteSlide(tx: Transaction, id: string): void {
  if (!tx.get('slides', id)) throw notFound('幻灯片', id);
  const { playlists, kioskApps } = slideUsers(tx, id);
  if (playlists.length > 0) throw new HttpError(409, 'in_use', `幻灯片仍在播放列表「${playlists.join('」「')}」中，请先移除`);
  if (kioskApps.length > 0) throw new HttpError(409, 'in_use', `幻灯片是触摸查询应用「${kioskApps.join('」「')}」中的页面，请先在应用中移除该页面`);
  tx.remove('slides', id);
}

/**
 * Adds or removes a tag. Tags are labels staff sort and filter by, not what plays, so neither the
 * review status nor the published version's content changes; the published copy carries the same tags
 * so the list and the on-air version agree.
 */
export function retagSlide(tx: Transaction, id: string, tag: string, add: boolean, at: string): Slide {
  const s = tx.get('slides', id);
  if (!s) throw notFound('幻灯片', id);
  const retag = (tags: readonly string[] | undefined): string[] => {
    const rest = (tags ?? []).filter((t) => t !== tag);
    return add ? [...rest, tag] : rest;
  };
  const tags = retag(s.tags);
  if (add && tags.length > 32) throw new HttpError(400, 'too_many_tags', '每张幻灯片至多 32 个标签');
  const next = { ...s, tags, updatedAt: at } as Slide;
  if (s.published) next.published = { ...s.published, tags: retag(s.published.tags) } as typeof s.published;
  return tx.replace('slides', next);
}
