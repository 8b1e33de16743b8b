/**
 * 叫号状态: one hall's queue as the screens see it — each counter's state and ticket, waiting counts per
 * service, the last calls. Reloaded every few seconds while the page is visible.
 */
import type { Hall } from '../../content/model';
import type { CounterState, QueueState } from '../../content/queue';
import { api, isMissingEndpoint } from '../api';
import { coalesce } from '../ui/coalesce';
import { h, mount, options } from '../ui/dom';
import { errorText } from '../ui/feedback';
import { badge, button, loading } from '../ui/page';
import { hallZone } from '../time/hall-time';
import { formatTime } from '../time/time-format';

/** How often the panel reloads while visible. */
export const QUEUE_POLL_MS = 3000;

export const COUNTER_STATE_LABELS: Record<CounterState, string> = { idle: '空闲', serving: '办理中', paused: '暂停服务', closed: '已关闭' };
const STATE_TONE: Record<CounterState, string> = { idle: 'grey', serving: 'green', paused: 'amber', closed: 'red' };

/** "3" before "12"; letters after digits. */
const byCounter = (a: string, b: string) => a.localeCompare(b, 'zh-CN', { numeric: true });

function render(state: QueueState): HTMLElement[] {
  const counters = [...state.counters].sort((a, b) => byCounter(a.counter, b.counter));
  const total = state.waiting.reduce((n, w) => n + w.count, 0);
  return [
    h('div', { class: 'queue-section' }, [
      h('h3', {}, '窗口'),
      counters.length
        ? h('ul', { class: 'counter-grid', 'data-testid': 'queue-counters' }, counters.map((c) =>
          h('li', { class: `counter-tile state-${c.state}`, 'data-testid': 'queue-counter', 'data-counter': c.counter, 'data-state': c.state }, [
            h('span', { class: 'counter-no' }, `${c.counter} 号窗口`),
            h('span', { class: 'counter-ticket' }, c.state === 'serving' && c.ticket ? c.ticket : '—'),
            badge(COUNTER_STATE_LABELS[c.state], STATE_TONE[c.state]),
          ])))
        : h('p', { class: 'muted' }, '还没有窗口状态：排队系统发出叫号或状态快照后显示'),
    ]),
    h('div', { class: 'queue-columns' }, [
      h('div', { class: 'queue-section' }, [
        h('h3', {}, `等候人数${state.waiting.length ? `（共 ${total} 人）` : ''}`),
        state.waiting.length
          ? h('ul', { class: 'plain-list', 'data-testid': 'queue-waiting' }, state.waiting.map((w) =>
            h('li', { 'data-service': w.service, 'data-count': String(w.count) }, [h('span', {}, w.service), h('strong', {}, `${w.count} 人`)])))
          : h('p', { class: 'muted', 'data-testid': 'queue-waiting' }, '暂无等候人数'),
      ]),
      h('div', { class: 'queue-section' }, [
        h('h3', {}, '最近叫号'),
        state.recentCalls.length
          ? h('ol', { class: 'plain-list', 'data-testid': 'queue-recent' }, state.recentCalls.map((c) =>
            h('li', { 'data-call-id': c.id }, [
              h('span', {}, [h('strong', {}, c.ticket), ` → ${c.counter} 号窗口`, c.kind === 'recall' && badge('重呼', 'amber')]),
              h('span', { class: 'muted' }, formatTime(c.createdAt, hallZone(state.hallId))),
            ])))
          : h('p', { class: 'muted', 'data-testid': 'queue-recent' }, '暂无叫号'),
      ]),
    ]),
    h('p', { class: 'muted small' }, `更新于 ${formatTime(state.updatedAt, hallZone(state.hallId))}`),
  ];
}

export interface QueueStatePanel { el: HTMLElement; reload(): Promise<void>; dispose(): void }

export function queueStatePanel(halls: Hall[]): QueueStatePanel {
  const hall = h('select', { 'data-testid': 'queue-state-hall', 'aria-label': '营业厅' }, options(halls.map((x): [string, string] => [x.id, x.name]), halls[0]?.id));
  const body = h('div', { class: 'queue-body' }, loading());
  const el = h('div', { class: 'queue-state', 'data-testid': 'queue-state-panel' }, [
    halls.length > 1 && h('div', { class: 'queue-head' }, hall),
    body,
  ]);
  let last = '';
  const once = async () => {
    const hallId = hall.value;
    if (!hallId) return void mount(body, h('p', { class: 'muted' }, '还没有营业厅'));
    try {
      const state = await api.queueState(hallId);
      if (hall.value !== hallId) return; // switched meanwhile; the next run shows the new hall
      el.dataset.hallId = hallId;
      const sig = JSON.stringify(state);
      if (sig === last) return;
      last = sig;
      mount(body, render(state));
    } catch (err) {
      last = '';
      if (isMissingEndpoint(err)) mount(body, h('p', { class: 'muted' }, '服务器暂未提供叫号状态'));
      else mount(body, h('p', { class: 'load-error', role: 'alert' }, [errorText(err), ' ', button('重试', 'queue-state-retry', () => void reload())]));
    }
  };
  const reload = coalesce(once);
  hall.onchange = () => {
    last = '';
    mount(body, loading());
    void reload();
  };
  const timer = setInterval(() => {
    if (el.isConnected && !document.hidden) void reload();
  }, QUEUE_POLL_MS);
  // Back from another tab: show the queue now, not at the next tick.
  const onVisible = () => { if (!document.hidden && el.isConnected) void reload(); };
  document.addEventListener('visibilitychange', onVisible);
  void reload();
  return {
    el,
    reload,
    dispose() {
      clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisible);
    },
  };
}
