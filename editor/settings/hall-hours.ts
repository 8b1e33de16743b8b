/**
 * 营业时间 of one hall: per area either 24 小时 (no entry, the 自助服务区 norm) or daily windows on
 * chosen weekdays, in the hall's wall-clock time. A window whose end is before its start crosses
 * midnight. Raw values go out for `HallInput`'s `hours` (`AreaHours`) to validate.
 */
import { AREA_LABELS, Area, AreaHours, type Hall } from '../../content/model';
import type { z } from 'zod';
import { h, mount } from '../ui/dom';
import { errorSlot, field } from '../ui/fields';
import { WEEKDAY_LABELS } from '../ui/labels';

const MAX_WINDOWS = 6;
const DEFAULT_WINDOW = { start: '08:30', end: '17:30' };

export interface HoursFields {
  el: HTMLElement;
  /** Raw hours per area; areas left at 24 小时 are absent. */
  read(): Partial<Record<Area, AreaHours>>;
}

// The wording lives in content/ so the `{营业时间}` slide variable reads exactly like this form.
import { describeHours } from '../../content/hours-text';
export { describeDays, describeHours } from '../../content/hours-text';

/** Business-hours issues in words for this form (zod's own speak of arrays and elements). */
export function hoursIssue(issue: z.core.$ZodIssue): z.core.$ZodIssue {
  const [root, , key] = issue.path;
  if (root !== 'hours' || issue.path.length !== 3) return issue;
  if (key === 'days' && issue.code === 'too_small') return { ...issue, message: '至少选择一个营业日（全天开放请勾选 24 小时）' };
  if (key === 'windows' && issue.code === 'too_small') return { ...issue, message: '至少添加一个时段，或勾选 24 小时' };
  if (key === 'windows' && issue.code === 'too_big') return { ...issue, message: `每个区域至多 ${MAX_WINDOWS} 个时段` };
  return issue;
}

function areaBlock(area: Area, initial: AreaHours | undefined) {
  const path = `hours.${area}`;
  const allDay = h('input', { type: 'checkbox', 'data-testid': 'hall-hours-24h', checked: !initial });
  const summary = h('span', { class: 'muted hours-summary', 'data-testid': 'hall-hours-summary', 'aria-live': 'polite' });
  const windows = h('ol', { class: 'row-list', 'data-testid': 'hall-hours-windows' });
  const add = h('button', { type: 'button', class: 'btn small', 'data-testid': 'hall-hours-add' }, '＋ 添加时段');
  const days = WEEKDAY_LABELS.map((label, i) =>
    h('label', { class: 'chip-check' }, [
      h('input', { type: 'checkbox', value: String(i + 1), 'data-testid': `hall-hours-day-${i + 1}`, checked: !initial?.days || initial.days.includes(i + 1) }),
      `周${label}`,
    ]),
  );

  const windowRow = (w: { start: string; end: string }) => {
    const start = h('input', { type: 'time', 'data-testid': 'hall-hours-start', 'data-key': 'start', value: w.start, 'aria-label': '开始时间' });
    const end = h('input', { type: 'time', 'data-testid': 'hall-hours-end', 'data-key': 'end', value: w.end, 'aria-label': '结束时间' });
    const overnight = h('small', { class: 'muted overnight', 'data-testid': 'hall-hours-overnight' }, '次日');
    const li = h('li', { class: 'row-item hours-window', 'data-testid': 'hall-hours-window' }, [
      start, h('span', {}, '至'), overnight, end,
      h('button', {
        type: 'button', class: 'icon-btn', 'data-testid': 'hall-hours-remove', 'aria-label': '删除此时段',
        onclick: () => { li.remove(); sync(); },
      }, '×'),
    ]);
    const mark = () => { overnight.hidden = !(start.value && end.value && end.value < start.value); };
    start.addEventListener('input', mark);
    end.addEventListener('input', mark);
    mark();
    return li;
  };

  const read = (): AreaHours | undefined => {
    if (allDay.checked) return undefined;
    const picked = days.map((l) => l.querySelector('input')!).filter((i) => i.checked).map((i) => Number(i.value));
    const ranges = [...windows.querySelectorAll('li')].map((li) => {
      const [start, end] = li.querySelectorAll('input');
      return { start: start?.value ?? '', end: end?.value ?? '' };
    });
    // All seven ticked says nothing: leave `days` out, which reads "every day".
    return { windows: ranges, ...(picked.length === 7 ? {} : { days: picked }) };
  };

  const body = h('div', { class: 'hours-body' }, [
    field('每日时段', h('div', {}, [windows, add]), { path: `${path}.windows` }),
    field('营业日', h('div', { class: 'chip-row' }, days), { path: `${path}.days` }),
  ]);

  function sync(): void {
    body.hidden = allDay.checked;
    add.disabled = windows.children.length >= MAX_WINDOWS;
    const raw = read();
    const parsed = raw && AreaHours.safeParse(raw);
    summary.textContent = !raw ? '全天开放，始终播放' : parsed?.success ? describeHours(parsed.data) : '（待填写完整）';
  }

  add.onclick = () => {
    windows.append(windowRow(DEFAULT_WINDOW));
    sync();
  };
  allDay.onchange = () => {
    // Switching to set hours with nothing set yet: start from a usual working day.
    if (!allDay.checked && !windows.children.length) windows.append(windowRow(DEFAULT_WINDOW));
    sync();
  };
  mount(windows, (initial?.windows ?? []).map(windowRow));

  const el = h('div', { class: 'hours-area', 'data-testid': 'hall-hours-area', 'data-area': area }, [
    h('div', { class: 'hours-head' }, [
      h('strong', { class: 'hours-name' }, AREA_LABELS[area]),
      h('label', { class: 'check' }, [allDay, '24 小时']),
      summary,
    ]),
    body,
    errorSlot(path),
  ]);
  el.addEventListener('input', sync);
  el.addEventListener('change', sync);
  sync();
  return { el, read };
}

/** One block per area (`hall-hours-area`), in the order of `Area`. */
export function hoursFields(hall: Hall): HoursFields {
  const blocks = Area.options.map((area) => ({ area, ...areaBlock(area, hall.hours?.[area]) }));
  return {
    el: h('div', { class: 'hours-areas' }, blocks.map((b) => b.el)),
    read() {
      const out: Partial<Record<Area, AreaHours>> = {};
      for (const b of blocks) {
        const hours = b.read();
        if (hours) out[b.area] = hours;
      }
      return out;
    },
  };
}
