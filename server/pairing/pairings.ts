/**
 * Pending pairings, in memory only: a restart just means waiting devices ask for a new code. A code is
 * claimed once; the device collects its key once (by pairingId + secret), then the pairing is gone.
 * Claimed-but-uncollected and expired entries linger for one more TTL so late polls and claims get
 * a precise 410 rather than a vague 404.
 */
import { randomBytes, randomInt } from 'node:crypto';
import { PAIRING_ALPHABET, PAIRING_CODE_LENGTH, type PairingPoll, type PairingStart } from '../../content/pairing';
import { keysEqual } from '../auth/secrets';
import { HttpError } from '../http-error';
import { newId } from '../ids';

/** Waiting devices at most; past this a start is refused rather than growing without bound. */
const MAX_PENDING = 10_000;

interface Pairing {
  id: string;
  code: string;
  secret: string;
  /** What the device said it is (user agent), shown to staff as the device's label. */
  label: string;
  expiresAt: number;
  state: 'waiting' | 'claiming' | 'claimed';
  result?: { screenId: string; deviceId: string; key: string };
}

export function createPairings(opts: { clock: () => number; ttlMs: number }) {
  const { clock, ttlMs } = opts;
  const byId = new Map<string, Pairing>();
  const byCode = new Map<string, Pairing>();

  const forget = (p: Pairing): void => {
    byId.delete(p.id);
    if (byCode.get(p.code) === p) byCode.delete(p.code);
  };
  const sweep = (now: number): void => {
    for (const p of byId.values()) if (now > p.expiresAt + ttlMs) forget(p);
  };
  const newCode = (): string => {
    for (;;) {
      let code = '';
      for (let i = 0; i < PAIRING_CODE_LENGTH; i++) code += PAIRING_ALPHABET[randomInt(PAIRING_ALPHABET.length)];
      if (!byCode.has(code)) return code;
    }
  };

  return {
    start(label: string): PairingStart {
      const now = clock();
      sweep(now);
      if (byId.size >= MAX_PENDING) throw new HttpError(503, 'pairing_busy', '待配对的设备过多，请稍后再试');
      const p: Pairing = {
        id: newId('pair'),
        code: newCode(),
        secret: randomBytes(24).toString('base64url'),
        label: label.slice(0, 100),
        expiresAt: now + ttlMs,
        state: 'waiting',
      };
      byId.set(p.id, p);
      byCode.set(p.code, p);
      return { pairingId: p.id, code: p.code, secret: p.secret, expiresAt: new Date(p.expiresAt).toISOString() };
    },

    /** The device's poll: waiting, or its key exactly once. */
    poll(pairingId: string, secret: string): PairingPoll {
      const p = byId.get(pairingId);
      // A wrong secret looks exactly like an unknown pairing: nothing to learn by guessing.
      if (!p || !keysEqual(secret, p.secret)) throw new HttpError(404, 'pairing_not_found', '配对请求不存在或已过期，请刷新页面获取新的配对码');
      if (p.state === 'claimed' && p.result) {
        forget(p);
        return { status: 'paired', ...p.result };
      }
      if (clock() > p.expiresAt) throw new HttpError(410, 'pairing_expired', '配对码已过期，请刷新页面获取新的配对码');
      return { status: 'waiting', expiresAt: new Date(p.expiresAt).toISOString() };
    },

    /**
     * Reserves a code for claiming; `commit` hands the result to the device, `release` puts the code
     * back (the store write failed). Reserving synchronously keeps two staff from claiming one code.
     */
    reserve(code: string): { label: string; commit: (result: Pairing['result'] & {}) => void; release: () => void } {
      const p = byCode.get(code);
      if (!p) throw new HttpError(404, 'pairing_code_unknown', `配对码 ${code} 不存在，请核对屏幕上显示的配对码`);
      if (p.state !== 'waiting') throw new HttpError(410, 'pairing_code_used', `配对码 ${code} 已被使用，请在屏幕上刷新获取新的配对码`);
      if (clock() > p.expiresAt) throw new HttpError(410, 'pairing_code_expired', `配对码 ${code} 已过期，请在屏幕上刷新获取新的配对码`);
      p.state = 'claiming';
      return {
        label: p.label,
        commit: (result) => {
          p.state = 'claimed';
          p.result = result;
          // The device may collect for one more TTL from now, however late in its life the code was claimed.
          p.expiresAt = Math.max(p.expiresAt, clock());
        },
        release: () => void (p.state = 'waiting'),
      };
    },

    pendingCount: (): number => byId.size,
  };
}
export type Pairings = ReturnType<typeof createPairings>;
