/**
 * 叫号器: the counter caller for counter staff on a PC or tablet. Pick hall and counter once (kept in
 * this browser and in the address, `#/caller?hall=…&counter=…`); then 下一位 / 重呼 / 过号 / 转移 /
 * 办结 / 暂停 / 恢复 with big buttons or shortcuts, the ticket in service with its timer, and what waits
 * per service. Every call goes through the server's call path, so screens announce it as usual.
 */
import type { CounterAction } from '../../content/ticketing-model';
import { api } from '../api';
import type { View } from '../context';
import { openDialog } from '../ui/dialog';
import { h, mount, options } from '../ui/dom';
import { errorText, toast, withBusy } from '../ui/feedback';
import { card, loading, pageHeader } from '../ui/page';
import { SHORTCUT_LABELS, formatTimer, shortcutAction } from './caller-keys';
import { ownQueueApi, type CounterView, type OwnQueue } from './own-queue-api';

const POLL_MS = 3000;
const STORAGE_KEY = 'hs.caller';
const LABELS: Record<CounterAction, string> = { next: '下一位', recall: '重呼', skip: '过号', transfer: '转移', done: '办结', pause: '暂停', resume: '恢复' };
const DONE_TEXT: Partial<Record<CounterAction, string>> = { recall: '已重呼', skip: '已过号', transfer: '已转移', done: '已办结', pause: '窗口已暂停', resume: '窗口已恢复' };

export const callerView: View = (root, _ctx, _params, query) => {
  const saved = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '{}') as { hall?: string; counter?: string };
  const hallSel = h('select', { 'data-testid': 'caller-hall', 'aria-label': '营业厅' });
  const counterSel = h('select', { 'data-testid': 'caller-counter', 'aria-label': '窗口' });
  const body = h('div', { class: 'caller-body' }, loading());
  mount(root, [pageHeader('叫号器', '本窗口叫号、重呼、过号、转移、办结；快捷键见按钮', [hallSel, counterSel]), body]);

  let state: OwnQueue | undefined;
  let offset = 0; // server clock − this browser's clock, for the service timer
  let disposed = false;
  const buttons = new Map<CounterAction, HTMLButtonElement>();
  const current = h('div', { class: 'caller-current', 'data-testid': 'caller-current' });
  const timer = h('div', { class: 'caller-timer', 'data-testid': 'caller-timer' });
  const waiting = h('ul', { class: 'plain-list', 'data-testid': 'caller-waiting' });
  const status = h('p', { class: 'muted', 'data-testid': 'caller-status' });

  const me = (): CounterView | undefined => state?.counters.find((c) => c.counter === counterSel.value);
  const remember = (): void => {
    localStorage.setItem(STORAGE_KEY, JSON.stringify({ hall: hallSel.value, counter: counterSel.value }));
    history.replaceState(null, '', `#/caller?hall=${encodeURIComponent(hallSel.value)}&counter=${encodeURIComponent(counterSel.value)}`);
  };

  const paint = (): void => {
    const c = me();
    if (!state || !c) {
      mount(body, h('p', { class: 'muted', 'data-testid': 'caller-empty' }, state ? '该营业厅还没有设置窗口：请管理员在「系统设置 → 业务与窗口」中添加业务和窗口' : '正在加载…'));
      return;
    }
    if (!body.contains(current)) mount(body, layout());
    const names = new Map(state.services.map((s) => [s.serviceId, s.name]));
    mount(current, c.serving
      ? [h('span', { class: 'caller-number', 'data-testid': 'caller-number' }, c.serving.number), h('span', { class: 'muted' }, names.get(c.serving.serviceId) ?? '')]
      : h('span', { class: 'muted', 'data-testid': 'caller-number' }, c.paused ? '暂停服务中' : '空闲'));
    current.dataset.state = c.paused ? 'paused' : c.serving ? 'serving' : 'idle';
    mount(waiting, state.services.filter((s) => c.serviceIds.includes(s.serviceId)).map((s) =>
      h('li', { 'data-service-id': s.serviceId, 'data-count': String(s.waiting) }, [
        h('span', {}, `${s.prefix} ${s.name}${s.open ? '' : '（停止取号）'}`),
        h('strong', {}, `${s.waiting} 人等候${s.estimatedWaitMinutes !== undefined && s.waiting > 0 ? ` · 约 ${s.estimatedWaitMinutes} 分钟` : ''}`),
      ])));
    const serving = !!c.serving;
    const enable: Record<CounterAction, boolean> = { next: !c.paused, recall: serving, skip: serving, transfer: serving, done: serving, pause: !c.paused, resume: c.paused };
    for (const [a, b] of buttons) {
      b.disabled = !enable[a] || b.getAttribute('aria-busy') === 'true';
      b.hidden = (a === 'pause' && c.paused) || (a === 'resume' && !c.paused);
    }
    tick();
  };

  const tick = (): void => {
    const at = me()?.serving?.calledAt;
    timer.textContent = at ? `办理时长 ${formatTimer(Date.now() + offset - Date.parse(at))}` : '';
  };

  const reload = async (): Promise<void> => {
    if (!hallSel.value || disposed) return;
    try {
      const next = await ownQueueApi.overview(hallSel.value);
      if (disposed || next.hallId !== hallSel.value) return;
      offset = Date.parse(next.now) - Date.now();
      const had = counterSel.value || query.get('counter') || saved.counter;
      state = next;
      mount(counterSel, options(next.counters.map((c): [string, string] => [c.counter, `${c.counter} 号窗口`]), had ?? undefined));
      paint();
      status.textContent = '';
    } catch (err) {
      status.textContent = errorText(err);
    }
  };

  const run = (action: CounterAction, extra: object = {}): void => {
    const b = buttons.get(action);
    if (!b || b.disabled || b.hidden) return;
    void withBusy(b, async () => {
      const r = await ownQueueApi.act(hallSel.value, counterSel.value, action, extra);
      if (action === 'next') toast(`已叫号 ${r.number ?? ''}`);
      else toast(`${DONE_TEXT[action] ?? '完成'}${r.number ? ` ${r.number}` : ''}`);
      await reload();
    }).then(paint);
  };

  const transfer = (): void => {
    if (!state || !me()?.serving) return;
    const c = me()!;
    // The ticket's own service stays in the list: with a counter chosen, it moves to that counter.
    const targets = state.services.filter((s) => s.open);
    const other = targets.find((s) => s.serviceId !== c.serving!.serviceId)?.serviceId;
    const svc = h('select', { 'data-testid': 'transfer-service', 'aria-label': '转到业务' }, options(targets.map((s): [string, string] => [s.serviceId, `${s.prefix} ${s.name}`]), other));
    const toCounter = h('select', { 'data-testid': 'transfer-counter', 'aria-label': '指定窗口' }, options([['', '不指定（该业务任一窗口）'], ...state.counters.filter((x) => x.counter !== c.counter).map((x): [string, string] => [x.counter, `${x.counter} 号窗口`])]));
    const ok = h('button', { type: 'button', class: 'btn primary', 'data-testid': 'transfer-ok' }, '转移（号码不变）');
    const close = openDialog('转移号码', [h('p', {}, `把 ${c.serving!.number} 转到：`), h('label', {}, ['业务 ', svc]), h('label', {}, ['窗口 ', toCounter]), h('div', { class: 'actions' }, ok)], { testid: 'transfer-dialog' });
    ok.onclick = () => {
      close();
      run('transfer', { serviceId: svc.value, ...(toCounter.value && { counter: toCounter.value }) });
    };
  };

  const layout = (): HTMLElement[] => {
    const actions: CounterAction[] = ['next', 'recall', 'skip', 'transfer', 'done', 'pause', 'resume'];
    for (const a of actions) {
      const b = h('button', { type: 'button', class: `btn caller-btn${a === 'next' ? ' primary' : ''}`, 'data-testid': `caller-${a}`, title: `快捷键 ${SHORTCUT_LABELS[a]}` }, [LABELS[a], h('kbd', {}, SHORTCUT_LABELS[a])]);
      b.onclick = () => (a === 'transfer' ? transfer() : run(a));
      buttons.set(a, b);
    }
    return [
      card('正在办理', [current, timer], { 'data-testid': 'caller-serving' }),
      h('div', { class: 'caller-actions' }, [...buttons.values()]),
      card('等候情况', waiting),
      status,
    ];
  };

  const onKey = (e: KeyboardEvent): void => {
    if (!root.isConnected || document.querySelector('dialog[open]')) return;
    const target = e.target as HTMLElement | null;
    const typing = !!target && (['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName) || target.isContentEditable);
    const action = shortcutAction({ key: e.key, ctrlKey: e.ctrlKey, altKey: e.altKey, metaKey: e.metaKey, typing }, me()?.paused ?? false);
    if (!action) return;
    e.preventDefault();
    if (action === 'transfer') transfer();
    else run(action);
  };
  document.addEventListener('keydown', onKey);

  hallSel.onchange = () => {
    state = undefined;
    mount(counterSel, []);
    paint();
    void reload().then(remember);
  };
  counterSel.onchange = () => {
    remember();
    paint();
  };
  void api.listHalls().then((halls) => {
    if (disposed) return;
    const want = query.get('hall') ?? saved.hall;
    mount(hallSel, options(halls.map((x): [string, string] => [x.id, x.name]), halls.some((x) => x.id === want) ? want : halls[0]?.id));
    void reload().then(() => counterSel.value && remember());
  }, (err) => mount(body, h('p', { class: 'load-error', role: 'alert' }, errorText(err))));

  const poll = setInterval(() => { if (!document.hidden) void reload(); }, POLL_MS);
  const clockTimer = setInterval(tick, 1000);
  return () => {
    disposed = true;
    clearInterval(poll);
    clearInterval(clockTimer);
    document.removeEventListener('keydown', onKey);
  };
};
