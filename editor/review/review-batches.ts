/**
 * 待审核 in batches: slides submitted together (media dropped into a playlist share the `batch` of their
 * submission) are one entry, so a reviewer who checked the pictures approves them in one go. Pure.
 */
import type { Slide } from '../../content/model';

export type ReviewEntry = { kind: 'slide'; slide: Slide } | { kind: 'batch'; batch: string; slides: Slide[] };

/** The submission that put the working copy in the queue (the last one). */
export const lastSubmission = (s: Slide) => [...(s.review ?? [])].reverse().find((e) => e.action === 'submitted');

/**
 * The pending slides (already in queue order) as entries: a batch where at least two of its slides
 * still wait, at the place of its first slide; everything else one slide per entry.
 */
export function reviewEntries(pending: readonly Slide[]): ReviewEntry[] {
  const members = new Map<string, Slide[]>();
  for (const s of pending) {
    const batch = lastSubmission(s)?.batch;
    if (batch !== undefined) members.set(batch, [...(members.get(batch) ?? []), s]);
  }
  const placed = new Set<string>();
  const out: ReviewEntry[] = [];
  for (const s of pending) {
    const batch = lastSubmission(s)?.batch;
    const group = batch === undefined ? undefined : members.get(batch);
    if (!batch || !group || group.length < 2) out.push({ kind: 'slide', slide: s });
    else if (!placed.has(batch)) {
      placed.add(batch);
      out.push({ kind: 'batch', batch, slides: group });
    }
  }
  return out;
}
