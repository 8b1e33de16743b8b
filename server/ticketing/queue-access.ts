/**
 * Who may use a hall's own queue, in one small function so the policy module (roles, hall-scoped
 * users) can replace it at merge: a `queue:write` token for the hall, staff of the hall, or — for
 * taking tickets only — a screen of the hall with its device key (`x-screen-id` + `x-screen-key`).
 */
import type { Request, Response } from 'express';
import type { Role } from '../../content/model';
import { credentialFor } from '../auth/device-keys';
import { principalOf } from '../auth/principal';
import { HttpError } from '../http-error';
import type { StoreReader } from '../store/store';

/** Roles that count as staff of a hall's queue. */
export const QUEUE_STAFF_ROLES: readonly Role[] = ['admin', 'operator', 'editor'];

/** Who acted, for tickets (source) and audit lines. */
export interface QueueActor {
  kind: 'token' | 'staff' | 'screen';
  name: string;
}

const header = (req: Request, name: string): string | undefined => {
  const v = req.get(name);
  return v && v.length <= 256 ? v : undefined;
};

/** Checks the caller against hall `hallId`; `screens: true` also admits a screen of the hall with its key. */
export function queueActor(req: Request, res: Response, deps: { store: StoreReader; secret: Buffer }, hallId: string, opts: { screens?: boolean } = {}): QueueActor {
  const p = principalOf(res);
  if (p?.kind === 'token') {
    if (!p.token.scopes.includes('queue:write')) throw new HttpError(403, 'forbidden', '此令牌没有 queue:write 权限');
    if (p.token.hallIds.length > 0 && !p.token.hallIds.includes(hallId)) throw new HttpError(403, 'forbidden', '此令牌不能操作该营业厅的排队');
    return { kind: 'token', name: `token:${p.token.name}` };
  }
  if (p?.kind === 'user') {
    if (!QUEUE_STAFF_ROLES.includes(p.user.role)) throw new HttpError(403, 'forbidden', `排队操作需要以下角色之一：${QUEUE_STAFF_ROLES.join(', ')}`);
    // NOTE: hall-scoped users arrive with the policy module; a user record without hallIds means every hall.
    const hallIds = (p.user as { hallIds?: string[] }).hallIds;
    if (hallIds && hallIds.length > 0 && !hallIds.includes(hallId)) throw new HttpError(403, 'forbidden', '您不能操作该营业厅的排队');
    return { kind: 'staff', name: `user:${p.user.username}` };
  }
  const screenId = header(req, 'x-screen-id');
  const key = header(req, 'x-screen-key');
  if (opts.screens && screenId && key) {
    const screen = deps.store.get('screens', screenId);
    if (!screen || !credentialFor(deps.secret, screen, key)) throw new HttpError(401, 'bad_device_key', '设备密钥无效或已吊销');
    if (screen.hallId !== hallId) throw new HttpError(403, 'forbidden', '这块屏幕不属于该营业厅，不能为它取号');
    return { kind: 'screen', name: `screen:${screen.id}` };
  }
  throw new HttpError(401, 'unauthenticated', opts.screens ? '需要员工登录、接口令牌，或屏幕的 x-screen-id 与 x-screen-key' : '需要员工登录或 Authorization: Bearer <令牌>');
}
