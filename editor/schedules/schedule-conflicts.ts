/**
 * 冲突检查 in the schedule form: as staff change target, priority or time, the server says (without
 * saving) how many screens the entry reaches and which entries it meets there, and what priority will
 * make of each meeting. Being taken over is a warning, never a reason to refuse the save.
 */
import type { ConflictRelation } from '../../content/conflicts';
import type { ScheduleInput } from '../../content/model';
import { api, type ScheduleCheck } from '../api';
import { h, mount } from '../ui/dom';
import { errorText } from '../ui/feedback';
import { badge } from '../ui/page';
import { scheduleColour } from './schedule-colour';
import { formatSpan } from '../time/time-format';

/** Quiet time after the last edit before asking; typing 1-0 in the priority box is one request. */
export const CHECK_DEBOUNCE_MS = 300;

const RELATION: Record<ConflictRelation, { label: string; tone: string }> = {
  sharesLoop: { label: '轮流播放', tone: 'blue' },
  takesOver: { label: '将覆盖对方', tone: 'grey' },
  isTakenOver: { label: '将被覆盖', tone: 'amber' },
};

export interface ConflictsPanel {
  el: HTMLElement;
  /** Asks again after the debounce; an unchanged candidate is not re-sent unless `force`. */
  schedule(force?: boolean): void;
  dispose(): void;
}

/**
 * The panel (`schedule-conflicts`). `read` returns the candidate when target, priority and time are
 * valid, otherwise undefined; `editingId` keeps the entry from conflicting with its saved self.
 */
export function conflictsPanel(read: () => ScheduleInput | undefined, editingId?: string): ConflictsPanel {
  const body = h('div', { class: 'conflicts-body' });
  const status = h('small', { class: 'muted', 'aria-live': 'polite' });
  const el = h('section', { class: 'card conflicts', 'data-testid': 'schedule-conflicts', 'data-state': 'idle', 'aria-labelledby': 'conflicts-title' }, [
    h('div', { class: 'conflicts-head' }, [h('h2', { class: 'card-title', id: 'conflicts-title' }, '冲突检查'), status]),
    body,
  ]);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let lastKey = '';
  let seq = 0;

  const setState = (state: 'idle' | 'checking' | 'ready' | 'error', text = '') => {
    el.dataset.state = state;
    status.textContent = text;
  };

  function show(result: ScheduleCheck): void {
    const reach = h('p', { 'data-testid': 'schedule-conflicts-screens', class: result.screens ? '' : 'conflicts-warn' },
      result.screens ? `将投放到 ${result.screens} 块屏幕` : '将投放到 0 块屏幕：目前没有屏幕符合这个投放目标，保存后不会在任何屏幕播放');
    if (!result.conflicts.length) {
      mount(body, [reach, h('p', { 'data-testid': 'schedule-conflicts-none', class: 'conflicts-none' }, [
        badge('无冲突', 'green'), ' 未来 7 天内没有其他排期与它在同一屏幕、同一时间播放',
      ])]);
      return;
    }
    const takenOver = result.conflicts.some((c) => c.relation === 'isTakenOver');
    mount(body, [
      reach,
      h('p', { class: 'muted' }, `未来 7 天内与 ${result.conflicts.length} 个排期在同一屏幕、同一时间播放：`),
      h('ul', { class: 'conflict-list' }, result.conflicts.map((c) =>
        h('li', { class: `conflict ${c.relation}`, 'data-testid': 'schedule-conflict', 'data-relation': c.relation, 'data-schedule-id': c.scheduleId }, [
          h('span', { class: 'tl-swatch', style: `background: ${scheduleColour(c.scheduleId)}` }),
          h('div', { class: 'conflict-text' }, [
            h('div', {}, [badge(RELATION[c.relation].label, RELATION[c.relation].tone), ' ', c.message]),
            h('small', { class: 'muted' }, [
              h('span', { 'data-testid': 'schedule-conflict-when' }, `首次重叠：${formatSpan(c.firstOverlap, c.overlapEnd)}`),
              ` · 共同屏幕 ${c.screens} 块 · `,
              // A new tab: following the link here would throw away the form being filled in.
              h('a', { href: `#/schedules/${encodeURIComponent(c.scheduleId)}`, target: '_blank', rel: 'noopener' }, '查看该排期'),
            ]),
          ]),
        ]))),
      takenOver && h('p', { class: 'conflicts-warn', 'data-testid': 'schedule-conflicts-warning' },
        '提示：重叠时段内本排期会被更高优先级的排期覆盖而不播放。如确需播放，可提高优先级；仍可直接保存。'),
    ]);
  }

  async function run(force: boolean): Promise<void> {
    const candidate = read();
    if (!candidate) {
      ++seq;
      lastKey = '';
      setState('idle');
      mount(body, h('p', { class: 'muted', 'data-testid': 'schedule-conflicts-pending' }, '选好投放目标并填写正确的播放时间后，这里会显示将影响的屏幕和冲突的排期'));
      return;
    }
    const key = JSON.stringify([candidate.target, candidate.priority, candidate.when ?? null]);
    // lastKey is cleared on failure and on an invalid form, so only a settled or running check is skipped.
    if (key === lastKey && !force) return;
    lastKey = key;
    const my = ++seq;
    setState('checking', '正在检查…');
    try {
      const result = await api.checkSchedule(editingId ? { ...candidate, id: editingId } : candidate);
      if (my !== seq) return;
      show(result);
      setState('ready');
    } catch (err) {
      if (my !== seq) return;
      lastKey = '';
      setState('error');
      mount(body, h('p', { class: 'field-error', role: 'alert' }, `暂时无法检查冲突：${errorText(err)}（不影响保存）`));
    }
  }

  return {
    el,
    schedule(force = false) {
      clearTimeout(timer);
      timer = setTimeout(() => void run(force), CHECK_DEBOUNCE_MS);
    },
    dispose() {
      clearTimeout(timer);
      ++seq;
    },
  };
}
