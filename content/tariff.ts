/**
 * Structured electricity prices (居民阶梯电价 and 峰谷分时) and the bill calculator the kiosks show.
 * Money is exact: kWh in hundredths and prices in ten-thousandths of a yuan are integers, multiplied
 * as BigInt, and each tier's amount is rounded half-up to the fen, as a bill prints it; the total
 * is the sum of the printed lines, so the arithmetic on screen always adds up.
 */
import { z } from 'zod';

const Price = z.number().positive('电价必须大于 0').max(100, '电价过大').multipleOf(0.0001, '电价至多 4 位小数');
export const TariffTier = z.object({
  name: z.string().trim().min(1).max(20),
  /** Upper bound of the tier in kWh per `basis` period; null = no upper bound (the last tier). */
  upToKwh: z.number().int().positive().max(10_000_000).nullable(),
  pricePerKwh: Price,
});
export const TimeOfUsePeriod = z.object({
  name: z.string().trim().min(1).max(20),
  /** Shown as is, e.g. 8:00–22:00. */
  hours: z.string().trim().min(1).max(60),
  pricePerKwh: Price,
});

export const Tariff = z
  .object({
    /** Tier bounds are per month or per year (many provinces count a year; bills are monthly). */
    basis: z.enum(['month', 'year']).default('month'),
    tiers: z.array(TariffTier).min(1, '至少一档电价').max(6),
    timeOfUse: z.array(TimeOfUsePeriod).max(6).default([]),
  })
  .superRefine((t, ctx) => {
    t.tiers.forEach((tier, i) => {
      const last = i === t.tiers.length - 1;
      if (last && tier.upToKwh !== null) ctx.addIssue({ code: 'custom', path: ['tiers', i, 'upToKwh'], message: '最后一档不设上限' });
      if (!last && tier.upToKwh === null) ctx.addIssue({ code: 'custom', path: ['tiers', i, 'upToKwh'], message: `「${tier.name}」需要上限（只有最后一档不设上限）` });
      const prev = t.tiers[i - 1]?.upToKwh;
      if (prev != null && tier.upToKwh !== null && tier.upToKwh <= prev)
        ctx.addIssue({ code: 'custom', path: ['tiers', i, 'upToKwh'], message: `「${tier.name}」的上限必须大于上一档` });
    });
  });
export type Tariff = z.infer<typeof Tariff>;

/** Largest monthly consumption the calculator accepts (a large factory is far below this). */
export const MAX_MONTHLY_KWH = 100_000_000;

export interface BillLine {
  name: string;
  /** The tier's monthly range, kWh (to = null: open-ended). */
  fromKwh: number;
  toKwh: number | null;
  kwh: number;
  pricePerKwh: number;
  /** Yuan, rounded to the fen. */
  amount: number;
  /** e.g. `第一档：180 千瓦时 × 0.4883 元 = 87.89 元`. */
  text: string;
}
export type Bill =
  | { ok: true; kwh: number; lines: BillLine[]; total: number; note?: string }
  | { ok: false; message: string };

/** Reads what a visitor typed (full-width digits and a trailing 度/kWh accepted). */
export function parseKwh(input: string): { ok: true; kwh: number } | { ok: false; message: string } {
  const ascii = input
    .replace(/[０-９．]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/\s+/g, '')
    .replace(/(度|千瓦时|kwh)$/i, '');
  if (ascii === '') return { ok: false, message: '请输入本月用电量（千瓦时，即“度”）' };
  if (ascii.startsWith('-')) return { ok: false, message: '用电量不能是负数' };
  if (!/^\d+(\.\d{1,2})?$/.test(ascii)) return { ok: false, message: '请输入数字，例如 260 或 260.5（最多两位小数）' };
  const kwh = Number(ascii);
  if (kwh > MAX_MONTHLY_KWH) return { ok: false, message: `用电量过大（上限 ${MAX_MONTHLY_KWH.toLocaleString('zh-CN')} 千瓦时），请核对后再输入` };
  return { ok: true, kwh };
}

const toCenti = (kwh: number): bigint => BigInt(Math.round(kwh * 100));
const toMilliFen = (price: number): bigint => BigInt(Math.round(price * 10_000));
/** kWh/100 × yuan/10000 = yuan/1e6 → fen, half up. */
const fenOf = (centiKwh: bigint, priceE4: bigint): bigint => (centiKwh * priceE4 + 5_000n) / 10_000n;
const yuan = (fen: bigint): number => Number(fen) / 100;
const fmtKwh = (centi: bigint): string => (Number(centi) / 100).toString();
const fmtYuan = (fen: bigint): string => (Number(fen) / 100).toFixed(2);

/** Monthly tier bounds in hundredths of a kWh (a yearly bound counts one twelfth per month). */
function monthlyBounds(tariff: Tariff): (bigint | null)[] {
  return tariff.tiers.map((t) => (t.upToKwh === null ? null : tariff.basis === 'year' ? (BigInt(t.upToKwh) * 100n + 6n) / 12n : BigInt(t.upToKwh) * 100n));
}

/** The month's bill for `kwh` by tier, with the arithmetic of each line. */
export function calculateBill(kwh: number, tariff: Tariff): Bill {
  if (!Number.isFinite(kwh)) return { ok: false, message: '请输入数字' };
  if (kwh < 0) return { ok: false, message: '用电量不能是负数' };
  if (kwh > MAX_MONTHLY_KWH) return { ok: false, message: `用电量过大（上限 ${MAX_MONTHLY_KWH.toLocaleString('zh-CN')} 千瓦时）` };
  const total = toCenti(kwh);
  const bounds = monthlyBounds(tariff);
  const lines: BillLine[] = [];
  let from = 0n;
  let totalFen = 0n;
  for (const [i, tier] of tariff.tiers.entries()) {
    const to = bounds[i] ?? null;
    const used = (to === null ? total : total < to ? total : to) - from;
    if (used <= 0n && i > 0) break;
    const price = toMilliFen(tier.pricePerKwh);
    const fen = fenOf(used > 0n ? used : 0n, price);
    totalFen += fen;
    lines.push({
      name: tier.name,
      fromKwh: Number(from) / 100,
      toKwh: to === null ? null : Number(to) / 100,
      kwh: Number(used > 0n ? used : 0n) / 100,
      pricePerKwh: tier.pricePerKwh,
      amount: yuan(fen),
      text: `${tier.name}：${fmtKwh(used > 0n ? used : 0n)} 千瓦时 × ${tier.pricePerKwh} 元 = ${fmtYuan(fen)} 元`,
    });
    if (to === null || total <= to) break;
    from = to;
  }
  return {
    ok: true,
    kwh,
    lines,
    total: yuan(totalFen),
    ...(tariff.basis === 'year' && { note: '年度阶梯按月折算（每档年度电量 ÷ 12），实际以供电公司账单为准' }),
  };
}
