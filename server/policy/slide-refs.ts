/**
 * What a slide names in other content (an image or video's media, a kiosk app's pages, price slide and
 * floor plan): a hall-limited user may only name what they can see, so no hall shows, or previews the
 * URL of, another hall's files through a slide of its own. Hidden things answer as missing (the same
 * 400 as an unknown id), so probing ids says nothing about another hall.
 */
import type { Response } from 'express';
import type { SlideInput } from '../../content/model';
import { HttpError } from '../http-error';
import type { StoreReader } from '../store/store';
import { seen } from './guard';
import { hallsOfContent } from './object-halls';

type Ref = { collection: 'media' | 'slides'; id: string; what: string };

function refsOf(input: SlideInput): Ref[] {
  if (input.type === 'image' || input.type === 'video') return [{ collection: 'media', id: input.mediaId, what: input.type === 'image' ? '图片素材' : '视频素材' }];
  if (input.type !== 'kioskApp') return [];
  return input.pages.flatMap((page): Ref[] => {
    if (page.type === 'slide') return [{ collection: 'slides', id: page.slideId, what: `页面「${page.title}」使用的幻灯片` }];
    if (page.type === 'prices') return [{ collection: 'slides', id: page.priceSlideId, what: `页面「${page.title}」使用的电价表` }];
    if (page.type === 'map' && page.mediaId) return [{ collection: 'media', id: page.mediaId, what: `页面「${page.title}」的平面图` }];
    return [];
  });
}

/** Refuses a slide that names content the caller cannot see. */
export function guardSlideRefs(res: Response, store: StoreReader, input: SlideInput): void {
  const see = seen(res);
  for (const ref of refsOf(input)) {
    const o = store.get(ref.collection, ref.id);
    if (o && !see(hallsOfContent(o))) throw new HttpError(400, ref.collection === 'media' ? 'unknown_media' : 'unknown_slide', `${ref.what} ${ref.id} 不存在`);
  }
}
