/** The count of slides and ticker texts waiting for review on the 待审核 navigation link, kept current over /ws/editor. */
import { api } from '../api';
import { h } from '../ui/dom';
import type { LiveConnection } from '../socket';
import { pendingLayouts, pendingSlides } from './review-queue';

/** Adds the badge to `link` (if present); returns the cleanup. */
export function attachReviewBadge(link: HTMLElement | null, live: LiveConnection): () => void {
  if (!link) return () => {};
  const count = h('span', { class: 'nav-badge', 'data-testid': 'review-count', hidden: true });
  link.append(count);
  let alive = true;
  const refresh = async () => {
    try {
      const [slides, layouts] = await Promise.all([api.listSlides(), api.listLayouts()]);
      const n = pendingSlides(slides).length + pendingLayouts(layouts).length;
      if (!alive) return;
      count.textContent = String(n);
      count.hidden = n === 0;
      count.setAttribute('aria-label', `${n} 项待审核`);
    } catch {
      // NOTE: a failed count is not worth an error toast; the next change event tries again.
    }
  };
  void refresh();
  const off = live.onChanged(['slides', 'layouts'], () => void refresh());
  return () => {
    alive = false;
    off();
  };
}
