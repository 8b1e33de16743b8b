import { describe, expect, it } from 'vitest';
import { demoKioskApp } from './demo-kiosk';
import { SlideInput } from './model';

describe('the demo kiosk app', () => {
  it('is a valid page tree with the four guides the issue asks for', () => {
    const app = SlideInput.parse(demoKioskApp({ priceSlideId: 'sld_price' }));
    if (app.type !== 'kioskApp') throw new Error('not a kiosk app');
    expect(app.pages.filter((p) => p.type === 'guide').map((p) => p.title)).toEqual(['居民生活用电新装', '居民增容', '更名过户', '缴费渠道']);
    expect(app.pages.map((p) => p.type)).toEqual(expect.arrayContaining(['menu', 'guide', 'prices', 'map', 'queue']));
  });
});
