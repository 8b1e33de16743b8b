/**
 * 大厅导航: the floor plan (uploaded image, else a plain plan) with the five areas drawn over it as
 * boxes in image fractions, a pulsing 您在这里 marker, and the services: tapping one highlights its
 * area and says which counters handle it.
 */
import type { KioskPage } from '../../../content/kiosk-model';
import { AREA_LABELS, type Area } from '../../../content/model';
import { button, el } from '../dom-build';
import type { PageView } from './page-view';

const pct = (f: number): string => `${(f * 100).toFixed(2)}%`;

export function mapPage(page: Extract<KioskPage, { type: 'map' }>): PageView {
  const plan = el('div', { class: 'kiosk-map', role: 'img', 'aria-label': `大厅平面图：${page.areas.map((a) => AREA_LABELS[a.area]).join('、')}` });
  if (page.imageUrl) {
    const img = el('img', { class: 'kiosk-map-image', src: page.imageUrl, alt: '' });
    // The boxes are fractions of the image: the plan takes the image's own shape once it is known.
    img.addEventListener('load', () => {
      if (img.naturalWidth > 0) plan.style.aspectRatio = `${img.naturalWidth} / ${img.naturalHeight}`;
    });
    plan.append(img);
  }
  const boxes = new Map<Area, HTMLElement[]>();
  for (const a of page.areas) {
    const box = el('div', { class: 'kiosk-map-area', 'data-area': a.area }, el('span', { text: AREA_LABELS[a.area] }));
    Object.assign(box.style, { left: pct(a.x), top: pct(a.y), width: pct(a.w), height: pct(a.h) });
    plan.append(box);
    boxes.set(a.area, [...(boxes.get(a.area) ?? []), box]);
  }
  if (page.here) {
    const here = el('div', { class: 'kiosk-map-here', 'data-testid': 'kiosk-map-here' }, el('span', { class: 'kiosk-map-here-dot', 'aria-hidden': 'true' }), el('span', { class: 'kiosk-map-here-label', text: '您在这里' }));
    Object.assign(here.style, { left: pct(page.here.x), top: pct(page.here.y) });
    plan.append(here);
  }

  const answer = el('p', { class: 'kiosk-map-answer', 'aria-live': 'polite', text: page.services.length > 0 ? '请选择要办理的业务，地图上会标出位置。' : '' });
  const list = el('div', { class: 'kiosk-services' });
  const buttons: HTMLButtonElement[] = [];
  for (const s of page.services) {
    const b = button({ class: 'kiosk-service', 'data-testid': 'kiosk-service', 'data-area': s.area }, () => {
      for (const [, els] of boxes) for (const e of els) e.classList.remove('is-highlighted');
      for (const e of boxes.get(s.area) ?? []) e.classList.add('is-highlighted');
      for (const other of buttons) other.setAttribute('aria-pressed', String(other === b));
      const counters = s.counters.length > 0 ? ` ${s.counters.join('、')} 号窗口` : '';
      answer.textContent = `「${s.name}」请到${AREA_LABELS[s.area]}${counters}办理`;
    }, s.name);
    b.setAttribute('aria-pressed', 'false');
    buttons.push(b);
    list.append(b);
  }
  return { element: el('div', { class: 'kiosk-map-page' }, plan, answer, list) };
}
