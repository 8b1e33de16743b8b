/** The rows a price-table slide shows: the tier table, then the 峰谷分时 periods when the slide has any. */
import type { SlideOf } from '../../content/model';

/** One table of the slide: its heading row and its body rows (three columns each). */
export interface PriceSection {
  kind: 'tiers' | 'periods';
  heading: readonly [string, string, string];
  rows: [string, string, string][];
}

/** Tiers first; periods as their own table under them (none when the slide has no periods). */
export function priceSections(slide: Pick<SlideOf<'priceTable'>, 'tiers' | 'periods'>): PriceSection[] {
  const sections: PriceSection[] = [{ kind: 'tiers', heading: ['档次', '用电量', '电价'], rows: slide.tiers.map((t) => [t.name, t.range, t.price]) }];
  if (slide.periods?.length) sections.push({ kind: 'periods', heading: ['峰谷时段', '时间', '电价'], rows: slide.periods.map((p) => [p.name, p.hours, p.price]) });
  return sections;
}

/** The slide as one line for LED strips and the accessibility mirror. */
export function priceLine(slide: Pick<SlideOf<'priceTable'>, 'title' | 'tiers' | 'periods'>): string {
  const tiers = slide.tiers.map((t) => `${t.name} ${t.range} ${t.price}元`).join('；');
  const periods = slide.periods?.length ? `；峰谷分时：${slide.periods.map((p) => `${p.name} ${p.hours} ${p.price}`).join('；')}` : '';
  return `${slide.title}：${tiers}${periods}`;
}
