/**
 * 取号: big tiles for the hall's services (waiting now, estimated wait), one touch takes a ticket as
 * this screen (its device key), then the number large with 前面还有 N 人，预计等候 M 分钟, a QR code to the
 * public ticket page, and — when the page says so — the printed ticket. The kiosk's idle timer brings
 * the loop back as for any page.
 */
import QRCode from 'qrcode';
import type { KioskPage } from '../../../content/kiosk-model';
import { button, el } from '../dom-build';
import type { PageContext, PageView } from './page-view';
import { printTicket } from './take-ticket-print';
import './take-ticket.css';

interface ServiceLoad { serviceId: string; name: string; prefix: string; open: boolean; waiting: number; estimatedWaitMinutes?: number }
interface Offer { hallId: string; hallName: string; services: ServiceLoad[] }
interface Taken { id: string; number: string; serviceName: string; hallName: string; waitingAhead: number; estimatedWaitMinutes?: number; takenAt: string; ticketUrl?: string }

/** 前面还有 N 人，预计等候 M 分钟 (or the short forms when nobody waits or nothing is known). */
export function waitLine(ahead: number, minutes: number | undefined): string {
  if (ahead === 0) return '前面没有人，请留意叫号';
  return minutes === undefined ? `前面还有 ${ahead} 人` : `前面还有 ${ahead} 人，预计等候 ${Math.max(1, minutes)} 分钟`;
}

/** One key per tap, sent again on a retry so the server gives the same ticket back (getRandomValues works on plain http too). */
export function newTakeKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `tap-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}
/** A tap whose answer is lost (timeout, dropped link) is tried again this many times, with the same key. */
const TAKE_RETRIES = 2;
/** Give up on one attempt after this long: a kiosk visitor does not wait longer for a ticket. */
const TAKE_TIMEOUT_MS = 8_000;

const message = async (r: Response): Promise<string> => ((await r.json().catch(() => null)) as { error?: { message?: string } } | null)?.error?.message ?? `取号失败（HTTP ${r.status}），请到引导台取号`;

export function takeTicketPage(page: Extract<KioskPage, { type: 'takeTicket' }>, ctx: PageContext): PageView {
  const root = el('div', { class: 'kiosk-take', 'data-testid': 'kiosk-take' });
  const device = ctx.device;
  let disposed = false;
  const headers = device ? { 'x-screen-id': device.screenId, 'x-screen-key': device.key } : undefined;

  const showError = (text: string): void => {
    root.replaceChildren(el('p', { class: 'kiosk-take-error', role: 'alert', 'data-testid': 'kiosk-take-error', text }), button({ class: 'kiosk-tile', 'data-testid': 'kiosk-take-retry' }, () => void load(), el('span', { class: 'kiosk-tile-label', text: '重新选择' })));
  };

  const showTicket = (t: Taken): void => {
    const wait = waitLine(t.waitingAhead, t.estimatedWaitMinutes);
    const canvas = el('canvas', { role: 'img', 'aria-label': '扫码在手机上查看排队进度' });
    const box = el(
      'div',
      { class: 'kiosk-ticket', 'data-testid': 'kiosk-ticket', 'data-ticket-id': t.id },
      el('p', { class: 'kiosk-prose', text: `${t.serviceName} · 您的号码` }),
      el('div', { class: 'kiosk-ticket-number', 'data-testid': 'kiosk-ticket-number', text: t.number }),
      el('p', { class: 'kiosk-ticket-wait', 'data-testid': 'kiosk-ticket-wait', text: wait }),
      t.ticketUrl ? canvas : null,
      t.ticketUrl ? el('p', { class: 'kiosk-note', text: '手机扫码，随时查看排队进度' }) : null,
      el('p', { class: 'kiosk-note', text: page.note }),
      button({ class: 'kiosk-tile', 'data-testid': 'kiosk-take-again' }, () => void load(), el('span', { class: 'kiosk-tile-label', text: '完成' })),
    );
    root.replaceChildren(box);
    const qr = t.ticketUrl ? QRCode.toDataURL(t.ticketUrl, { width: 320, margin: 1, errorCorrectionLevel: 'M' }).catch(() => undefined) : Promise.resolve(undefined);
    if (t.ticketUrl) void QRCode.toCanvas(canvas, t.ticketUrl, { width: 320, margin: 2, errorCorrectionLevel: 'M' }).catch(() => canvas.remove());
    if (page.print) void qr.then((qrDataUrl) => !disposed && printTicket({ hallName: t.hallName, number: t.number, serviceName: t.serviceName, waitLine: wait, takenAt: t.takenAt, note: page.note, qrDataUrl }));
  };

  const post = async (s: ServiceLoad, offer: Offer, key: string): Promise<Response> => {
    for (let attempt = 0; ; attempt++) {
      const abort = new AbortController();
      const timer = setTimeout(() => abort.abort(), TAKE_TIMEOUT_MS);
      try {
        return await fetch('/api/queue/tickets', {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'idempotency-key': key, ...headers },
          body: JSON.stringify({ hallId: offer.hallId, serviceId: s.serviceId }),
          signal: abort.signal,
        });
      } catch (e) {
        if (attempt >= TAKE_RETRIES || disposed) throw e;
      } finally {
        clearTimeout(timer);
      }
    }
  };

  const take = async (s: ServiceLoad, offer: Offer): Promise<void> => {
    try {
      const r = await post(s, offer, newTakeKey());
      if (disposed) return;
      if (!r.ok) return showError(await message(r));
      showTicket((await r.json()) as Taken);
    } catch {
      if (!disposed) showError('网络异常，暂时无法取号，请到引导台取号');
    }
  };

  const showServices = (offer: Offer): void => {
    const wanted = page.serviceIds.length > 0 ? page.serviceIds.map((id) => offer.services.find((s) => s.serviceId === id)).filter((s): s is ServiceLoad => !!s) : offer.services;
    if (wanted.length === 0) return void root.replaceChildren(el('p', { class: 'kiosk-prose', text: '本厅暂未开通取号，请到引导台咨询。' }));
    const grid = el('div', { class: 'kiosk-tiles' });
    for (const s of wanted) {
      const b = button(
        { class: 'kiosk-tile', 'data-testid': 'kiosk-service', 'data-service-id': s.serviceId, disabled: !s.open },
        () => {
          b.disabled = true;
          void take(s, offer);
        },
        el('span', { class: 'kiosk-tile-prefix', 'aria-hidden': 'true', text: s.prefix }),
        el('span', { class: 'kiosk-tile-label', text: s.name }),
        el('span', { class: 'kiosk-tile-hint', text: s.open ? (s.waiting > 0 ? `等候 ${s.waiting} 人${s.estimatedWaitMinutes !== undefined ? ` · 约 ${Math.max(1, s.estimatedWaitMinutes)} 分钟` : ''}` : '无需等候') : '暂停取号' }),
      );
      grid.append(b);
    }
    root.replaceChildren(el('h2', { text: '请选择要办理的业务' }), grid);
  };

  const load = async (): Promise<void> => {
    if (!headers) return void root.replaceChildren(el('p', { class: 'kiosk-prose', text: '预览：取号在触摸屏上可用（需要屏幕的设备密钥）。' }));
    try {
      const r = await fetch('/api/queue/kiosk', { headers });
      if (disposed) return;
      if (!r.ok) return showError(await message(r));
      showServices((await r.json()) as Offer);
    } catch {
      if (!disposed) showError('网络异常，暂时无法取号，请到引导台取号');
    }
  };
  root.replaceChildren(el('p', { class: 'kiosk-prose', text: '正在加载业务…' }));
  void load();
  return { element: root, dispose: () => void (disposed = true) };
}
