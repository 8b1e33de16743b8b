/**
 * Zones are fractions of the screen; the renderer wants whole pixels. Edges are rounded (not sizes),
 * so two zones that touch in fractions touch in pixels too: no hairline gaps, no overlaps.
 */
import type { Zone } from '../../content/layout-model';

/** A rectangle in CSS pixels. */
export interface PixelBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The pixel box of `zone` inside `box`. */
export function zoneBox(zone: Pick<Zone, 'x' | 'y' | 'w' | 'h'>, box: PixelBox): PixelBox {
  const left = Math.round(box.x + zone.x * box.width);
  const top = Math.round(box.y + zone.y * box.height);
  const right = Math.round(box.x + Math.min(1, zone.x + zone.w) * box.width);
  const bottom = Math.round(box.y + Math.min(1, zone.y + zone.h) * box.height);
  return { x: left, y: top, width: Math.max(1, right - left), height: Math.max(1, bottom - top) };
}

/**
 * Does the queue board in a layout's callPanel draw its own clock? Not when the layout has a clock
 * zone: a TV then showed two clocks side by side.
 */
export function panelDrawsClock(zones: readonly Pick<Zone, 'content'>[]): boolean {
  return !zones.some((z) => z.content.type === 'clock');
}
