/**
 * 最近叫号: the last calls, newest first, each with its acknowledgement view. Open views reload when a
 * `callAck` for their call arrives; a call we have not listed yet (the queue system called) reloads the list.
 */
import type { Hall, QueueCall } from '../../content/model';
import { AckRows } from './ack-view';
import { coalesce } from '../ui/coalesce';
import { api, isMissingEndpoint, type AckReport, type ScreenView } from '../api';
import type { ViewContext } from '../context';
import { h, mount } from '../ui/dom';
import { errorText } from '../ui/feedback';
import { badge, loadError, loading, table } from '../ui/page';
import { hallZone } from '../time/hall-time';
import { formatAgo, formatTime } from '../time/time-format';

/** How many calls the list shows (the server keeps more). */
const SHOWN = 20;
/** The list also reloads this often while visible: calls reach screens without telling editors. */
const POLL_MS = 10_000;

/**
 * Loads a call's acks; against a server without the acks route, reports the acks this page received
 * live (targets unknown) so the operator still sees who answered.
 */
export function callAckLoader(ctx: ViewContext, callId: string, screens: readonly ScreenView[]): () => Promise<AckReport> {
  const name = (id: string) => screens.find((s) => s.id === id)?.name ?? id;
  return async () => {
    try {
      return await api.callAcks(callId);
    } catch (err) {
      if (!isMissingEndpoint(err)) throw err;
      const acks = ctx.live.acksFor(callId).map((a) => ({ screenId: a.screenId, screenName: name(a.screenId), latencyMs: a.latencyMs }));
      return { id: callId, targeted: -1, acks, missing: [] };
    }
  };
}

export interface CallsPanel { el: HTMLElement; reload(): Promise<void>; dispose(): void }

export function callsPanel(ctx: ViewContext, screens: ScreenView[], halls: Hall[]): CallsPanel {
  const el = h('div', { 'data-testid': 'calls-panel' }, loading());
  const ackRows = new AckRows((id) => callAckLoader(ctx, id, screens));
  const hallName = (id?: string) => (id ? (halls.find((x) => x.id === id)?.name ?? id) : '所有营业厅');
  let calls: QueueCall[] = [];
  let known = new Set<string>();

  const render = () => {
    const shown = calls.slice(0, SHOWN);
    known = new Set(calls.map((c) => c.id));
    ackRows.retain(new Set(shown.map((c) => c.id)));
    const rows = shown.flatMap((c) => {
      const acks = ackRows.build(c.id, 6);
      const row = h('tr', { 'data-testid': 'call-row', 'data-call-id': c.id }, [
        h('td', { class: 'nowrap', title: formatAgo(c.createdAt) }, formatTime(c.createdAt, hallZone(c.hallId))),
        h('td', { class: 'ticket-cell' }, [c.ticket, c.kind === 'recall' && badge('重呼', 'amber')]),
        h('td', { class: 'nowrap' }, `${c.counter} 号窗口`),
        h('td', {}, [hallName(c.hallId), c.service && h('small', { class: 'muted block' }, c.service)]),
        h('td', { class: 'muted' }, c.text),
        h('td', {}, acks.toggle),
      ]);
      return [row, acks.detail];
    });
    mount(el, [
      table(['时间', '票号', '窗口', '营业厅 / 业务', '播报文字', '回执'], rows, '还没有叫号记录', 'calls-table'),
      calls.length > SHOWN && h('p', { class: 'muted' }, `仅显示最近 ${SHOWN} 条`),
    ]);
  };
  const once = async () => {
    try {
      calls = await api.listCalls();
      render();
    } catch (err) {
      if (isMissingEndpoint(err)) mount(el, h('p', { class: 'muted' }, '服务器暂未提供叫号记录'));
      else mount(el, loadError(errorText(err), () => void reload()));
    }
  };
  const reload = coalesce(once);

  let soon: ReturnType<typeof setTimeout> | undefined;
  const off = ctx.live.onMessage((m) => {
    if (m.type !== 'callAck') return;
    if (known.has(m.callId)) ackRows.refreshSoon(m.callId);
    else {
      clearTimeout(soon);
      soon = setTimeout(() => void reload(), 300);
    }
  });
  const timer = setInterval(() => {
    if (el.isConnected && !document.hidden) void reload();
  }, POLL_MS);
  void reload();
  return {
    el,
    reload,
    dispose() {
      off();
      clearTimeout(soon);
      clearInterval(timer);
      ackRows.dispose();
    },
  };
}
