/**
 * A slide's two versions: the working copy staff edit (the top-level fields and `status`) and the
 * published version screens play (`published`, the copy a reviewer approved). Editing an approved
 * slide leaves the published version on air until the edit is approved; rules in content/CONTEXT.md.
 */
import type { PublishedSlide, ReviewEvent, Slide } from './model';

/** History entries kept per slide (the oldest are dropped first). */
export const MAX_REVIEW_EVENTS = 100;

/** The version of `slide` that screens play: the approved working copy, else the published one, else the draft itself (the resolver skips it). */
export function onAirVersion(slide: Slide): Slide {
  const { published, review: _r, rejection: _j, ...rest } = slide;
  if (slide.status === 'approved' || !published) return rest as Slide;
  const { review: _pr, rejection: _pj, ...snap } = published;
  return snap as Slide;
}

/** The working copy as an approved snapshot (what `published` holds after an approval). */
export function publishSnapshot(slide: Slide, at: string): PublishedSlide {
  const { published: _p, review: _r, rejection: _j, ...rest } = slide;
  return { ...rest, status: 'approved', updatedAt: at } as PublishedSlide;
}

/**
 * The published version to keep when the working copy is replaced: the one it had, or (slides
 * approved before versioning existed) the old working copy itself when it was approved.
 */
export function keptPublished(old: Slide): PublishedSlide | undefined {
  if (old.status === 'approved') return publishSnapshot(old, old.updatedAt);
  return old.published;
}

/** `events` with `event` appended, capped at MAX_REVIEW_EVENTS. */
export function withEvent(events: readonly ReviewEvent[] | undefined, event: ReviewEvent): ReviewEvent[] {
  return [...(events ?? []), event].slice(-MAX_REVIEW_EVENTS);
}
