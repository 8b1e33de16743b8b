/**
 * Pending pairings in Redis (cluster mode), with the in-memory book's behaviour: a device may poll any
 * instance and staff may claim its code on any other. Keys expire by themselves (two TTLs, so late
 * polls and claims still get a precise 410). A code is claimed once (`SET claim NX`); the key is
 * collected once (the first poll that deletes the record wins).
 */
import { randomBytes, randomInt } from 'node:crypto';
import { PAIRING_ALPHABET, PAIRING_CODE_LENGTH, type PairingPoll, type PairingStart } from '../../content/pairing';
import { keysEqual } from '../auth/secrets';
import type { RedisClient } from '../bus-redis';
import { HttpError } from '../http-error';
import { newId } from '../ids';

/** What the pairing routes need, from the in-memory book (embedded) or Redis (cluster). */
export interface PairingBook {
  start(label: string): PairingStart | Promise<PairingStart>;
  poll(pairingId: string, secret: string): PairingPoll | Promise<PairingPoll>;
  reserve(code: string): PairingClaim | Promise<PairingClaim>;
}
interface PairingClaim {
  label: string;
  commit(result: { screenId: string; deviceId: string; key: string }): void | Promise<void>;
  release(): void | Promise<void>;
}

interface Stored {
  code: string;
  secret: string;
  label: string;
  expiresAt: number;
  result?: { screenId: string; deviceId: string; key: string };
}

/** The same operations as `createPairings`, each answering a promise. */
export function createRedisPairings(opts: { redis: RedisClient; prefix: string; clock: () => number; ttlMs: number }) {
  const { redis, clock, ttlMs } = opts;
  const keep = { expiration: { type: 'PX' as const, value: ttlMs * 2 } };
  const pairKey = (id: string) => `${opts.prefix}pairing:${id}`;
  const codeKey = (code: string) => `${opts.prefix}pairing-code:${code}`;
  const claimKey = (id: string) => `${opts.prefix}pairing-claim:${id}`;
  const load = async (id: string): Promise<Stored | undefined> => {
    const raw = await redis.get(pairKey(id));
    return raw ? (JSON.parse(raw) as Stored) : undefined;
  };

  return {
    async start(label: string): Promise<PairingStart> {
      const id = newId('pair');
      let code = '';
      for (;;) {
        code = '';
        for (let i = 0; i < PAIRING_CODE_LENGTH; i++) code += PAIRING_ALPHABET[randomInt(PAIRING_ALPHABET.length)];
        if ((await redis.set(codeKey(code), id, { condition: 'NX', ...keep })) !== null) break;
      }
      const p: Stored = { code, secret: randomBytes(24).toString('base64url'), label: label.slice(0, 100), expiresAt: clock() + ttlMs };
      await redis.set(pairKey(id), JSON.stringify(p), keep);
      return { pairingId: id, code, secret: p.secret, expiresAt: new Date(p.expiresAt).toISOString() };
    },

    async poll(pairingId: string, secret: string): Promise<PairingPoll> {
      const p = await load(pairingId);
      if (!p || !keysEqual(secret, p.secret)) throw new HttpError(404, 'pairing_not_found', '配对请求不存在或已过期，请刷新页面获取新的配对码');
      if (p.result) {
        // Only the poll that removes the record hands the key out.
        if ((await redis.del(pairKey(pairingId))) === 0) throw new HttpError(404, 'pairing_not_found', '配对请求不存在或已过期，请刷新页面获取新的配对码');
        return { status: 'paired', ...p.result };
      }
      if (clock() > p.expiresAt) throw new HttpError(410, 'pairing_expired', '配对码已过期，请刷新页面获取新的配对码');
      return { status: 'waiting', expiresAt: new Date(p.expiresAt).toISOString() };
    },

    async reserve(code: string): Promise<{ label: string; commit: (result: NonNullable<Stored['result']>) => Promise<void>; release: () => Promise<void> }> {
      const id = await redis.get(codeKey(code));
      const p = id ? await load(id) : undefined;
      if (!id || !p) throw new HttpError(404, 'pairing_code_unknown', `配对码 ${code} 不存在，请核对屏幕上显示的配对码`);
      if (p.result || (await redis.set(claimKey(id), '1', { condition: 'NX', ...keep })) === null)
        throw new HttpError(410, 'pairing_code_used', `配对码 ${code} 已被使用，请在屏幕上刷新获取新的配对码`);
      if (clock() > p.expiresAt) {
        await redis.del(claimKey(id));
        throw new HttpError(410, 'pairing_code_expired', `配对码 ${code} 已过期，请在屏幕上刷新获取新的配对码`);
      }
      return {
        label: p.label,
        commit: async (result) => {
          await redis.set(pairKey(id), JSON.stringify({ ...p, result, expiresAt: Math.max(p.expiresAt, clock()) }), keep);
        },
        release: async () => {
          await redis.del(claimKey(id));
        },
      };
    },
  };
}
export type RedisPairings = ReturnType<typeof createRedisPairings>;
