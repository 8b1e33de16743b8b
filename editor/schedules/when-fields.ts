/**
 * The optional 播放时间 of a schedule entry: date range, weekdays 一…日, daily windows (may cross
 * midnight) and exception dates. Off means "always", which is what no `when` says.
 */
import type { When } from '../../content/model';
import { h, mount } from '../ui/dom';
import { errorSlot, field, group } from '../ui/fields';
import { districtZone, zoneLabel } from '../time/hall-time';
import { WEEKDAY_LABELS } from '../ui/labels';
import { overnightAnswer, overnightQuestion } from '../ui/overnight-question';

export interface WhenFields {
  el: HTMLElement;
  /** undefined when the box is unticked; otherwise raw values for `When` to validate. */
  read(): When | undefined;
  /** Windows whose end is before their start that staff have not confirmed as overnight (跨夜). */
  unconfirmedOvernight(): number;
}

/** Testids: schedule-when-enabled, schedule-from, schedule-until, schedule-day-1…7, schedule-window(-start/-end/-add/-remove), schedule-except(-add/-remove). */
export function whenFields(initial: When | undefined): WhenFields {
  const enabled = h('input', { type: 'checkbox', 'data-testid': 'schedule-when-enabled', checked: initial !== undefined });
  const from = h('input', { type: 'date', 'data-testid': 'schedule-from', value: initial?.from ?? '' });
  const until = h('input', { type: 'date', 'data-testid': 'schedule-until', value: initial?.until ?? '' });
  const days = WEEKDAY_LABELS.map((label, i) =>
    h('label', { class: 'chip-check' }, [
      h('input', { type: 'checkbox', value: String(i + 1), 'data-testid': `schedule-day-${i + 1}`, checked: !initial?.days || initial.days.includes(i + 1) }),
      `周${label}`,
    ]),
  );

  const windows = h('ol', { class: 'row-list', 'data-testid': 'schedule-windows' });
  const windowRow = (w?: { start: string; end: string }) => {
    const start = h('input', { type: 'time', 'data-testid': 'schedule-window-start', value: w?.start ?? '08:30', 'aria-label': '开始时间' });
    const end = h('input', { type: 'time', 'data-testid': 'schedule-window-end', value: w?.end ?? '17:30', 'aria-label': '结束时间' });
    const question = overnightQuestion(start, end, 'schedule-window-overnight', !!w && w.end < w.start);
    const li = h('li', { class: 'row-item', 'data-testid': 'schedule-window' }, [
      start,
      h('span', {}, '至'),
      end,
      h('button', { type: 'button', class: 'icon-btn', 'data-testid': 'schedule-window-remove', 'aria-label': '删除此时段', onclick: () => li.remove() }, '×'),
      question,
    ]);
    return li;
  };
  mount(windows, (initial?.windows ?? []).map(windowRow));
  const addWindow = h('button', { type: 'button', class: 'btn small', 'data-testid': 'schedule-window-add', onclick: () => windows.append(windowRow()) }, '＋ 添加时段');

  const exceptList = h('ul', { class: 'chips', 'data-testid': 'schedule-except-list' });
  const exceptChip = (date: string) => {
    const li = h('li', { class: 'chip', 'data-date': date }, [
      date,
      h('button', { type: 'button', class: 'icon-btn', 'data-testid': 'schedule-except-remove', 'aria-label': `移除 ${date}`, onclick: () => li.remove() }, '×'),
    ]);
    return li;
  };
  mount(exceptList, (initial?.except ?? []).map(exceptChip));
  const exceptInput = h('input', { type: 'date', 'data-testid': 'schedule-except' });
  const exceptDates = () => [...exceptList.querySelectorAll<HTMLElement>('[data-date]')].map((li) => li.dataset.date ?? '');
  const addExcept = h('button', {
    type: 'button', class: 'btn small', 'data-testid': 'schedule-except-add',
    onclick: () => {
      const d = exceptInput.value;
      if (d && !exceptDates().includes(d)) exceptList.append(exceptChip(d));
      exceptInput.value = '';
    },
  }, '添加');

  const body = h('div', { class: 'when-body' }, [
    // The resolver reads dates and windows on each hall's own clock; the browser's zone plays no part.
    h('p', { class: 'hint', 'data-testid': 'schedule-when-zone' }, `日期和时段按营业厅当地时间计算（${zoneLabel(districtZone())}）`),
    h('div', { class: 'form-grid' }, [
      field('开始日期', from, { path: 'when.from', hint: '留空 = 立即' }),
      field('结束日期', until, { path: 'when.until', hint: '留空 = 长期（含当天）' }),
    ]),
    field('播放日', h('div', { class: 'chip-row' }, days), { path: 'when.days', wide: true }),
    field('每日时段', h('div', {}, [windows, addWindow]), {
      path: 'when.windows', wide: true, hint: '不添加 = 全天。结束早于开始表示跨越午夜（如 22:00 至 06:00）',
    }),
    field('例外日期（如节假日不播放）', h('div', {}, [h('div', { class: 'add-row' }, [exceptInput, addExcept]), exceptList]), { path: 'when.except', wide: true }),
    errorSlot('when'),
  ]);
  const sync = () => {
    body.hidden = !enabled.checked;
  };
  enabled.onchange = sync;
  sync();

  return {
    el: group('播放时间', [h('label', { class: 'radio' }, [enabled, '只在指定时间播放（不勾选 = 始终播放）']), body]),
    unconfirmedOvernight() {
      if (!enabled.checked) return 0;
      return [...windows.querySelectorAll('li')].filter((li) => overnightAnswer(li, 'schedule-window-overnight') === 'unanswered').length;
    },
    read() {
      if (!enabled.checked) return undefined;
      const picked = days.map((l) => l.querySelector('input')!).filter((i) => i.checked).map((i) => Number(i.value));
      const ranges = [...windows.querySelectorAll('li')].map((li) => {
        const [start, end] = li.querySelectorAll<HTMLInputElement>('input[type="time"]');
        return { start: start?.value ?? '', end: end?.value ?? '' };
      });
      const except = exceptDates();
      return {
        ...(from.value ? { from: from.value } : {}),
        ...(until.value ? { until: until.value } : {}),
        // All seven ticked says nothing; leave it out so the entry reads "every day".
        ...(picked.length === 7 ? {} : { days: picked }),
        ...(ranges.length ? { windows: ranges } : {}),
        ...(except.length ? { except } : {}),
      };
    },
  };
}
