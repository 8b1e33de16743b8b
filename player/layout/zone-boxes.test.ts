import { describe, expect, it } from 'vitest';
import { layoutTemplate } from '../../content/layout-templates';
import { zoneBox } from './zone-boxes';

describe('zoneBox', () => {
  it('gives touching zones touching pixel edges at an odd screen size', () => {
    const zones = layoutTemplate('tvMain').build().zones;
    const box = { x: 0, y: 0, width: 1366, height: 767 };
    const [main, clock, calls, ticker] = zones.map((z) => zoneBox(z, box));
    expect(main!.x + main!.width).toBe(clock!.x);
    expect(clock!.y + clock!.height).toBe(calls!.y);
    expect(main!.y + main!.height).toBe(ticker!.y);
    expect(ticker!.y + ticker!.height).toBe(767);
  });

  it('offsets zones by the box origin and never returns an empty box', () => {
    expect(zoneBox({ x: 0.5, y: 0.5, w: 0.5, h: 0.5 }, { x: 10, y: 20, width: 100, height: 50 })).toEqual({ x: 60, y: 45, width: 50, height: 25 });
    expect(zoneBox({ x: 0, y: 0, w: 0.001, h: 0.001 }, { x: 0, y: 0, width: 256, height: 64 })).toEqual({ x: 0, y: 0, width: 1, height: 1 });
  });
});
