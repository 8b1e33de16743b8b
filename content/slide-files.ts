/**
 * Which media a slide shows, and through which URLs: the one answer for the manifest's offline asset
 * list, for "media in use cannot be deleted", for the library's usage counts and for the cleanup of
 * unused renditions. A new slide type that shows media must be added here, and only here.
 */
import type { PublishedSlide, Slide } from './model';

export interface SlideFile {
  mediaId: string;
  /** The URL the player loads (a rendition, the original, a poster); absent until the server filled it. */
  url?: string;
}

/** The files of the working copy and of the published version (both must stay until both let go). */
export function slideFiles(slide: Slide): SlideFile[] {
  const own = versionFiles(slide);
  return slide.published ? [...own, ...versionFiles(slide.published)] : own;
}

function versionFiles(slide: Slide | PublishedSlide): SlideFile[] {
  switch (slide.type) {
    case 'image':
      return [{ mediaId: slide.mediaId, url: slide.mediaUrl }];
    case 'video':
      return [
        { mediaId: slide.mediaId, url: slide.mediaUrl },
        { mediaId: slide.mediaId, url: slide.posterUrl },
      ];
    case 'kioskApp':
      return slide.pages.flatMap((p) => (p.type === 'map' && p.mediaId ? [{ mediaId: p.mediaId, url: p.imageUrl }] : []));
    default:
      return [];
  }
}

/** Every media URL any of `slides` loads. */
export function slideFileUrls(slides: readonly Slide[]): Set<string> {
  return new Set(slides.flatMap((s) => slideFiles(s).flatMap((f) => (f.url ? [f.url] : []))));
}
