/**
 * A stored slide shown as a page: a plain, faithful DOM rendering of its content (title is in the
 * bar; body, tiers, tips, channels, outage details, the image), so long text scrolls crisply.
 */
import type { KioskPage } from '../../../content/kiosk-model';
import type { Slide } from '../../../content/model';
import { el } from '../dom-build';
import type { PageContext, PageView } from './page-view';

const dateTime = (iso: string): string =>
  new Date(iso).toLocaleString('zh-CN', { month: 'long', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'Asia/Shanghai' });

/** Rows of a simple table with a header. */
export function table(head: string[], rows: string[][]): HTMLTableElement {
  return el(
    'table',
    { class: 'kiosk-table' },
    el('thead', {}, el('tr', {}, ...head.map((h) => el('th', { scope: 'col', text: h })))),
    el('tbody', {}, ...rows.map((r) => el('tr', {}, ...r.map((c) => el('td', { text: c }))))),
  );
}

function slideBody(slide: Slide): HTMLElement {
  const root = el('div', { class: 'kiosk-slide', 'data-slide-type': slide.type });
  switch (slide.type) {
    case 'notice':
      root.append(el('p', { class: 'kiosk-prose', text: slide.body || slide.title }));
      break;
    case 'welcome':
      root.append(el('p', { class: 'kiosk-prose', text: [slide.hallName, slide.slogan].filter(Boolean).join('\n') || slide.title }));
      break;
    case 'priceTable':
      root.append(table(['档位', '月用电量', '电价'], slide.tiers.map((t) => [t.name, t.range, t.price])));
      if (slide.periods?.length) root.append(el('h2', { text: '峰谷分时电价' }), table(['时段', '时间', '电价'], slide.periods.map((p) => [p.name, p.hours, p.price])));
      if (slide.note) root.append(el('p', { class: 'kiosk-note', text: slide.note }));
      break;
    case 'safetyTip':
      root.append(el('ul', { class: 'kiosk-tips' }, ...slide.tips.map((t) => el('li', { text: t }))));
      break;
    case 'payChannels':
      root.append(el('ul', { class: 'kiosk-tips' }, ...slide.channels.map((c) => el('li', {}, el('strong', { text: c.name }), c.hint ? el('span', { text: `　${c.hint}` }) : null))));
      break;
    case 'outageNotice':
      root.append(
        el('dl', { class: 'kiosk-facts' }, el('dt', { text: '停电区域' }), el('dd', { text: slide.region }), el('dt', { text: '停电时间' }), el('dd', { text: `${dateTime(slide.start)} 至 ${dateTime(slide.end)}` }), slide.reason ? el('dt', { text: '原因' }) : null, slide.reason ? el('dd', { text: slide.reason }) : null, el('dt', { text: '联系电话' }), el('dd', { text: slide.contact })),
      );
      break;
    case 'image':
      if (slide.mediaUrl) root.append(el('img', { class: 'kiosk-image', src: slide.mediaUrl, alt: slide.title }));
      break;
    case 'video':
    case 'clock':
    case 'queueBoard':
    case 'kioskApp':
      // Live or moving content has no static page form: the title in the bar says what it is.
      root.append(el('p', { class: 'kiosk-prose', text: slide.title }));
      break;
    default: {
      const unknown: never = slide;
      return unknown;
    }
  }
  return root;
}

export function slidePage(page: Extract<KioskPage, { type: 'slide' }>, ctx: PageContext): PageView {
  const slide = ctx.slide(page.slideId);
  return { element: slide ? slideBody(slide) : el('p', { class: 'kiosk-prose', text: '此页面的内容暂不可用，请返回。' }) };
}
