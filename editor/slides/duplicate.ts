/**
 * 复制: a slide or playlist copied as a new one named "<title>（副本）". A slide copy is a new draft
 * (the server makes every new slide a draft): it goes through review like any other, and the original
 * stays on air untouched. Only the input fields are copied — no id, review state, history or published version.
 */
import { PlaylistInput, SlideInput, type Playlist, type Slide } from '../../content/model';

const SUFFIX = '（副本）';
/** Titles and names are at most 100 characters; the suffix must survive a long one. */
const MAX = 100;

/** "停电通知" → "停电通知（副本）", cut so that the whole fits 100 characters. */
export function copyName(name: string): string {
  const base = name.trim();
  return base.length + SUFFIX.length <= MAX ? base + SUFFIX : base.slice(0, MAX - SUFFIX.length) + SUFFIX;
}

/** What to POST to /api/slides for a copy of `slide` (its working copy, as the editor shows it). */
export function slideCopyInput(slide: Slide): SlideInput {
  return SlideInput.parse({ ...slide, title: copyName(slide.title) });
}

/** What to POST to /api/playlists for a copy of `playlist`: same slides, same order, same durations. */
export function playlistCopyInput(playlist: Playlist): PlaylistInput {
  return PlaylistInput.parse({ ...playlist, name: copyName(playlist.name) });
}
