/**
 * 电价查询: the tiered table and time-of-use periods of a price slide's numeric `tariff`, and the bill
 * calculator. Kiosks have no OS keyboard, so the kWh field is read-only and fed by a big on-screen
 * keypad (digits on a remote or a USB keyboard work too). 计算 shows each tier's arithmetic from
 * calculateBill; what parseKwh refuses is explained on screen in its own words.
 */
import type { KioskPage } from '../../../content/kiosk-model';
import { calculateBill, parseKwh, type Tariff } from '../../../content/tariff';
import { button, el } from '../dom-build';
import type { PageContext, PageView } from './page-view';
import { table } from './slide-page';

const MAX_CHARS = 12;
const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '.', '0', 'del'] as const;

function tierRows(tariff: Tariff): string[][] {
  const unit = tariff.basis === 'year' ? '千瓦时/年' : '千瓦时/月';
  let from = 0;
  return tariff.tiers.map((t) => {
    const range = t.upToKwh === null ? `${from} 以上` : `${from}–${t.upToKwh}`;
    if (t.upToKwh !== null) from = t.upToKwh;
    return [t.name, `${range} ${unit}`, `${t.pricePerKwh} 元`];
  });
}

export function pricesPage(page: Extract<KioskPage, { type: 'prices' }>, ctx: PageContext): PageView {
  const source = ctx.slide(page.priceSlideId);
  const tariff = source?.type === 'priceTable' ? source.tariff : undefined;
  if (!tariff) return { element: el('p', { class: 'kiosk-prose', text: '电价数据暂不可用，请咨询工作人员。' }) };

  const root = el('div', { class: 'kiosk-prices' });
  root.append(el('h2', { text: '居民阶梯电价' }), table(['档位', '用电量', '电价（每千瓦时）'], tierRows(tariff)));
  if (tariff.timeOfUse.length > 0) root.append(el('h2', { text: '峰谷分时电价' }), table(['时段', '时间', '电价（每千瓦时）'], tariff.timeOfUse.map((p) => [p.name, p.hours, `${p.pricePerKwh} 元`])));
  if (source?.type === 'priceTable' && source.note) root.append(el('p', { class: 'kiosk-note', text: source.note }));

  let value = '';
  const input = el('input', { class: 'kiosk-kwh', 'data-testid': 'kiosk-kwh-input', 'data-kfocus': true, readonly: true, inputmode: 'none', 'aria-label': '本月用电量（千瓦时）', placeholder: '请输入用电量' });
  const result = el('div', { class: 'kiosk-bill', 'aria-live': 'polite' });
  const setValue = (v: string): void => {
    value = v.slice(0, MAX_CHARS);
    input.value = value;
    // A changed amount makes the shown bill stale: it goes until 计算 is pressed again.
    result.replaceChildren();
  };
  const calculate = (): void => {
    const parsed = parseKwh(value);
    if (!parsed.ok) {
      result.replaceChildren(el('p', { class: 'kiosk-bill-error', 'data-testid': 'kiosk-bill-error', role: 'alert', text: parsed.message }));
      return;
    }
    const bill = calculateBill(parsed.kwh, tariff);
    if (!bill.ok) {
      result.replaceChildren(el('p', { class: 'kiosk-bill-error', 'data-testid': 'kiosk-bill-error', role: 'alert', text: bill.message }));
      return;
    }
    result.replaceChildren(
      el('ul', { class: 'kiosk-bill-lines' }, ...bill.lines.map((l) => el('li', { text: l.text }))),
      el('p', { class: 'kiosk-bill-total', 'data-testid': 'kiosk-bill-total', 'data-total': bill.total.toFixed(2), text: `合计：${bill.total.toFixed(2)} 元` }),
    );
    if (bill.note) result.append(el('p', { class: 'kiosk-note', text: bill.note }));
  };
  // The result sits under the keypad: bring it up so the visitor sees the answer without scrolling.
  const reveal = (): void => result.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  const press = (key: string): void => {
    if (key === 'del') setValue(value.slice(0, -1));
    else if (key === 'clear') setValue('');
    else setValue(value + key);
  };

  const pad = el('div', { class: 'kiosk-keypad', role: 'group', 'aria-label': '数字键盘' });
  for (const k of KEYS) {
    const id = k === '.' ? 'dot' : k;
    pad.append(button({ class: 'kiosk-key', 'data-testid': `kiosk-keypad-${id}`, 'aria-label': k === 'del' ? '退格' : k === '.' ? '小数点' : k }, () => press(k), k === 'del' ? '⌫' : k));
  }
  pad.append(
    button({ class: 'kiosk-key kiosk-key-wide', 'data-testid': 'kiosk-keypad-clear' }, () => press('clear'), '清除'),
    button({ class: 'kiosk-key kiosk-key-wide kiosk-key-go', 'data-testid': 'kiosk-keypad-calc' }, () => (calculate(), reveal()), '计算电费'),
  );
  root.append(el('h2', { text: '电费计算' }), el('label', { class: 'kiosk-kwh-row' }, el('span', { text: '本月用电量' }), input, el('span', { text: '千瓦时（度）' })), pad, result);

  return {
    element: root,
    onKey(e) {
      if (/^[0-9.]$/.test(e.key)) press(e.key);
      else if (e.key === 'Backspace' && value !== '') press('del');
      else if (e.key === 'Enter' && document.activeElement === input) (calculate(), reveal());
      else return false;
      return true;
    },
  };
}
