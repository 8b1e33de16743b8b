/**
 * The device's side of pairing by code: ask for a code, then poll until staff claim it (the poll
 * returns the screen id and device key once) or it expires. Pure HTTP, no DOM.
 */
import { PairingPoll, PairingStart } from '../../content/pairing';

/** A code to show, with its deadline on this device's monotonic clock (the device's wall clock may be wrong). */
export interface ShownCode extends PairingStart {
  deadline: number;
}

export type PollResult = { status: 'waiting' } | { status: 'paired'; screenId: string; key: string } | { status: 'expired' } | { status: 'unreachable' };

/** `POST /api/pairing`; throws with a message a person can act on. */
export async function startPairing(fetchFn: typeof fetch = fetch): Promise<ShownCode> {
  let response: Response;
  try {
    response = await fetchFn('/api/pairing', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  } catch {
    throw new Error('无法连接信息发布服务器，正在重试…');
  }
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
    throw new Error(body?.error?.message ?? `获取配对码失败（HTTP ${response.status}），正在重试…`);
  }
  const start = PairingStart.parse(await response.json());
  // Server time from the Date header, so the countdown is right even on a device with a wrong clock.
  const serverNow = Date.parse(response.headers.get('date') ?? '') || Date.now();
  return { ...start, deadline: performance.now() + Math.max(0, Date.parse(start.expiresAt) - serverNow) };
}

/** One poll of `GET /api/pairing/:id?secret=`. */
export async function pollPairing(code: ShownCode, fetchFn: typeof fetch = fetch): Promise<PollResult> {
  let response: Response;
  try {
    response = await fetchFn(`/api/pairing/${encodeURIComponent(code.pairingId)}?secret=${encodeURIComponent(code.secret)}`, { cache: 'no-store' });
  } catch {
    return { status: 'unreachable' };
  }
  if (response.status === 404 || response.status === 410) return { status: 'expired' };
  if (!response.ok) return { status: 'unreachable' };
  const parsed = PairingPoll.safeParse(await response.json().catch(() => null));
  if (!parsed.success) return { status: 'unreachable' };
  return parsed.data.status === 'paired' ? { status: 'paired', screenId: parsed.data.screenId, key: parsed.data.key } : { status: 'waiting' };
}
