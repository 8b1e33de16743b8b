/**
 * 办事指南: intro, numbered steps, required documents and a QR code to do it online. Long guides
 * scroll natively in the page (crisp text, momentum on touch), never as a canvas.
 */
import QRCode from 'qrcode';
import type { KioskPage } from '../../../content/kiosk-model';
import { el } from '../dom-build';
import type { PageView } from './page-view';

export function guidePage(page: Extract<KioskPage, { type: 'guide' }>): PageView {
  const root = el('div', { class: 'kiosk-guide' });
  if (page.intro) root.append(el('p', { class: 'kiosk-intro', text: page.intro }));
  const steps = el('ol', { class: 'kiosk-steps' });
  page.steps.forEach((s, i) =>
    steps.append(el('li', {}, el('span', { class: 'kiosk-step-no', 'aria-hidden': 'true', text: String(i + 1) }), el('div', {}, el('h3', { text: s.title }), s.body ? el('p', { text: s.body }) : null))),
  );
  root.append(el('h2', { text: '办理流程' }), steps);
  if (page.documents.length > 0) {
    const docs = el('ul', { class: 'kiosk-docs' });
    for (const d of page.documents) docs.append(el('li', { text: d }));
    root.append(el('h2', { text: '所需材料' }), docs);
  }
  if (page.qrUrl) {
    const canvas = el('canvas', { class: 'kiosk-qr', role: 'img', 'aria-label': `二维码：${page.qrUrl}` });
    QRCode.toCanvas(canvas, page.qrUrl, { width: 320, margin: 2, errorCorrectionLevel: 'M', color: { dark: '#00483fff', light: '#ffffffff' } }).catch((err: unknown) => {
      console.warn('[kiosk] QR code failed', err);
      canvas.remove();
    });
    root.append(el('figure', { class: 'kiosk-qr-box' }, canvas, el('figcaption', { text: page.qrLabel })));
  }
  return { element: root };
}
