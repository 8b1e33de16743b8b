/** 排队信息: waiting counts per service and the counters now serving, live from the hall's queue state. */
import type { KioskPage } from '../../../content/kiosk-model';
import type { BoardData } from '../../queue/queue-board';
import { el } from '../dom-build';
import type { PageContext, PageView } from './page-view';

const STATE_LABEL = { idle: '空闲', serving: '办理中', paused: '暂停服务', closed: '已关闭' } as const;

export function queuePage(_page: Extract<KioskPage, { type: 'queue' }>, ctx: PageContext): PageView {
  const root = el('div', { class: 'kiosk-queue' });
  const render = (data: BoardData | null): void => {
    if (!data || (data.waiting.length === 0 && data.counters.length === 0)) {
      root.replaceChildren(el('p', { class: 'kiosk-prose', text: '暂无排队信息，请到引导台取号。' }));
      return;
    }
    const waiting = el('ul', { class: 'kiosk-waiting' }, ...data.waiting.map((w) => el('li', { 'data-service': w.service }, el('span', { text: w.service }), el('strong', { text: `${w.count} 人` }))));
    const counters = el(
      'ul',
      { class: 'kiosk-counters' },
      ...data.counters.map((c) => el('li', { 'data-state': c.state }, el('span', { text: `${c.counter} 号窗口` }), el('strong', { text: c.state === 'serving' && c.ticket ? `${c.ticket} ${STATE_LABEL[c.state]}` : STATE_LABEL[c.state] }))),
    );
    root.replaceChildren(el('h2', { text: '各业务等候人数' }), data.waiting.length > 0 ? waiting : el('p', { class: 'kiosk-note', text: '暂无等候人数。' }));
    if (data.counters.length > 0) root.append(el('h2', { text: '窗口状态' }), counters);
  };
  render(ctx.queue?.current() ?? null);
  const unsubscribe = ctx.queue?.subscribe(render);
  return { element: root, dispose: () => unsubscribe?.() };
}
