/** A screen as the API shows it: no key generation, devices without their hashes, plus playerUrl and live status. */
import type { Request } from 'express';
import type { Screen } from '../content/model';
import { publicDevice } from './auth/device-keys';
import { principalOf } from './auth/principal';
import { deviceKey } from './auth/secrets';
import type { AppContext } from './context';

/** The origin players and links are built on (PUBLIC_URL, else the request's own). */
export const baseUrlOf = (ctx: AppContext, req: Request): string => ctx.publicUrl ?? `${req.protocol}://${req.get('host')}`;

/** Device keys (inside `playerUrl`) are shown to admins only: editors and operators never need them. */
export function presentScreen(ctx: AppContext, req: Request, s: Screen) {
  const { keyGeneration, devices, ...rest } = s;
  const p = req.res ? principalOf(req.res) : undefined;
  const isAdmin = p?.kind === 'user' && p.user.role === 'admin';
  return {
    ...rest,
    devices: (devices ?? []).map(publicDevice),
    ...(isAdmin && { playerUrl: `${baseUrlOf(ctx, req)}/player/?screen=${encodeURIComponent(s.id)}&key=${deviceKey(ctx.secret, s.id, keyGeneration)}` }),
    status: ctx.players.status(s.id),
  };
}
