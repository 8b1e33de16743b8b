/**
 * Business hours in the words staff and visitors read (`周一至周五 08:30–17:30`): the editor's hours
 * form and the `{营业时间}` slide variable say them the same way.
 */
import type { AreaHours } from './model';

/** ISO weekday 1 (Monday) … 7 (Sunday) as the character after 周. */
export const WEEKDAY_LABELS = ['一', '二', '三', '四', '五', '六', '日'] as const;

/** `周一至周五`, `周一、三、六`; every day (or none given) is `每天`. */
export function describeDays(days: readonly number[] | undefined): string {
  const set = [...new Set(days ?? [])].sort((a, b) => a - b);
  if (!set.length || set.length === 7) return '每天';
  const runs: number[][] = [];
  for (const d of set) {
    const run = runs[runs.length - 1];
    if (run && run[run.length - 1] === d - 1) run.push(d);
    else runs.push([d]);
  }
  const name = (d: number) => WEEKDAY_LABELS[d - 1] ?? '?';
  return `周${runs.map((r) => (r.length >= 3 ? `${name(r[0]!)}至周${name(r[r.length - 1]!)}` : r.map(name).join('、'))).join('、')}`;
}

/** `周一至周五 08:30–17:30`, or `24 小时` for an area without hours. */
export function describeHours(hours: AreaHours | undefined): string {
  if (!hours) return '24 小时';
  const windows = hours.windows.map((w) => `${w.start}–${w.end <= w.start ? '次日 ' : ''}${w.end}`).join('、');
  return `${describeDays(hours.days)} ${windows}`;
}
