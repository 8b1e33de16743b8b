/**
 * Pairing by code. A new device calls `POST /api/pairing` (public, rate-limited per IP) and shows the
 * code; an admin claims the code (`POST /api/pairing/claim`) as a new screen or as another device of
 * an existing one; the device's next poll (`GET /api/pairing/:id?secret=`) collects its key, once.
 * Only the key's sha256 is stored (screen.devices).
 */
import { Router } from 'express';
import type { Screen } from '../../content/model';
import { ScreenInput } from '../../content/model';
import { PAIRING_TTL_MS, PairingClaimInput } from '../../content/pairing';
import { screenFromInput } from '../../content/screen-defaults';
import { newPairedKey } from '../auth/device-keys';
import { actorName } from '../auth/principal';
import { guard, permit, seen } from '../policy/guard';
import { sha256Hex } from '../auth/secrets';
import type { AppContext } from '../context';
import { HttpError, notFound } from '../http-error';
import { newId } from '../ids';
import type { PairingBook } from '../cluster/redis-pairings';
import { createPairings } from '../pairing/pairings';
import { localRateLimits } from '../pairing/rate-limit';
import { presentScreen } from '../screen-view';
import { parseBody } from '../validate';

/** Paired devices per screen: a mirror wall or a spare, not a fleet. */
export const MAX_DEVICES_PER_SCREEN = 20;

export interface PairingOptions {
  /** Pairing starts per client IP per minute (default 10). */
  perMinute?: number;
  /** How long a code stays valid (default PAIRING_TTL_MS). */
  ttlMs?: number;
}

export function pairingRoutes(ctx: AppContext, opts: PairingOptions = {}): Router {
  const { store, bus, clock, audit } = ctx;
  // Cluster: pending pairings live in Redis, so the device and staff may talk to different instances.
  const ttlMs = opts.ttlMs ?? PAIRING_TTL_MS;
  const pairings: PairingBook = ctx.pairingBook?.(ttlMs) ?? createPairings({ clock, ttlMs });
  const perMinute = opts.perMinute ?? 10;
  // Cluster: counted in Redis, so more instances do not mean more codes per minute for one address.
  const limiter = (ctx.rateLimits ?? localRateLimits)('pairing', { limit: perMinute, windowMs: 60_000, clock });
  const router = Router();

  router.post('/', async (req, res) => {
    if (!(await limiter.hit(req.ip ?? 'unknown'))) {
      res.setHeader('Retry-After', '60');
      throw new HttpError(429, 'too_many_pairings', `配对请求过于频繁（每分钟至多 ${perMinute} 次），请一分钟后再试`);
    }
    res.setHeader('Cache-Control', 'no-store');
    res.status(201).json(await pairings.start(req.get('user-agent') ?? ''));
  });

  router.post('/claim', permit('screen.admin'), async (req, res) => {
    const input = parseBody(req, PairingClaimInput);
    guard(res, 'screen.admin', ['screenId' in input ? (store.get('screens', input.screenId)?.hallId ?? input.screenId) : input.hallId]);
    // Checked before the code is taken, so a typo in the form does not burn the code.
    if ('screenId' in input) {
      if (!store.get('screens', input.screenId)) throw notFound('屏幕', input.screenId);
    } else if (!store.get('halls', input.hallId)) throw new HttpError(400, 'unknown_hall', `营业厅 ${input.hallId} 不存在`);
    const claim = await pairings.reserve(input.code);
    const key = newPairedKey();
    const now = new Date(clock()).toISOString();
    const device = { id: newId('dev'), keyHash: sha256Hex(key), label: claim.label, pairedAt: now };
    let screen: Screen;
    try {
      screen = await store.transact((tx) => {
        if ('screenId' in input) {
          const s = tx.get('screens', input.screenId);
          if (!s) throw notFound('屏幕', input.screenId);
          if ((s.devices ?? []).length >= MAX_DEVICES_PER_SCREEN)
            throw new HttpError(409, 'too_many_devices', `每块屏幕至多绑定 ${MAX_DEVICES_PER_SCREEN} 台设备，请先解绑不用的设备`);
          return tx.replace('screens', { ...s, devices: [...(s.devices ?? []), device] });
        }
        const { code: _c, ...fields } = input;
        const created = screenFromInput(ScreenInput.parse(fields), newId('scr'), now);
        return tx.insert('screens', { ...created, devices: [device] });
      });
    } catch (err) {
      await claim.release();
      throw err;
    }
    await claim.commit({ screenId: screen.id, deviceId: device.id, key });
    audit.write({ who: actorName(res), action: 'screen.pair', id: screen.id, deviceId: device.id });
    bus.publish({ type: 'changed', collection: 'screens' });
    res.status(201).json({ screen: presentScreen(ctx, req, screen), deviceId: device.id });
  });

  router.get('/:pairingId', async (req, res) => {
    const secret = typeof req.query.secret === 'string' ? req.query.secret : '';
    if (!secret) throw new HttpError(400, 'secret_missing', '缺少参数 secret（开始配对时返回的密钥）');
    res.setHeader('Cache-Control', 'no-store');
    res.json(await pairings.poll(req.params.pairingId as string, secret));
  });

  return router;
}
