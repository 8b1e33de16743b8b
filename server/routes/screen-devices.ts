/** Devices paired to a screen by code: list (never the key hashes) and revoke. */
import { Router } from 'express';
import { publicDevice } from '../auth/device-keys';
import { actorName } from '../auth/principal';
import { guard, permit } from '../policy/guard';
import type { AppContext } from '../context';
import { HttpError, notFound } from '../http-error';

export function screenDeviceRoutes(ctx: AppContext): Router {
  const { store, bus, audit, players } = ctx;
  const router = Router();

  router.get('/:id/devices', permit('screen.admin'), (req, res) => {
    const screen = store.get('screens', req.params.id as string);
    if (!screen) throw notFound('屏幕', req.params.id as string);
    guard(res, 'screen.admin', [screen.hallId]);
    res.json((screen.devices ?? []).map(publicDevice));
  });

  /** Revokes the device's key; its open sockets close with BAD_KEY, so it returns to the pairing screen. */
  router.delete('/:id/devices/:deviceId', permit('screen.admin'), async (req, res) => {
    const id = req.params.id as string;
    const hallId = store.get('screens', id)?.hallId;
    if (hallId) guard(res, 'screen.admin', [hallId]);
    const deviceId = req.params.deviceId as string;
    await store.transact((tx) => {
      const s = tx.get('screens', id);
      if (!s) throw notFound('屏幕', id);
      const devices = s.devices ?? [];
      if (!devices.some((d) => d.id === deviceId)) throw new HttpError(404, 'not_found', `屏幕 ${id} 没有设备 ${deviceId}`);
      tx.replace('screens', { ...s, devices: devices.filter((d) => d.id !== deviceId) });
    });
    players.dropDevice(id, deviceId);
    audit.write({ who: actorName(res), action: 'screen.device.revoke', id, deviceId, hallId });
    bus.publish({ type: 'changed', collection: 'screens' });
    res.status(204).end();
  });

  return router;
}
