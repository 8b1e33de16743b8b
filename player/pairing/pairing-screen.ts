/**
 * 「配对此屏幕」: what a new device shows until staff claim it — the 6-character code very large, a
 * QR code of the editor's pairing page with the code filled in, and the time left. An expired code is
 * replaced by a new one; a server that cannot be reached is retried. Plain DOM (no WebGL needed).
 */
import QRCode from 'qrcode';
import { PAIR_ACTION, PAIRING_POLL_MS } from '../../content/pairing';
import type { ScreenParams } from '../screen-params';
import { pollPairing, startPairing, type ShownCode } from './pairing-client';

/** Between failed attempts to get a code. */
const RETRY_MS = 5000;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** The editor page that claims `code` (what the QR code opens on a staff phone). */
export function claimUrl(origin: string, code: string): string {
  return `${origin}/editor/#/screens/pair?code=${encodeURIComponent(code)}`;
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, style: Partial<CSSStyleDeclaration>, text = ''): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  Object.assign(e.style, style);
  e.textContent = text;
  return e;
}

/** The pairing screen's DOM. */
class PairingView {
  readonly root = el('div', {
    position: 'fixed',
    inset: '0',
    zIndex: '10',
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'center',
    justifyContent: 'center',
    gap: '2vmin',
    background: '#006e5f',
    color: '#fff',
    textAlign: 'center',
    fontFamily: 'inherit',
  });
  private readonly title = el('h1', { margin: '0', fontSize: '5vmin' }, '配对此屏幕');
  private readonly code = el('div', { fontSize: '16vmin', fontWeight: 'bold', letterSpacing: '0.12em', fontFamily: 'ui-monospace, monospace', lineHeight: '1' });
  private readonly qr = el('canvas', { width: '26vmin', height: '26vmin', background: '#fff', borderRadius: '1vmin' });
  private readonly hint = el('p', { margin: '0', fontSize: '3vmin', maxWidth: '80vw', lineHeight: '1.5' });
  private readonly countdown = el('p', { margin: '0', fontSize: '2.6vmin', opacity: '0.85' });

  constructor() {
    this.root.dataset.testid = 'pairing';
    this.root.setAttribute('role', 'main');
    this.code.dataset.testid = 'pairing-code';
    this.root.append(this.title, this.code, this.qr, this.hint, this.countdown);
    document.body.append(this.root);
  }

  async showCode(shown: ShownCode): Promise<void> {
    this.code.textContent = shown.code;
    this.root.dataset.code = shown.code;
    this.hint.textContent = `请在管理后台「屏幕 → ${PAIR_ACTION}」输入上方配对码，或用手机扫描二维码，并选择营业厅、区域和屏幕名称。`;
    this.qr.style.visibility = 'visible';
    await QRCode.toCanvas(this.qr, claimUrl(location.origin, shown.code), { width: 360, margin: 2, errorCorrectionLevel: 'M' }).catch((err: unknown) => {
      console.warn('[pairing] QR code failed', err);
      this.qr.style.visibility = 'hidden';
    });
    // QRCode sets the canvas size in pixels; the box stays sized by the screen.
    Object.assign(this.qr.style, { width: '26vmin', height: '26vmin' });
  }

  tick(shown: ShownCode, unreachable: boolean): void {
    const left = Math.max(0, Math.ceil((shown.deadline - performance.now()) / 1000));
    const mmss = `${Math.floor(left / 60)}:${String(left % 60).padStart(2, '0')}`;
    this.countdown.textContent = unreachable ? `暂时无法连接服务器，正在重试…（配对码 ${mmss} 后失效）` : `配对码 ${mmss} 后失效，届时自动更换`;
  }

  showProblem(message: string): void {
    this.code.textContent = '······';
    delete this.root.dataset.code;
    this.qr.style.visibility = 'hidden';
    this.hint.textContent = message;
    this.countdown.textContent = '';
  }

  destroy(): void {
    this.root.remove();
  }
}

/** Show the pairing screen until staff claim this device; resolves with its new identity. */
export async function pairDevice(): Promise<ScreenParams> {
  const view = new PairingView();
  for (;;) {
    let shown: ShownCode;
    try {
      shown = await startPairing();
    } catch (err) {
      view.showProblem(err instanceof Error ? err.message : String(err));
      await sleep(RETRY_MS);
      continue;
    }
    await view.showCode(shown);
    let unreachable = false;
    while (performance.now() < shown.deadline) {
      view.tick(shown, unreachable);
      const result = await pollPairing(shown);
      if (result.status === 'paired') {
        view.destroy();
        return { screenId: result.screenId, key: result.key };
      }
      if (result.status === 'expired') break;
      unreachable = result.status === 'unreachable';
      // The countdown moves every second between polls.
      for (let waited = 0; waited < PAIRING_POLL_MS; waited += 1000) {
        view.tick(shown, unreachable);
        await sleep(Math.min(1000, PAIRING_POLL_MS - waited));
      }
    }
    console.info('[pairing] code expired, asking for a new one');
  }
}
