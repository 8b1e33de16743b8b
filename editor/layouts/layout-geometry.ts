/**
 * Zone rectangles while they are dragged on the layout canvas: moves and resizes in screen fractions,
 * snapped to 1 % of the screen and kept inside it, never smaller than MIN_ZONE.
 */

/** A zone's rectangle as fractions of the screen (the schema's x, y, w, h). */
export interface Rect { x: number; y: number; w: number; h: number }
/** What is being dragged: the whole zone or one of its edges / corners (compass points). */
export type Handle = 'move' | 'n' | 's' | 'e' | 'w' | 'ne' | 'nw' | 'se' | 'sw';
export const HANDLES: readonly Exclude<Handle, 'move'>[] = ['n', 's', 'e', 'w', 'ne', 'nw', 'se', 'sw'];

/** 1 % of the screen. */
export const SNAP = 0.01;
/** The smallest zone the canvas lets staff make (a 2 % strip of a 1080 px screen is still 21 px). */
export const MIN_ZONE = 0.02;

/** Rounds to the 1 % grid (and clears float noise such as 0.30000000000000004). */
export function snap(v: number): number {
  return Math.round(v / SNAP) / Math.round(1 / SNAP);
}

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

/** The rectangle after dragging `handle` by (dx, dy) screen fractions from `start`. */
export function dragRect(start: Rect, handle: Handle, dx: number, dy: number): Rect {
  if (handle === 'move') {
    return {
      x: clamp(snap(start.x + dx), 0, snap(1 - start.w)),
      y: clamp(snap(start.y + dy), 0, snap(1 - start.h)),
      w: start.w,
      h: start.h,
    };
  }
  let left = start.x;
  let top = start.y;
  let right = start.x + start.w;
  let bottom = start.y + start.h;
  if (handle.includes('w')) left = clamp(snap(left + dx), 0, snap(right - MIN_ZONE));
  if (handle.includes('e')) right = clamp(snap(right + dx), snap(left + MIN_ZONE), 1);
  if (handle.includes('n')) top = clamp(snap(top + dy), 0, snap(bottom - MIN_ZONE));
  if (handle.includes('s')) bottom = clamp(snap(bottom + dy), snap(top + MIN_ZONE), 1);
  return { x: snap(left), y: snap(top), w: snap(right - left), h: snap(bottom - top) };
}

/** A fraction as the % number staff type (0.755 → 75.5). */
export function toPercent(f: number): number {
  return Math.round(f * 1000) / 10;
}

/** A typed % back to a fraction; NaN for an empty or non-numeric input (the schema then complains). */
export function fromPercent(text: string): number {
  const t = text.trim();
  if (t === '') return Number.NaN;
  return Math.round(Number(t) * 10) / 1000;
}
