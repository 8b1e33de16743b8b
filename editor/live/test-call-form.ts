/**
 * 测试叫号: sends one call and shows how many screens it reached and, as players ack, which screens
 * showed it and how fast — and which did not.
 */
import { QueueCallInput, callText, type Hall } from '../../content/model';
import { ackView, type AckView } from './ack-view';
import { api, type ScreenView } from '../api';
import { callAckLoader } from './calls-panel';
import type { ViewContext } from '../context';
import { h, mount, options } from '../ui/dom';
import { withBusy } from '../ui/feedback';
import { errorSlot, field, showIssues } from '../ui/fields';

export interface TestCallForm { el: HTMLElement; focus(): void; dispose(): void }

/** `onSent` runs after the server took the call (the console reloads its lists). */
export function testCallForm(ctx: ViewContext, screens: ScreenView[], halls: Hall[], onSent: () => void): TestCallForm {
  const ticket = h('input', { type: 'text', 'data-testid': 'call-ticket', placeholder: '例如 A023', autocomplete: 'off' });
  const counter = h('input', { type: 'text', 'data-testid': 'call-counter', placeholder: '例如 3', autocomplete: 'off' });
  // A call belongs to exactly one hall (the server refuses a hall-less call when there are several).
  const hall = h('select', { 'data-testid': 'call-hall' }, options(halls.map((x): [string, string] => [x.id, x.name]), halls[0]?.id ?? ''));
  const preview = h('p', { class: 'call-preview', 'aria-live': 'polite' });
  const send = h('button', { type: 'submit', class: 'btn primary', 'data-testid': 'call-send' }, '发送测试叫号');
  const result = h('div', { class: 'call-result', 'data-testid': 'call-result', 'aria-live': 'polite', hidden: true });
  let acks: AckView | undefined;
  let currentCall: string | undefined;

  const template = () => halls.find((x) => x.id === hall.value)?.callTemplate;
  const updatePreview = () => {
    const t = ticket.value.trim();
    const c = counter.value.trim();
    preview.textContent = t && c ? `屏幕将显示并播报：${callText(t, c, template())}` : '';
  };
  ticket.oninput = counter.oninput = hall.onchange = updatePreview;

  const off = ctx.live.onMessage((m) => {
    if (m.type === 'callAck' && m.callId === currentCall) acks?.refreshSoon();
  });

  const form = h('form', { class: 'form-grid', novalidate: true }, [
    field('票号', ticket, { path: 'ticket', required: true }),
    field('窗口', counter, { path: 'counter', required: true }),
    field('营业厅', hall, { path: 'hallId', wide: true }),
    h('div', { class: 'wide' }, preview),
    errorSlot(''),
    h('div', { class: 'form-actions wide' }, send),
  ]);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const parsed = QueueCallInput.safeParse({ ticket: ticket.value, counter: counter.value, hallId: hall.value || undefined });
    if (!parsed.success) {
      showIssues(form, parsed.error.issues);
      return;
    }
    void withBusy(send, async () => {
      const { id, screens: n } = await api.sendCall(parsed.data);
      currentCall = id;
      acks?.dispose();
      // Fast players can ack before our 202 arrived: the loader's first request already sees them.
      acks = n > 0 ? ackView(callAckLoader(ctx, id, screens), 3000) : undefined;
      result.hidden = false;
      result.dataset.callId = id;
      result.dataset.screens = String(n);
      mount(result, [
        h('p', { class: n > 0 ? 'ok' : 'warn' }, n > 0
          ? `已推送到 ${n} 块屏幕：${callText(parsed.data.ticket, parsed.data.counter, template())}`
          : '没有屏幕接收这次叫号：请检查营业厅、屏幕的叫号显示和服务窗口设置'),
        acks && h('p', { class: 'muted' }, '屏幕显示后回报（从发出到上屏的延迟）：'),
        acks?.el,
      ]);
      ticket.select();
      onSent();
    });
  });
  return {
    el: h('div', {}, [form, result]),
    focus: () => ticket.focus(),
    dispose() {
      off();
      acks?.dispose();
    },
  };
}
