/**
 * Proof that screens showed it: the acknowledgement view of one call or override. Screens that acked,
 * fastest first, with their latency (ack received − request received); then the targeted screens that
 * did not, marked online (something is wrong there) or offline (it will show on reconnect).
 */
import { ApiError, isMissingEndpoint, type AckReport } from '../api';
import { coalesce } from '../ui/coalesce';
import { h, mount, type Child } from '../ui/dom';
import { errorText } from '../ui/feedback';
import { button } from '../ui/page';

export interface AckView {
  el: HTMLElement;
  /** Reloads now (one request at a time; a refresh asked for meanwhile runs right after). */
  refresh(): Promise<void>;
  /** Coalesces bursts (ten acks arriving together) into one reload. */
  refreshSoon(): void;
  dispose(): void;
}

/** Above this an ack is shown as slow (amber). */
const SLOW_MS = 1000;

const ms = (n: number) => `${Math.round(n)} ms`;

function median(sorted: readonly number[]): number {
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The summary line: "已回执 3 / 5 块屏幕 · 中位 42 ms · 最慢 120 ms". `targeted` < 0 means unknown. */
export function ackSummary(report: AckReport): string {
  const lat = report.acks.map((a) => a.latencyMs).sort((a, b) => a - b);
  const count = report.targeted >= 0 ? `已回执 ${report.acks.length} / ${report.targeted} 块屏幕` : `已回执 ${report.acks.length} 块屏幕`;
  if (!lat.length) return report.targeted === 0 ? '没有屏幕在投放目标内' : `${count}，暂无屏幕回执`;
  return `${count} · 中位 ${ms(median(lat))} · 最慢 ${ms(lat[lat.length - 1]!)}`;
}

function render(report: AckReport): Child {
  const acks = [...report.acks].sort((a, b) => a.latencyMs - b.latencyMs);
  const missing = [...report.missing].sort((a, b) => Number(b.online) - Number(a.online) || a.screenName.localeCompare(b.screenName, 'zh-CN'));
  const complete = report.targeted > 0 && acks.length >= report.targeted;
  return [
    h('p', { class: `ack-summary${complete ? ' ok' : ''}`, 'data-testid': 'ack-summary' }, ackSummary(report)),
    acks.length > 0 && h('ul', { class: 'acks' }, acks.map((a) =>
      h('li', { 'data-testid': 'ack-row', 'data-screen-id': a.screenId, 'data-latency-ms': String(Math.round(a.latencyMs)) }, [
        h('span', { class: 'status-dot', 'data-online': 'true', 'aria-hidden': 'true' }),
        h('span', { class: 'ack-name' }, a.screenName),
        a.audioLatencyMs !== undefined && h('span', { class: 'muted ack-audio', title: '从发出到开始播报' }, `播报 ${ms(a.audioLatencyMs)}`),
        h('span', { class: `latency${a.latencyMs > SLOW_MS ? ' slow' : ''}`, title: '从发出到上屏' }, ms(a.latencyMs)),
      ]))),
    report.targeted < 0 && h('p', { class: 'muted' }, '服务器暂未提供未回执屏幕清单，以上为本页收到的实时回执'),
    missing.length > 0 && h('div', { class: 'ack-missing-block' }, [
      h('p', { class: 'ack-missing-title' }, `未回执（${missing.length}）`),
      h('ul', { class: 'acks' }, missing.map((m) =>
        h('li', { 'data-testid': 'ack-missing', 'data-screen-id': m.screenId, 'data-online': String(m.online) }, [
          h('span', { class: 'status-dot', 'data-online': String(m.online), 'aria-hidden': 'true' }),
          h('span', { class: 'ack-name' }, m.screenName),
          h('span', { class: `ack-state ${m.online ? 'warn' : 'muted'}` }, m.online ? '在线但未回执' : '离线，上线后显示'),
        ]))),
    ]),
  ];
}

/** Builds the view and loads it; while attached and the page is visible it refreshes every `pollMs`. */
export function ackView(load: () => Promise<AckReport>, pollMs = 5000): AckView {
  const el = h('div', { class: 'ack-view', 'data-testid': 'ack-view', 'aria-live': 'polite' }, h('p', { class: 'muted' }, '正在查询回执…'));
  let soon: ReturnType<typeof setTimeout> | undefined;
  let last = '';

  const once = async () => {
    try {
      const report = await load();
      // Polls mostly bring nothing new: leave the DOM (and screen readers) alone then.
      const sig = JSON.stringify(report);
      if (sig === last) return;
      last = sig;
      el.dataset.targeted = String(report.targeted);
      el.dataset.acked = String(report.acks.length);
      mount(el, render(report));
    } catch (err) {
      last = '';
      if (isMissingEndpoint(err)) mount(el, h('p', { class: 'muted' }, '服务器暂不支持回执查询'));
      // An old call or a cleared override: the server keeps acks only for a while.
      else if (err instanceof ApiError && err.failure.kind === 'notFound') mount(el, h('p', { class: 'muted' }, `没有回执记录：${err.message}`));
      else mount(el, h('p', { class: 'load-error', role: 'alert' }, [errorText(err), ' ', button('重试', 'ack-retry', () => void refresh())]));
    }
  };
  const refresh = coalesce(once);
  const timer = setInterval(() => {
    if (el.isConnected && !document.hidden) void refresh();
  }, pollMs);
  void refresh();
  return {
    el,
    refresh,
    refreshSoon() {
      clearTimeout(soon);
      soon = setTimeout(() => void refresh(), 250);
    },
    dispose() {
      clearInterval(timer);
      clearTimeout(soon);
    },
  };
}

/**
 * The 回执 toggles of a list: which rows are expanded survives the list's re-renders (a reload on
 * `changed` must not fold up what the operator is watching). One AckView per open row.
 */
export class AckRows {
  private readonly open = new Map<string, AckView>();

  constructor(private readonly loaderFor: (id: string) => () => Promise<AckReport>) {}

  /** The 回执 button for row `id` and the detail row that goes right after that row. */
  build(id: string, colspan: number): { toggle: HTMLButtonElement; detail: HTMLTableRowElement } {
    const cell = h('td', { colspan });
    const detail = h('tr', { class: 'detail-row', 'data-testid': 'ack-detail', 'data-for': id, hidden: true }, cell);
    const toggle = h('button', { type: 'button', class: 'btn small', 'data-testid': 'ack-toggle', 'aria-expanded': 'false' }, '回执');
    const show = (view: AckView | undefined) => {
      detail.hidden = !view;
      toggle.setAttribute('aria-expanded', String(Boolean(view)));
      toggle.textContent = view ? '收起回执' : '回执';
      mount(cell, view?.el ?? []);
    };
    show(this.open.get(id));
    toggle.onclick = () => {
      const current = this.open.get(id);
      if (current) {
        current.dispose();
        this.open.delete(id);
        show(undefined);
        return;
      }
      const view = ackView(this.loaderFor(id));
      this.open.set(id, view);
      show(view);
    };
    return { toggle, detail };
  }

  /** An ack for `id` arrived: reload its open view, if any. */
  refreshSoon(id: string): void {
    this.open.get(id)?.refreshSoon();
  }

  /** Forgets open views whose rows are gone (a cleared override). */
  retain(ids: ReadonlySet<string>): void {
    for (const [id, view] of this.open) {
      if (ids.has(id)) continue;
      view.dispose();
      this.open.delete(id);
    }
  }

  dispose(): void {
    this.retain(new Set());
  }
}
