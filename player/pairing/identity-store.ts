/**
 * The identity a device received by pairing, kept in localStorage so the screen stays itself across
 * reloads and reboots. A playerUrl (key in the URL) is never stored: kiosks provisioned by URL keep
 * their URL as the single source of truth.
 */
import type { ScreenParams } from '../screen-params';

const KEY = 'hall-signage:paired-device';

/** A screen identity and where it came from (a revoked paired key sends the device back to pairing). */
export interface Identity extends ScreenParams {
  source: 'url' | 'paired';
}

export function loadPairedIdentity(): Identity | null {
  try {
    const raw = localStorage.getItem(KEY);
    if (!raw) return null;
    const { screenId, key } = JSON.parse(raw) as Partial<ScreenParams>;
    return typeof screenId === 'string' && typeof key === 'string' && screenId && key ? { screenId, key, source: 'paired' } : null;
  } catch {
    return null;
  }
}

export function savePairedIdentity(params: ScreenParams): void {
  try {
    localStorage.setItem(KEY, JSON.stringify({ screenId: params.screenId, key: params.key }));
  } catch (err) {
    // Without storage the device plays until the next reload, then asks to be paired again.
    console.warn('[pairing] cannot store the device key', err);
  }
}

export function clearPairedIdentity(): void {
  try {
    localStorage.removeItem(KEY);
  } catch {
    // Nothing stored, nothing to clear.
  }
}
