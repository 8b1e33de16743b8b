/**
 * Arrow-key focus for remote controls: from the focused box, the nearest box in the pressed
 * direction. Distance is the gap along the direction plus twice the sideways miss (zero when the
 * boxes line up), so "down" from a tile picks the tile below it, not a nearer one off to the side.
 * Pure geometry, unit-tested; the layer feeds it getBoundingClientRect() boxes.
 */

export type Direction = 'up' | 'down' | 'left' | 'right';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The arrow key's direction, or null for any other key. */
export function directionOf(key: string): Direction | null {
  switch (key) {
    case 'ArrowUp':
      return 'up';
    case 'ArrowDown':
      return 'down';
    case 'ArrowLeft':
      return 'left';
    case 'ArrowRight':
      return 'right';
    default:
      return null;
  }
}

/** Gap between the ranges [a0, a1] and [b0, b1]; 0 when they overlap. */
const gap = (a0: number, a1: number, b0: number, b1: number): number => Math.max(0, b0 - a1, a0 - b1);

/** Index of the best candidate from `from` towards `dir`, or -1 when nothing lies that way. */
export function pickSpatial(from: Rect, candidates: readonly Rect[], dir: Direction): number {
  const cx = from.x + from.width / 2;
  const cy = from.y + from.height / 2;
  let best = -1;
  let bestScore = Number.POSITIVE_INFINITY;
  candidates.forEach((r, i) => {
    const rx = r.x + r.width / 2;
    const ry = r.y + r.height / 2;
    const horizontal = dir === 'left' || dir === 'right';
    // Only boxes whose centre lies beyond ours in that direction (1 px slack for rounding).
    const ahead = dir === 'right' ? rx - cx : dir === 'left' ? cx - rx : dir === 'down' ? ry - cy : cy - ry;
    if (ahead <= 1) return;
    const along = horizontal
      ? dir === 'right' ? Math.max(0, r.x - (from.x + from.width)) : Math.max(0, from.x - (r.x + r.width))
      : dir === 'down' ? Math.max(0, r.y - (from.y + from.height)) : Math.max(0, from.y - (r.y + r.height));
    const side = horizontal ? gap(from.y, from.y + from.height, r.y, r.y + r.height) : gap(from.x, from.x + from.width, r.x, r.x + r.width);
    // Tie-break on the centre distance, so of two aligned boxes the closer one wins.
    const score = along + 2 * side + Math.hypot(rx - cx, ry - cy) / 1000;
    if (score < bestScore) {
      bestScore = score;
      best = i;
    }
  });
  return best;
}
