/**
 * The printed ticket (号票) for 80 mm thermal paper: hall, number (large), service, people ahead, the
 * time taken in the hall's zone, a note and the QR code of the public ticket page. Built as a DOM
 * block that only print media shows (take-ticket.css), then `window.print()`; the kiosk's Chromium
 * runs with `--kiosk-printing`, so no dialog appears (scripts/kiosk-launcher.sh).
 */
import { el } from '../dom-build';

export interface PrintedTicket {
  hallName: string;
  number: string;
  serviceName: string;
  waitLine: string;
  takenAt: string;
  timeZone?: string;
  note: string;
  /** A data: URL of the QR code (an <img> prints more reliably than a canvas). */
  qrDataUrl?: string;
}

/** The text of the time line: 2026-11-27 09:05 in the hall's zone. */
export function printedTime(iso: string, timeZone = 'Asia/Shanghai'): string {
  const parts = new Intl.DateTimeFormat('zh-CN', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(new Date(iso));
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
}

/** Puts the ticket in the print area (replacing the last one) and prints it. */
export function printTicket(t: PrintedTicket, print: () => void = () => window.print()): HTMLElement {
  document.querySelector('.ticket-print')?.remove();
  const area = el(
    'div',
    { class: 'ticket-print', 'data-testid': 'ticket-print', 'aria-hidden': 'true' },
    el('div', { class: 'tp-hall', text: t.hallName }),
    el('div', { class: 'tp-service', text: t.serviceName }),
    el('div', { class: 'tp-number', text: t.number }),
    el('div', { class: 'tp-wait', text: t.waitLine }),
    t.qrDataUrl ? el('img', { class: 'tp-qr', src: t.qrDataUrl, alt: '' }) : null,
    t.qrDataUrl ? el('div', { class: 'tp-small', text: '手机扫码查看排队进度' }) : null,
    el('div', { class: 'tp-small', text: printedTime(t.takenAt, t.timeZone) }),
    el('div', { class: 'tp-note', text: t.note }),
  );
  document.body.append(area);
  try {
    print();
  } catch (err) {
    console.warn('[kiosk] print failed', err);
  }
  return area;
}
