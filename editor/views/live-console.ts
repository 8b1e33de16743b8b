/**
 * 现场控制: a 测试叫号 form that shows how many screens a call reached and, as players ack, how fast
 * each showed it; plus the emergency / message override panel.
 */
import { QueueCallInput, callText, type Hall } from '../../content/model';
import { api, type ScreenView } from '../api';
import type { View } from '../context';
import { h, mount, options } from '../dom';
import { errorText, toast, withBusy } from '../feedback';
import { errorSlot, field, showIssues } from '../fields';
import { card, loadError, loading, pageHeader } from '../page';
import { overridesPanel } from '../overrides-panel';

export const liveConsoleView: View = (root, ctx) => {
  let dispose = () => {};
  mount(root, loading());
  const load = async () => {
    try {
      const [screens, halls] = await Promise.all([api.listScreens(), api.listHalls()]);
      if (root.isConnected) dispose = build(screens, halls);
    } catch (err) {
      mount(root, loadError(errorText(err), () => void load()));
    }
  };
  void load();

  function build(screens: ScreenView[], halls: Hall[]): () => void {
    const screenName = (id: string) => screens.find((s) => s.id === id)?.name ?? id;
    const ticket = h('input', { type: 'text', 'data-testid': 'call-ticket', placeholder: 'A023', autocomplete: 'off' });
    const counter = h('input', { type: 'text', 'data-testid': 'call-counter', placeholder: '3', autocomplete: 'off' });
    const hall = h('select', { 'data-testid': 'call-hall' }, options([['', '所有营业厅'], ...halls.map((x): [string, string] => [x.id, x.name])], halls.length === 1 ? halls[0]?.id : ''));
    const preview = h('p', { class: 'call-preview', 'aria-live': 'polite' });
    const send = h('button', { type: 'submit', class: 'btn primary', 'data-testid': 'call-send' }, '发送测试叫号');
    const result = h('div', { class: 'call-result', 'data-testid': 'call-result', 'aria-live': 'polite', hidden: true });
    const acks = h('ul', { class: 'acks', 'data-testid': 'call-acks' });
    let currentCall: string | undefined;

    const updatePreview = () => {
      preview.textContent = ticket.value.trim() && counter.value.trim() ? `屏幕将显示并播报：${callText(ticket.value.trim(), counter.value.trim())}` : '';
    };
    ticket.oninput = counter.oninput = updatePreview;

    const addAck = (screenId: string, latencyMs: number) => {
      if (acks.querySelector(`[data-screen-id="${CSS.escape(screenId)}"]`)) return;
      acks.append(h('li', { 'data-testid': 'call-ack', 'data-screen-id': screenId, 'data-latency-ms': String(Math.round(latencyMs)) }, [
        h('span', { class: 'status-dot', 'data-online': 'true' }),
        h('span', {}, screenName(screenId)),
        h('span', { class: `latency${latencyMs > 1000 ? ' slow' : ''}` }, `${Math.round(latencyMs)} ms`),
      ]));
    };
    const offAcks = ctx.live.onMessage((m) => {
      if (m.type === 'callAck' && m.callId === currentCall) addAck(m.screenId, m.latencyMs);
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
        mount(acks, []);
        result.hidden = false;
        result.dataset.callId = id;
        result.dataset.screens = String(n);
        mount(result, [
          h('p', { class: n > 0 ? 'ok' : 'warn' }, n > 0
            ? `已推送到 ${n} 块屏幕：${callText(parsed.data.ticket, parsed.data.counter)}`
            : '没有屏幕接收这次叫号：请检查营业厅、屏幕的叫号显示和服务窗口设置'),
          n > 0 && h('p', { class: 'muted' }, '屏幕显示后回报（从发出到上屏的延迟）：'),
          acks,
        ]);
        // Fast players can ack before our 202 arrived; those acks were buffered by the connection.
        for (const a of ctx.live.acksFor(id)) addAck(a.screenId, a.latencyMs);
        ticket.select();
      });
    });

    const overrides = overridesPanel(ctx, screens, halls);
    mount(root, [
      pageHeader('现场控制', '测试叫号、发布紧急通知或信息提示；插播会立即覆盖屏幕上的常规内容'),
      h('div', { class: 'two-col' }, [
        card('测试叫号', [form, result]),
        card('发布插播', overrides.form),
      ]),
      card('当前生效的插播', overrides.list),
    ]);
    ticket.focus();
    return () => {
      offAcks();
      overrides.dispose();
    };
  }

  return () => dispose();
};
