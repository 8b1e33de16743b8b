/**
 * The price-table form's numeric prices (`tariff`: tiers with an upper bound in kWh and a price, the
 * last tier unbounded, per month or per year; 峰谷 periods) and its 峰谷 display rows (`periods`). The
 * kiosks' bill calculator runs on the numbers; 「由数字电价生成表格」 writes the display rows from
 * them, so staff enter each price once.
 */
import { Tariff } from '../../content/tariff';
import { h, mount, options } from '../ui/dom';
import { field } from '../ui/fields';
import { toast } from '../ui/feedback';
import { rowList, type RowList } from '../ui/row-list';

type TariffValue = Tariff;
export type TierRow = { name: string; range: string; price: string };
export type PeriodRow = { name: string; hours: string; price: string };

const priceText = (p: number) => `${p} 元/千瓦时`;

/** The display rows of the tiered table, written from the numbers. */
export function tierRowsFromTariff(t: TariffValue): TierRow[] {
  const unit = t.basis === 'year' ? '千瓦时/年' : '千瓦时/月';
  return t.tiers.map((tier, i) => {
    const prev = i === 0 ? null : t.tiers[i - 1]!.upToKwh;
    const range = tier.upToKwh === null
      ? `${prev ?? 0} ${unit}以上`
      : `${prev === null ? 0 : prev + 1}–${tier.upToKwh} ${unit}`;
    return { name: tier.name, range, price: priceText(tier.pricePerKwh) };
  });
}

/** The 峰谷 display rows, written from the numbers. */
export function periodRowsFromTariff(t: TariffValue): PeriodRow[] {
  return t.timeOfUse.map((p) => ({ name: p.name, hours: p.hours, price: priceText(p.pricePerKwh) }));
}

const num = (v: string | undefined) => (v === undefined || v.trim() === '' ? undefined : Number(v.trim()));

/** Raw tariff from the rows (undefined when staff entered no numbers at all). */
export function readTariff(basis: string, tiers: Record<string, string>[], tou: Record<string, string>[]): Record<string, unknown> | undefined {
  if (!tiers.length && !tou.length) return undefined;
  return {
    basis,
    tiers: tiers.map((r) => ({ name: r.name ?? '', upToKwh: num(r.upToKwh) ?? null, pricePerKwh: num(r.pricePerKwh) })),
    timeOfUse: tou.map((r) => ({ name: r.name ?? '', hours: r.hours ?? '', pricePerKwh: num(r.pricePerKwh) })),
  };
}

interface Stored {
  tariff?: TariffValue;
  periods?: PeriodRow[];
}

export interface TariffFields {
  el: HTMLElement[];
  read(): { tariff?: unknown; periods?: PeriodRow[] };
}

/** `fillTiers` replaces the display tier rows of the price table. */
export function tariffFields(s: Stored, fillTiers: (rows: TierRow[]) => void): TariffFields {
  const basis = h('select', { 'data-testid': 'slide-tariff-basis' }, options([['month', '按月计算阶梯'], ['year', '按年计算阶梯']], s.tariff?.basis ?? 'month'));
  const tierList = (rows: Record<string, string | undefined>[]) => rowList({
    name: 'slide-tariff-tier', max: 6, addLabel: '添加一档', rows,
    columns: [
      { key: 'name', label: '档位', testid: 'slide-tariff-tier-name', placeholder: '第一档' },
      { key: 'upToKwh', label: '上限（千瓦时）', testid: 'slide-tariff-tier-up', placeholder: '最后一档留空' },
      { key: 'pricePerKwh', label: '电价（元/千瓦时）', testid: 'slide-tariff-tier-price', placeholder: '0.4883' },
    ],
  });
  const touList = () => rowList({
    name: 'slide-tariff-tou', max: 6, addLabel: '添加时段', rows: (s.tariff?.timeOfUse ?? []).map((p) => ({ name: p.name, hours: p.hours, pricePerKwh: String(p.pricePerKwh) })),
    columns: [
      { key: 'name', label: '时段', testid: 'slide-tariff-tou-name', placeholder: '高峰' },
      { key: 'hours', label: '时间', testid: 'slide-tariff-tou-hours', placeholder: '8:00–22:00' },
      { key: 'pricePerKwh', label: '电价（元/千瓦时）', testid: 'slide-tariff-tou-price', placeholder: '0.5583' },
    ],
  });
  const periodList = (rows: readonly PeriodRow[]) => rowList({
    name: 'slide-period', max: 6, addLabel: '添加时段', rows,
    columns: [
      { key: 'name', label: '时段', testid: 'slide-period-name', placeholder: '高峰' },
      { key: 'hours', label: '时间', testid: 'slide-period-hours', placeholder: '8:00–22:00' },
      { key: 'price', label: '电价', testid: 'slide-period-price', placeholder: '0.5583 元/千瓦时' },
    ],
  });
  const tiers: RowList = tierList((s.tariff?.tiers ?? []).map((t) => ({ name: t.name, upToKwh: t.upToKwh === null ? '' : String(t.upToKwh), pricePerKwh: String(t.pricePerKwh) })));
  const tou: RowList = touList();
  let periods: RowList = periodList(s.periods ?? []);
  const periodsBox = h('div', {}, periods.el);

  const raw = () => readTariff(basis.value, tiers.read(), tou.read());
  const generate = h('button', { type: 'button', class: 'btn small tariff-generate', 'data-testid': 'slide-tariff-generate' }, '由数字电价生成表格');
  generate.onclick = () => {
    const parsed = Tariff.safeParse(raw());
    if (!parsed.success) {
      toast(`请先把数字电价填写正确：${parsed.error.issues[0]?.message ?? '内容不完整'}`, 'error');
      return;
    }
    fillTiers(tierRowsFromTariff(parsed.data));
    if (parsed.data.timeOfUse.length) {
      periods = periodList(periodRowsFromTariff(parsed.data));
      mount(periodsBox, periods.el);
    }
    toast('已按数字电价生成阶梯电价表格，请核对');
  };

  return {
    el: [
      field('数字电价（用于电费计算）', h('div', { class: 'tariff-numbers' }, [basis, tiers.el]), {
        path: 'tariff.tiers', wide: true, hint: '触摸查询终端用这些数字计算电费；上限按所选的月或年累计，最后一档不设上限',
      }),
      field('峰谷分时电价（数字）', tou.el, { path: 'tariff.timeOfUse', wide: true }),
      h('div', { class: 'field wide' }, [generate, h('small', { class: 'hint' }, '填好数字后点此生成上方「阶梯电价」表格和下方峰谷表格的文字，无需重复输入')]),
      field('峰谷分时（显示）', periodsBox, { path: 'periods', wide: true }),
    ],
    read() {
      const p = periods.read().map((r) => ({ name: r.name ?? '', hours: r.hours ?? '', price: r.price ?? '' }));
      return { tariff: raw(), periods: p.length ? p : undefined };
    },
  };
}
