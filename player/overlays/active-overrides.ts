/**
 * Which live overrides a screen shows at an instant: pure, so expiry is tested with a fixed clock.
 * The newest emergency and the newest message win; anything past `expiresAt` (server time) is gone.
 */
import type { Override } from '../../content/model';
import { targetsScreen, type TargetableScreen } from '../../content/targeting';

/** What is on screen now and when that can next change through expiry. */
export interface ActiveOverrides {
  emergency: Override | null;
  message: Override | null;
  /** The earliest `expiresAt` among the active ones (ms), or null when none expires. */
  nextExpiryMs: number | null;
}

const newest = (list: Override[]): Override | null =>
  list.reduce<Override | null>((best, o) => (!best || o.createdAt > best.createdAt || (o.createdAt === best.createdAt && o.id > best.id) ? o : best), null);

/** Pick the overrides to show on `screen` at server time `nowMs`. */
export function activeOverrides(overrides: readonly Override[], screen: TargetableScreen, nowMs: number): ActiveOverrides {
  const live = overrides.filter((o) => targetsScreen(o.target, screen) && (!o.expiresAt || Date.parse(o.expiresAt) > nowMs));
  const expiries = live.filter((o) => o.expiresAt).map((o) => Date.parse(o.expiresAt!));
  return {
    emergency: newest(live.filter((o) => o.kind === 'emergency')),
    message: newest(live.filter((o) => o.kind === 'message')),
    nextExpiryMs: expiries.length ? Math.min(...expiries) : null,
  };
}
