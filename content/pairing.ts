/**
 * Pairing a new device by code: the device asks for a code (6 characters, short TTL, single use) and
 * shows it with a QR code; a staff member enters the code in the editor with hall, area and name; the
 * device's next poll receives its screen id and device key (stored hashed on the server) and plays.
 */
import { z } from 'zod';
import { Id, IsoInstant } from './primitives';
import { Area, CounterId, ScreenKind } from './model';

/** Unambiguous on a screen across a hall: no 0/O, 1/I/L. */
export const PAIRING_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const PAIRING_CODE_LENGTH = 6;
export const PAIRING_TTL_MS = 10 * 60_000;
/** The editor's button and the device's hint name the action with this one word (they said 配对新屏幕 / 配对新设备). */
export const PAIR_ACTION = '配对新设备';
/** How often a device waiting for its code to be claimed asks again. */
export const PAIRING_POLL_MS = 2000;

export const PairingCode = z
  .string()
  .trim()
  .transform((s) => s.toUpperCase().replace(/[\s-]/g, ''))
  .pipe(z.string().regex(new RegExp(`^[${PAIRING_ALPHABET}]{${PAIRING_CODE_LENGTH}}$`), '配对码为 6 位字母或数字，请对照屏幕输入'));

/** `POST /api/pairing` (public) → what the device shows and the secret it polls with. */
export const PairingStart = z.object({
  pairingId: Id,
  code: z.string(),
  /** Only the device knows it: claiming needs the code, collecting the key needs this. */
  secret: z.string(),
  expiresAt: IsoInstant,
});
export type PairingStart = z.infer<typeof PairingStart>;

/** `GET /api/pairing/{pairingId}?secret=` → still waiting, or the screen it became (once). */
export const PairingPoll = z.discriminatedUnion('status', [
  z.object({ status: z.literal('waiting'), expiresAt: IsoInstant }),
  z.object({ status: z.literal('paired'), screenId: Id, key: z.string(), deviceId: Id }),
]);
export type PairingPoll = z.infer<typeof PairingPoll>;

/** `POST /api/pairing/claim` (admin): make the device a new screen, or a new device of an existing one. */
export const PairingClaimInput = z.union([
  z.object({
    code: PairingCode,
    name: z.string().trim().min(1, '屏幕名称不能为空').max(100),
    hallId: Id,
    area: Area,
    kind: ScreenKind,
    counters: z.array(CounterId).max(64).optional(),
  }),
  z.object({ code: PairingCode, screenId: Id }),
]);
export type PairingClaimInput = z.infer<typeof PairingClaimInput>;
