/**
 * Who may use a hall's own queue: a `queue:write` token for the hall or staff of the hall (the policy's
 * `queue.desk`, hall rules included), or — for taking tickets only — a screen of the hall with its
 * device key (`x-screen-id` + `x-screen-key`).
 */
import type { Request, Response } from 'express';
import { credentialFor } from '../auth/device-keys';
import { principalOf } from '../auth/principal';
import { HttpError } from '../http-error';
import { guard } from '../policy/guard';
import type { StoreReader } from '../store/store';

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
    guard(res, 'queue.desk', [hallId]);
    return { kind: 'token', name: `token:${p.token.name}` };
  }
  if (p?.kind === 'user') {
    guard(res, 'queue.desk', [hallId]);
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
