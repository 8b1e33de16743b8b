/**
 * What a screen plays over a span of time, as segments between the resolver's change points. Built
 * only from `resolve`, so the editor's calendar can never disagree with what screens do.
 */
import type { Manifest } from './protocol';
import { IDLE_SLIDE_ID, resolve, type PlayItem } from './schedule';

export interface Segment {
  start: string;
  end: string;
  /** Schedule entries playing in this segment (empty when idle). */
  scheduleIds: string[];
  items: PlayItem[];
  idle: boolean;
}

/** Most segments one call returns; a week of a busy screen has a few dozen. */
export const MAX_SEGMENTS = 2000;

/** Segments covering [fromMs, untilMs); adjacent segments always differ in what plays. */
export function timeline(manifest: Manifest, fromMs: number, untilMs: number): Segment[] {
  const out: Segment[] = [];
  let t = fromMs;
  while (t < untilMs && out.length < MAX_SEGMENTS) {
    const r = resolve(manifest, t);
    const end = Math.min(Date.parse(r.nextChangeAt), untilMs);
    const scheduleIds = [...new Set(r.items.flatMap((i) => (i.scheduleId ? [i.scheduleId] : [])))];
    const idle = r.items.length === 1 && r.items[0]!.slideId === IDLE_SLIDE_ID;
    const prev = out[out.length - 1];
    const same = prev && JSON.stringify(prev.items) === JSON.stringify(r.items);
    if (same) prev.end = new Date(end).toISOString();
    else out.push({ start: new Date(t).toISOString(), end: new Date(end).toISOString(), scheduleIds, items: r.items, idle });
    // The resolver promises a change strictly after t; guard anyway so a bad edge cannot spin.
    t = end > t ? end : t + 60_000;
  }
  return out;
}
