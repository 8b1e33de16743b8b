/**
 * Slide transitions as pure placement: given the two slide containers and a progress 0…1, put them
 * where they belong. The host advances the progress from the ticker.
 */
import type { Container } from 'pixi.js';
import type { Transition } from '../content/model';

/** How long a fade or slide takes; long enough to look calm, short enough not to eat the slide. */
export const TRANSITION_MS = 600;

/** Ease in and out, so movement starts and stops softly. */
export function easeInOutCubic(t: number): number {
  const p = Math.min(1, Math.max(0, t));
  return p < 0.5 ? 4 * p * p * p : 1 - (-2 * p + 2) ** 3 / 2;
}

/** Place the leaving (`from`) and arriving (`to`) containers at `progress` of a `kind` transition. */
export function applyTransition(kind: Transition, from: Container | null, to: Container, progress: number, width: number): void {
  const e = easeInOutCubic(progress);
  switch (kind) {
    case 'none':
      to.alpha = 1;
      to.x = 0;
      if (from) from.alpha = 0;
      return;
    case 'fade':
      // The new slide fades in over the old one, which stays opaque beneath: no dark dip mid-way.
      to.alpha = e;
      to.x = 0;
      return;
    case 'slide':
      to.alpha = 1;
      to.x = Math.round(width * (1 - e));
      if (from) from.x = Math.round(-width * e);
      return;
    default: {
      const unknown: never = kind;
      throw new Error(`unknown transition ${String(unknown)}`);
    }
  }
}
