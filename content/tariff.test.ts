/** The bill calculator: tier edges, zero, very large values, invalid input; the tariff schema. */
import { describe, expect, it } from 'vitest';
import { MAX_MONTHLY_KWH, Tariff, calculateBill, parseKwh } from './tariff';

const MONTHLY = Tariff.parse({
  basis: 'month',
  tiers: [
    { name: '第一档', upToKwh: 230, pricePerKwh: 0.5283 },
    { name: '第二档', upToKwh: 400, pricePerKwh: 0.5783 },
    { name: '第三档', upToKwh: null, pricePerKwh: 0.8283 },
  ],
});
const YEARLY = Tariff.parse({
  basis: 'year',
  tiers: [
    { name: '第一档', upToKwh: 2160, pricePerKwh: 0.4883 },
    { name: '第二档', upToKwh: 4200, pricePerKwh: 0.5383 },
    { name: '第三档', upToKwh: null, pricePerKwh: 0.7883 },
  ],
});

const bill = (kwh: number, t = MONTHLY) => {
  const b = calculateBill(kwh, t);
  if (!b.ok) throw new Error(b.message);
  return b;
};

describe('calculateBill, monthly tiers', () => {
  it.each<[string, number, [number, number][], number]>([
    ['zero uses the first tier only', 0, [[0, 0]], 0],
    ['a fraction of a kWh', 0.01, [[0.01, 0.01]], 0.01],
    ['inside the first tier', 100, [[100, 52.83]], 52.83],
    ['exactly at the first edge stays in tier 1', 230, [[230, 121.51]], 121.51],
    ['one kWh past the first edge', 231, [[230, 121.51], [1, 0.58]], 122.09],
    ['exactly at the second edge', 400, [[230, 121.51], [170, 98.31]], 219.82],
    ['into the open last tier', 500, [[230, 121.51], [170, 98.31], [100, 82.83]], 302.65],
    ['decimals are exact (no float drift)', 230.5, [[230, 121.51], [0.5, 0.29]], 121.8],
  ])('%s', (_name, kwh, lines, total) => {
    const b = bill(kwh);
    expect(b.lines.map((l) => [l.kwh, l.amount])).toEqual(lines);
    expect(b.total).toBe(total);
    expect(b.lines.reduce((s, l) => s + Math.round(l.amount * 100), 0)).toBe(Math.round(b.total * 100));
  });

  it('shows the arithmetic of each line', () => {
    expect(bill(231).lines.map((l) => l.text)).toEqual(['第一档：230 千瓦时 × 0.5283 元 = 121.51 元', '第二档：1 千瓦时 × 0.5783 元 = 0.58 元']);
  });

  it('handles the largest accepted value exactly', () => {
    const b = bill(MAX_MONTHLY_KWH);
    const expected = 121.51 + 98.31 + Math.round((MAX_MONTHLY_KWH - 400) * 0.8283 * 100) / 100;
    expect(b.total).toBeCloseTo(expected, 2);
    expect(Number.isFinite(b.total)).toBe(true);
  });

  it.each([[-1], [Number.NaN], [Number.POSITIVE_INFINITY], [MAX_MONTHLY_KWH + 1]])('refuses %s with a message', (kwh) => {
    const b = calculateBill(kwh, MONTHLY);
    expect(b.ok).toBe(false);
    if (!b.ok) expect(b.message.length).toBeGreaterThan(3);
  });
});

describe('calculateBill, yearly tiers counted per month', () => {
  it('splits at one twelfth of each yearly bound and says so', () => {
    const b = bill(200, YEARLY);
    expect(b.lines.map((l) => [l.fromKwh, l.toKwh, l.kwh])).toEqual([[0, 180, 180], [180, 350, 20]]);
    expect(b.total).toBe(98.66);
    expect(b.note).toContain('÷ 12');
  });
});

describe('parseKwh', () => {
  it.each<[string, number]>([
    ['260', 260],
    [' 260.5 ', 260.5],
    ['２６０', 260],
    ['260度', 260],
    ['260 kWh', 260],
    ['0', 0],
  ])('reads %j', (input, kwh) => {
    expect(parseKwh(input)).toEqual({ ok: true, kwh });
  });
  it.each<[string, string]>([
    ['', '请输入'],
    ['abc', '数字'],
    ['-5', '负数'],
    ['1e5', '数字'],
    ['12.345', '两位小数'],
    ['260,5', '数字'],
    ['999999999999', '过大'],
  ])('refuses %j with a friendly message', (input, words) => {
    const r = parseKwh(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toContain(words);
  });
});

describe('Tariff', () => {
  it.each([
    ['a last tier with a bound', { tiers: [{ name: 'a', upToKwh: 100, pricePerKwh: 0.5 }] }, '最后一档'],
    ['a middle tier without a bound', { tiers: [{ name: 'a', upToKwh: null, pricePerKwh: 0.5 }, { name: 'b', upToKwh: null, pricePerKwh: 0.6 }] }, '需要上限'],
    ['bounds not increasing', { tiers: [{ name: 'a', upToKwh: 200, pricePerKwh: 0.5 }, { name: 'b', upToKwh: 100, pricePerKwh: 0.6 }, { name: 'c', upToKwh: null, pricePerKwh: 0.7 }] }, '大于上一档'],
    ['a negative price', { tiers: [{ name: 'a', upToKwh: null, pricePerKwh: -0.5 }] }, '大于 0'],
    ['five decimals', { tiers: [{ name: 'a', upToKwh: null, pricePerKwh: 0.52831 }] }, '4 位小数'],
  ])('refuses %s', (_name, input, words) => {
    const r = Tariff.safeParse(input);
    expect(r.success).toBe(false);
    expect(JSON.stringify(r.error?.issues)).toContain(words);
  });
});
