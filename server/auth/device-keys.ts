/**
 * Which credential a player presents: the screen's provisioning key (HMAC, the playerUrl) or the key
 * of a device paired by code (random, stored only as sha256 in `screen.devices`).
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { PairedDevice, Screen } from '../../content/model';
import { deviceKey, keysEqual, sha256Hex } from './secrets';

/** How a socket or upload proved it speaks for a screen. */
export type ScreenCredential = { kind: 'provisioning'; generation: number } | { kind: 'device'; deviceId: string };

/** A new key for a paired device (shown to the device once, then only its hash exists). */
export const newPairedKey = (): string => randomBytes(24).toString('base64url');

/** The paired device whose key this is, compared in constant time against every device's hash. */
export function pairedDeviceFor(screen: Pick<Screen, 'devices'>, key: string): PairedDevice | undefined {
  const presented = Buffer.from(sha256Hex(key), 'hex');
  let found: PairedDevice | undefined;
  // NOTE: no early exit, so the time taken does not say which device (or how many) matched.
  for (const d of screen.devices ?? []) if (timingSafeEqual(presented, Buffer.from(d.keyHash, 'hex'))) found = d;
  return found;
}

/** Checks `key` for `screen`: the provisioning key of its current generation, or a paired device's key. */
export function credentialFor(secret: Buffer, screen: Screen, key: string): ScreenCredential | undefined {
  if (keysEqual(key, deviceKey(secret, screen.id, screen.keyGeneration))) return { kind: 'provisioning', generation: screen.keyGeneration };
  const device = pairedDeviceFor(screen, key);
  return device ? { kind: 'device', deviceId: device.id } : undefined;
}

/** A device as staff see it: never its hash. */
export const publicDevice = (d: PairedDevice) => ({ id: d.id, label: d.label, pairedAt: d.pairedAt });
