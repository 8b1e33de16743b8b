import { describe, expect, it } from 'vitest';
import { dragRect, fromPercent, snap, toPercent } from './layout-geometry';

const main = { x: 0, y: 0, w: 0.75, h: 0.9 };

describe('dragRect', () => {
  it('moves a zone on the 1 % grid and keeps it inside the screen', () => {
    expect(dragRect({ x: 0.1, y: 0.1, w: 0.3, h: 0.3 }, 'move', 0.123, 0.0449)).toEqual({ x: 0.22, y: 0.14, w: 0.3, h: 0.3 });
    expect(dragRect({ x: 0.1, y: 0.1, w: 0.3, h: 0.3 }, 'move', 0.9, -0.5)).toEqual({ x: 0.7, y: 0, w: 0.3, h: 0.3 });
  });
  it('moves only the dragged edge and keeps the opposite one fixed', () => {
    expect(dragRect(main, 'e', -0.104, 0)).toEqual({ x: 0, y: 0, w: 0.65, h: 0.9 });
    expect(dragRect({ x: 0.2, y: 0.2, w: 0.5, h: 0.5 }, 'w', 0.1, 0)).toEqual({ x: 0.3, y: 0.2, w: 0.4, h: 0.5 });
    expect(dragRect({ x: 0.2, y: 0.2, w: 0.5, h: 0.5 }, 'nw', -0.05, -0.05)).toEqual({ x: 0.15, y: 0.15, w: 0.55, h: 0.55 });
  });
  it('never lets a zone leave the screen or shrink below 2 %', () => {
    expect(dragRect(main, 'e', 0.5, 0)).toEqual({ x: 0, y: 0, w: 1, h: 0.9 });
    expect(dragRect(main, 's', 0, -2)).toEqual({ x: 0, y: 0, w: 0.75, h: 0.02 });
    const r = dragRect({ x: 0.5, y: 0.5, w: 0.2, h: 0.2 }, 'se', 5, 5);
    expect(r.x + r.w).toBeLessThanOrEqual(1);
    expect(r.y + r.h).toBeLessThanOrEqual(1);
  });
});

describe('percent conversions', () => {
  it('round-trips the numbers staff type', () => {
    expect(toPercent(0.75)).toBe(75);
    expect(toPercent(0.1 + 0.2)).toBe(30);
    expect(fromPercent('12.5')).toBe(0.125);
    expect(fromPercent('')).toBeNaN();
    expect(snap(0.30000000000000004)).toBe(0.3);
  });
});
