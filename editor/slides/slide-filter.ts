/**
 * The slide list's search and filters: title text, type, review status and "即将到期" (ends within
 * the next 7 days). Pure, given `now`, so it is tested without a clock.
 */
import type { ReviewStatus, Slide, SlideType } from '../../content/model';

export const EXPIRING_WITHIN_MS = 7 * 24 * 3600_000;

export interface SlideFilter {
  text: string;
  type: SlideType | '';
  status: ReviewStatus | 'all';
  expiring: boolean;
}

export const NO_FILTER: SlideFilter = { text: '', type: '', status: 'all', expiring: false };

/** Case-, width- and space-insensitive containment: "a023" finds "Ａ023", "停电 通知" finds "停电通知". */
export function textMatches(haystack: string, query: string): boolean {
  const norm = (s: string) => s.normalize('NFKC').toLowerCase().replace(/\s+/g, '');
  const q = norm(query);
  return q === '' || norm(haystack).includes(q);
}

/** Still on air (or due) and ending within the next 7 days. */
export function expiresSoon(slide: Pick<Slide, 'validTo'>, now: number): boolean {
  if (!slide.validTo) return false;
  const end = Date.parse(slide.validTo);
  return end > now && end - now <= EXPIRING_WITHIN_MS;
}

/** Does the slide pass every filter except the status (the tabs count by status over the rest)? */
export function passesFilter(slide: Slide, f: SlideFilter, now: number): boolean {
  if (f.type && slide.type !== f.type) return false;
  if (f.expiring && !expiresSoon(slide, now)) return false;
  const tags = slide.tags?.join(' ') ?? '';
  return textMatches(`${slide.title} ${tags}`, f.text);
}

/** The slides shown: filters and status. */
export function filterSlides(slides: readonly Slide[], f: SlideFilter, now: number): Slide[] {
  return slides.filter((s) => passesFilter(s, f, now) && (f.status === 'all' || s.status === f.status));
}
