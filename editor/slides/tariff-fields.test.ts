import { describe, expect, it } from 'vitest';
import { Tariff } from '../../content/tariff';
import { periodRowsFromTariff, readTariff, tierRowsFromTariff } from './tariff-fields';

const tariff = Tariff.parse({
  basis: 'month',
  tiers: [
    { name: '第一档', upToKwh: 180, pricePerKwh: 0.4883 },
    { name: '第二档', upToKwh: 280, pricePerKwh: 0.5383 },
    { name: '第三档', upToKwh: null, pricePerKwh: 0.7883 },
  ],
  timeOfUse: [{ name: '高峰', hours: '8:00–22:00', pricePerKwh: 0.5583 }],
});

describe('display rows from the numeric tariff', () => {
  it('writes each tier’s range and price', () => {
    expect(tierRowsFromTariff(tariff)).toEqual([
      { name: '第一档', range: '0–180 千瓦时/月', price: '0.4883 元/千瓦时' },
      { name: '第二档', range: '181–280 千瓦时/月', price: '0.5383 元/千瓦时' },
      { name: '第三档', range: '280 千瓦时/月以上', price: '0.7883 元/千瓦时' },
    ]);
  });
  it('says the basis for a yearly tariff', () => {
    expect(tierRowsFromTariff({ ...tariff, basis: 'year' })[0]!.range).toBe('0–180 千瓦时/年');
  });
  it('writes the 峰谷 rows', () => {
    expect(periodRowsFromTariff(tariff)).toEqual([{ name: '高峰', hours: '8:00–22:00', price: '0.5583 元/千瓦时' }]);
  });
});

describe('readTariff', () => {
  it('reads a blank bound as the open last tier, and the schema accepts it', () => {
    const raw = readTariff('month', [{ name: '第一档', upToKwh: '180', pricePerKwh: '0.4883' }, { name: '第二档', upToKwh: '', pricePerKwh: '0.5383' }], []);
    expect(Tariff.safeParse(raw).success).toBe(true);
  });
  it('is absent when no numbers were entered', () => {
    expect(readTariff('month', [], [])).toBeUndefined();
  });
  it('lets the schema refuse a bound on the last tier and a non-number price', () => {
    const r = Tariff.safeParse(readTariff('month', [{ name: '一', upToKwh: '100', pricePerKwh: 'abc' }], []));
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.path.join('.'))).toContain('tiers.0.pricePerKwh');
  });
});
