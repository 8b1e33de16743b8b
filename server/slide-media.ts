/**
 * The media fields a stored image or video slide carries (the player rendition, the file, the poster),
 * derived from the media it names. One definition for saved slides and unsaved previews.
 */
import { MAX_SLIDE_MS, MIN_SLIDE_MS, type SlideInput } from '../content/model';
import { HttpError } from './http-error';
import type { StoreReader } from './store/store';

export interface SlideMedia {
  mediaUrl?: string;
  posterUrl?: string;
  /** A video's own length (clamped to a slide's allowed range): the default duration of its slide. */
  fileDurationMs?: number;
}

export function slideMedia(store: StoreReader, input: SlideInput): SlideMedia {
  if (input.type !== 'image' && input.type !== 'video') return {};
  const media = store.get('media', input.mediaId);
  if (!media || media.kind !== input.type)
    throw new HttpError(400, 'unknown_media', `${input.type === 'image' ? '图片' : '视频'}素材 ${input.mediaId} 不存在`);
  if (input.type === 'image') return { mediaUrl: media.renditions[0]?.url ?? media.url };
  return {
    mediaUrl: media.url,
    ...(media.posterUrl && { posterUrl: media.posterUrl }),
    ...(media.durationMs && { fileDurationMs: Math.min(MAX_SLIDE_MS, Math.max(MIN_SLIDE_MS, media.durationMs)) }),
  };
}
