/**
 * The rows of one exception-day list (节假日与例外日期): per date 闭馆, 特殊营业时间 with its windows or
 * 照常营业 (the weekly hours, against the district's list), a
 * name, and optionally the areas it applies to. Raw values go out for content's `ExceptionDays` to
 * validate; an end before its start is sent as overnight only when staff ticked "这是跨夜时段吗？".
 */
import { AREA_LABELS, Area, EXCEPTION_KIND_LABELS, type ExceptionDay } from '../../content/model';
import { h } from '../ui/dom';
import { errorSlot } from '../ui/fields';
import { overnightAnswer, overnightQuestion } from '../ui/overnight-question';

const MAX_WINDOWS = 6;

/** The kind choice spells out what 照常营业 means, since "open" alone reads like "open all day". */
const KIND_CHOICES: Record<ExceptionDay['kind'], string> = { ...EXCEPTION_KIND_LABELS, open: `${EXCEPTION_KIND_LABELS.open}（按每周营业时间）` };

export interface ExceptionFields {
  el: HTMLElement;
  /** Raw entries, in the order shown. */
  read(): unknown[];
}

function windowRow(w?: { start: string; end: string; overnight?: boolean }): HTMLElement {
  const start = h('input', { type: 'time', 'data-testid': 'exception-start', value: w?.start ?? '09:00', 'aria-label': '开始时间' });
  const end = h('input', { type: 'time', 'data-testid': 'exception-end', value: w?.end ?? '12:00', 'aria-label': '结束时间' });
  const question = overnightQuestion(start, end, 'exception-overnight', !!w?.overnight);
  const li = h('li', { class: 'exception-window', 'data-testid': 'exception-window' }, [
    start, h('span', {}, '至'), end,
    h('button', { type: 'button', class: 'icon-btn', 'data-testid': 'exception-window-remove', 'aria-label': '删除此时段', onclick: () => li.remove() }, '×'),
    question,
  ]);
  return li;
}

function readWindow(li: Element): { start: string; end: string; overnight?: true } {
  const [start, end] = [...li.querySelectorAll<HTMLInputElement>('input[type="time"]')].map((i) => i.value);
  const confirmed = overnightAnswer(li, 'exception-overnight') === 'confirmed';
  return { start: start ?? '', end: end ?? '', ...(confirmed ? { overnight: true as const } : {}) };
}

function entryRow(entry: Partial<ExceptionDay> | undefined): HTMLElement {
  const date = h('input', { type: 'date', 'data-testid': 'exception-date', 'data-key': 'date', value: entry?.date ?? '', 'aria-label': '日期' });
  const kind = h('select', { 'data-testid': 'exception-kind', 'data-key': 'kind', 'aria-label': '安排' },
    (['closed', 'hours', 'open'] as const).map((k) => h('option', { value: k, selected: (entry?.kind ?? 'closed') === k }, KIND_CHOICES[k])));
  const name = h('input', { type: 'text', 'data-testid': 'exception-name', 'data-key': 'name', maxlength: 20, value: entry?.name ?? '', placeholder: '名称，如 春节', 'aria-label': '名称' });
  const windows = h('ol', { class: 'exception-windows', 'data-testid': 'exception-windows' },
    (entry?.kind === 'hours' && entry.windows ? entry.windows : [undefined]).map((w) => windowRow(w)));
  const addWindow = h('button', {
    type: 'button', class: 'btn small', 'data-testid': 'exception-window-add',
    onclick: () => { if (windows.children.length < MAX_WINDOWS) windows.append(windowRow()); },
  }, '＋ 时段');
  const hoursBox = h('div', { class: 'exception-hours' }, [windows, addWindow]);
  const limit = h('input', { type: 'checkbox', 'data-testid': 'exception-areas-limit', checked: !!entry?.areas });
  const areas = Area.options.map((a) =>
    h('label', { class: 'chip-check' }, [h('input', { type: 'checkbox', value: a, 'data-testid': 'exception-area', checked: entry?.areas?.includes(a) ?? false }), AREA_LABELS[a]]));
  const areaBox = h('div', { class: 'chip-row' }, areas);
  const sync = () => {
    hoursBox.hidden = kind.value !== 'hours';
    areaBox.hidden = !limit.checked;
  };
  kind.addEventListener('change', sync);
  limit.addEventListener('change', sync);
  const row = h('li', { class: 'row-item exception-row', 'data-testid': 'exception-row' }, [
    h('div', { class: 'exception-head' }, [
      date, kind, name,
      h('button', { type: 'button', class: 'icon-btn', 'data-testid': 'exception-remove', 'aria-label': '删除此日期', onclick: () => row.remove() }, '×'),
    ]),
    hoursBox,
    h('label', { class: 'check' }, [limit, '只用于指定区域（不勾选 = 所有设了营业时间的区域；24 小时区域如自助服务区照常）']),
    areaBox,
  ]);
  sync();
  return row;
}

function readEntry(row: Element): unknown {
  const value = (testid: string) => row.querySelector<HTMLInputElement | HTMLSelectElement>(`[data-testid="${testid}"]`)?.value ?? '';
  const kind = value('exception-kind');
  const name = value('exception-name').trim();
  const limited = row.querySelector<HTMLInputElement>('[data-testid="exception-areas-limit"]')?.checked;
  const areas = [...row.querySelectorAll<HTMLInputElement>('[data-testid="exception-area"]')].filter((i) => i.checked).map((i) => i.value);
  return {
    date: value('exception-date'),
    kind,
    ...(name ? { name } : {}),
    ...(kind === 'hours' ? { windows: [...row.querySelectorAll('[data-testid="exception-window"]')].map(readWindow) } : {}),
    ...(limited ? { areas } : {}),
  };
}

/** The list (`exception-row` per date) with 添加日期; issues land in the slot for `path`. */
export function exceptionFields(initial: readonly ExceptionDay[], path = 'exceptions'): ExceptionFields {
  const list = h('ol', { class: 'row-list exception-list', 'data-testid': 'exception-list' }, initial.map(entryRow));
  const add = h('button', { type: 'button', class: 'btn small', 'data-testid': 'exception-add', onclick: () => list.append(entryRow(undefined)) }, '＋ 添加日期');
  return {
    el: h('div', { class: 'field wide exception-field' }, [
      list,
      initial.length === 0 && h('p', { class: 'muted small', 'data-testid': 'exception-empty' }, '还没有例外日期：按每周营业时间执行'),
      add,
      errorSlot(path),
    ]),
    read: () => [...list.querySelectorAll(':scope > [data-testid="exception-row"]')].map(readEntry),
  };
}
