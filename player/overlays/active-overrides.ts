/**
 * Which live overrides a screen shows at an instant: pure, so expiry is tested with a fixed clock.
 * The newest emergency and the newest message win; anything past `expiresAt` (server time) is gone.
 * What shows how: the newest 全屏接管 emergency takes the screen (`takeover`); the band (`band`) carries
 * the newest 横幅 emergency, else the newest message — an emergency outranks a message for the band.
 */
import { overrideDisplay, type Override } from '../../content/model';
import { targetsScreen, type TargetableScreen } from '../../content/targeting';

/** What is on screen now and when that can next change through expiry. */
export interface ActiveOverrides {
  emergency: Override | null;
  message: Override | null;
  /** The fullscreen emergency on screen (nothing else shows, calls are held). */
  takeover: Override | null;
  /** What runs as the band along the bottom (content and calls go on). */
  band: Override | null;
  /** The earliest `expiresAt` among the active ones (ms), or null when none expires. */
  nextExpiryMs: number | null;
}

const newest = (list: Override[]): Override | null =>
  list.reduce<Override | null>((best, o) => (!best || o.createdAt > best.createdAt || (o.createdAt === best.createdAt && o.id > best.id) ? o : best), null);

/** Pick the overrides to show on `screen` at server time `nowMs`. */
export function activeOverrides(overrides: readonly Override[], screen: TargetableScreen, nowMs: number): ActiveOverrides {
  const live = overrides.filter((o) => targetsScreen(o.target, screen) && (!o.expiresAt || Date.parse(o.expiresAt) > nowMs));
  const expiries = live.filter((o) => o.expiresAt).map((o) => Date.parse(o.expiresAt!));
  const message = newest(live.filter((o) => o.kind === 'message'));
  return {
    emergency: newest(live.filter((o) => o.kind === 'emergency')),
    message,
    takeover: newest(live.filter((o) => o.kind === 'emergency' && overrideDisplay(o) === 'fullscreen')),
    band: newest(live.filter((o) => o.kind === 'emergency' && overrideDisplay(o) === 'banner')) ?? message,
    nextExpiryMs: expiries.length ? Math.min(...expiries) : null,
  };
}
