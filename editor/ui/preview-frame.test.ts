import { describe, expect, it } from 'vitest';
import { posterTime } from '../media/media-poster';
import { fitScale, targetLabel } from './preview-frame';

describe('fitScale', () => {
  it('fits a landscape TV to the panel width', () => {
    expect(fitScale(1920, 1080, 480, 420)).toBe(0.25);
  });
  it('lets a portrait kiosk be limited by the panel height', () => {
    expect(fitScale(1080, 1920, 480, 420)).toBeCloseTo(420 / 1920, 6);
  });
  it('never enlarges a small LED strip', () => {
    expect(fitScale(320, 64, 480, 420)).toBe(1);
  });
  it('names the target with its pixel size', () => {
    expect(targetLabel('kiosk')).toContain('1080×1920');
  });
});

describe('posterTime', () => {
  it('takes the frame 1 s in, or at 10 % of a short clip', () => {
    expect(posterTime(30)).toBe(1);
    expect(posterTime(4)).toBeCloseTo(0.4, 6);
    expect(posterTime(Number.POSITIVE_INFINITY)).toBe(0);
  });
});
