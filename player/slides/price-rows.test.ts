import { describe, expect, it } from 'vitest';
import { priceLine, priceSections } from './price-rows';

const tiers = [{ name: '第一档', range: '0–2160', price: '0.4883' }];
const periods = [{ name: '高峰', hours: '8:00–22:00', price: '0.5483' }, { name: '低谷', hours: '22:00–次日 8:00', price: '0.3083' }];

describe('priceSections()', () => {
  it.each([
    ['tiers only', { tiers }, [['tiers', 1]]],
    ['empty periods', { tiers, periods: [] }, [['tiers', 1]]],
    ['tiers and 峰谷分时', { tiers, periods }, [['tiers', 1], ['periods', 2]]],
  ])('%s', (_name, slide, expected) => {
    expect(priceSections(slide).map((s) => [s.kind, s.rows.length])).toEqual(expected);
  });

  it('puts each period row under its own heading', () => {
    const [, p] = priceSections({ tiers, periods });
    expect(p!.heading).toEqual(['峰谷时段', '时间', '电价']);
    expect(p!.rows[1]).toEqual(['低谷', '22:00–次日 8:00', '0.3083']);
  });
});

describe('priceLine()', () => {
  it('names the periods after the tiers', () => {
    expect(priceLine({ title: '电价', tiers, periods })).toBe('电价：第一档 0–2160 0.4883元；峰谷分时：高峰 8:00–22:00 0.5483；低谷 22:00–次日 8:00 0.3083');
  });
});
