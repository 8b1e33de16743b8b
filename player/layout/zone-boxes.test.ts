import { describe, expect, it } from 'vitest';
import { layoutTemplate } from '../../content/layout-templates';
import { panelDrawsClock, zoneBox } from './zone-boxes';

describe('zoneBox', () => {
  it('gives touching zones touching pixel edges at an odd screen size', () => {
    const zones = layoutTemplate('tvMain').build().zones;
    const box = { x: 0, y: 0, width: 1366, height: 767 };
    const [main, clock, calls, ticker] = zones.map((z) => zoneBox(z, box));
    expect(main!.x + main!.width).toBe(calls!.x);
    expect(main!.y + main!.height).toBe(clock!.y);
    expect(clock!.x + clock!.width).toBe(calls!.x);
    expect(clock!.y + clock!.height).toBe(ticker!.y);
    expect(calls!.y + calls!.height).toBe(ticker!.y);
    expect(ticker!.y + ticker!.height).toBe(767);
  });

  it('gives the TV template a 16:9 main zone, so 1920×1080 pictures fill it without bars', () => {
    const main = layoutTemplate('tvMain').build().zones.find((z) => z.content.type === 'main')!;
    const px = zoneBox(main, { x: 0, y: 0, width: 1920, height: 1080 });
    expect(px).toEqual({ x: 0, y: 0, width: 1440, height: 810 });
    expect(px.width / px.height).toBeCloseTo(16 / 9, 6);
  });

  it('draws one clock per layout: the call panel leaves its clock out when a clock zone exists', () => {
    for (const id of ['tvMain', 'kioskMainInfo'] as const) {
      const zones = layoutTemplate(id).build().zones;
      const clockZones = zones.filter((z) => z.content.type === 'clock').length;
      const panelClocks = zones.some((z) => z.content.type === 'callPanel') && panelDrawsClock(zones) ? 1 : 0;
      expect(clockZones + panelClocks, id).toBe(1);
    }
    expect(panelDrawsClock([{ content: { type: 'main' } }, { content: { type: 'callPanel' } }])).toBe(true);
  });

  it('offsets zones by the box origin and never returns an empty box', () => {
    expect(zoneBox({ x: 0.5, y: 0.5, w: 0.5, h: 0.5 }, { x: 10, y: 20, width: 100, height: 50 })).toEqual({ x: 60, y: 45, width: 50, height: 25 });
    expect(zoneBox({ x: 0, y: 0, w: 0.001, h: 0.001 }, { x: 0, y: 0, width: 256, height: 64 })).toEqual({ x: 0, y: 0, width: 1, height: 1 });
  });
});
