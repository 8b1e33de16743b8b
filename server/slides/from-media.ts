/**
 * `POST /api/slides/from-media`: images and videos from the library become image/video slides,
 * appended to a playlist in the order given. They are submitted for review together (one batch: the
 * same submission time and submitter), so a reviewer approves what was dropped in one go.
 */
import type { RequestHandler, Response } from 'express';
import type { SlideInput, Slide, ReviewEvent } from '../../content/model';
import { SlidesFromMediaInput } from '../../content/slide-bulk';
import { actorName } from '../auth/principal';
import type { AppContext } from '../context';
import { HttpError, notFound } from '../http-error';
import { newId } from '../ids';
import { guard, ownerHalls, seen } from '../policy/guard';
import { hallsOfContent } from '../policy/object-halls';
import { parseBody } from '../validate';

/** routes/slides.ts's `complete`: derived fields and checks of a slide about to be stored. */
export type CompleteSlide = (input: SlideInput, base: Pick<Slide, 'id' | 'createdAt' | 'status' | 'review'>) => Slide;

/** A slide title from a file name: without its extension, at most 100 characters. */
export const titleFromFileName = (name: string): string => (name.replace(/\.[A-Za-z0-9]{1,5}$/, '').trim() || name).slice(0, 100) || '图片';

export function slidesFromMediaRoute(ctx: AppContext, step: (res: Response, a: ReviewEvent['action']) => ReviewEvent, complete: CompleteSlide): RequestHandler {
  const { store, bus, audit } = ctx;
  return async (req, res) => {
    guard(res, 'content.write');
    const input = parseBody(req, SlidesFromMediaInput);
    const playlist = store.get('playlists', input.playlistId);
    if (!playlist) throw notFound('播放列表', input.playlistId);
    guard(res, 'content.write', hallsOfContent(playlist));
    const see = seen(res);
    // One batch id for the drop: 待审核 offers to approve these slides in one go.
    const event: ReviewEvent = { ...step(res, 'submitted'), batch: newId('batch') };
    const slides = input.mediaIds.map((mediaId): Slide => {
      const m = store.get('media', mediaId);
      if (!m || !see(hallsOfContent(m))) throw new HttpError(400, 'unknown_media', `素材 ${mediaId} 不存在`);
      if (m.kind !== 'image' && m.kind !== 'video') throw new HttpError(400, 'not_visual', `素材「${m.name}」是音频，只有图片和视频可以做成幻灯片`);
      const slideInput = { type: m.kind, title: titleFromFileName(m.name), mediaId, fit: 'contain' } as SlideInput;
      return { ...complete(slideInput, { id: newId('sld'), createdAt: event.at, status: 'pending', review: [event] }), ...ownerHalls(res) };
    });
    const updated = await store.transact((tx) => {
      const p = tx.get('playlists', input.playlistId);
      if (!p) throw notFound('播放列表', input.playlistId);
      if (p.items.length + slides.length > 500) throw new HttpError(400, 'playlist_full', `播放列表至多 500 项，现有 ${p.items.length} 项`);
      for (const s of slides) tx.insert('slides', s);
      return tx.replace('playlists', { ...p, items: [...p.items, ...slides.map((s) => ({ slideId: s.id }))], updatedAt: event.at });
    });
    const who = actorName(res);
    for (const s of slides) audit.write({ who, action: 'slide.create', id: s.id, fromMedia: s.type === 'image' || s.type === 'video' ? s.mediaId : undefined, playlistId: updated.id });
    audit.write({ who, action: 'playlist.update', id: updated.id, added: slides.map((s) => s.id) });
    bus.publish({ type: 'changed', collection: 'slides' });
    bus.publish({ type: 'changed', collection: 'playlists' });
    res.status(201).json({ slides, playlist: updated });
  };
}
