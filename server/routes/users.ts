/**
 * Staff accounts (unrestricted admins only): create, edit role / halls / name, disable, delete, reset a
 * password, end every session. Ending sessions also closes the user's editor sockets at once (the
 * editor hub re-checks its sockets on every `users` change).
 */
import { Router, type Response } from 'express';
import { z } from 'zod';
import { Id, Role, type User } from '../../content/model';
import { hashPassword } from '../auth/passwords';
import { checkPassword } from '../auth/password-policy';
import { actorName, requireUser } from '../auth/principal';
import type { AppContext } from '../context';
import { HttpError, notFound } from '../http-error';
import { newId } from '../ids';
import { permit } from '../policy/guard';
import type { Transaction } from '../store/store';
import { parseBody } from '../validate';
import { publicUser } from './auth';

const Username = z.string().trim().regex(/^[A-Za-z0-9_.-]{2,32}$/, '用户名为 2–32 位字母、数字、下划线、点或连字符');
const DisplayName = z.string().trim().min(1, '请填写姓名').max(40);
const HallIds = z.array(Id).max(1000);
const Password = z.string().max(256);

const UserInput = z.object({ username: Username, displayName: DisplayName.optional(), role: Role, password: Password, hallIds: HallIds.optional() });
/** `hallIds: []` or `null` = every hall. */
const UserPatch = z.object({ displayName: DisplayName.optional(), role: Role.optional(), hallIds: HallIds.nullable().optional(), disabled: z.boolean().optional() });
const PasswordReset = z.object({ password: Password });

export function userRoutes(ctx: AppContext): Router {
  const { store, bus, clock, audit } = ctx;
  const router = Router();
  router.use(permit('system'));
  const checkHalls = (hallIds: readonly string[] | null | undefined): void => {
    const unknown = (hallIds ?? []).filter((id) => !store.get('halls', id));
    if (unknown.length > 0) throw new HttpError(400, 'unknown_hall', `营业厅 ${unknown.join(', ')} 不存在`);
  };
  /** At least one enabled admin for every hall must remain, or nobody can manage users any more. */
  const keepAnAdmin = (tx: Transaction): void => {
    if (!tx.list('users').some((u) => u.role === 'admin' && !u.disabled && !u.hallIds?.length))
      throw new HttpError(409, 'last_admin', '至少需要保留一个启用的、不限营业厅的管理员');
  };
  const endSessions = (tx: Transaction, userId: string): number => tx.retain('sessions', (s) => s.userId !== userId);
  const done = (res: Response, action: string, user: User, extra: object = {}): void => {
    audit.write({ who: actorName(res), action, id: user.id, target: user.username, ...extra });
    bus.publish({ type: 'changed', collection: 'users' });
  };

  router.get('/', (_req, res) => {
    res.json(store.list('users').map(publicUser));
  });

  router.post('/', async (req, res) => {
    const input = parseBody(req, UserInput);
    checkPassword(input.password, input.username);
    checkHalls(input.hallIds);
    const now = new Date(clock()).toISOString();
    const hallIds = [...new Set(input.hallIds ?? [])];
    const user: User = {
      id: newId('usr'),
      username: input.username,
      displayName: input.displayName ?? input.username,
      role: input.role,
      passwordHash: await hashPassword(input.password),
      createdAt: now,
      passwordChangedAt: now,
      ...(hallIds.length > 0 && { hallIds }),
    };
    await store.transact((tx) => {
      if (tx.list('users').some((u) => u.username.toLowerCase() === user.username.toLowerCase())) throw new HttpError(409, 'username_taken', `用户名 ${user.username} 已存在`);
      tx.insert('users', user);
    });
    done(res, 'user.create', user, { role: user.role, hallIds });
    res.status(201).json(publicUser(user));
  });

  router.patch('/:id', async (req, res) => {
    const id = req.params.id as string;
    const patch = parseBody(req, UserPatch);
    checkHalls(patch.hallIds);
    const updated = await store.transact((tx) => {
      const old = tx.get('users', id);
      if (!old) throw notFound('用户', id);
      const next: User = { ...old, ...(patch.displayName !== undefined && { displayName: patch.displayName }), ...(patch.role && { role: patch.role }) };
      if (patch.hallIds !== undefined) {
        const halls = [...new Set(patch.hallIds ?? [])];
        if (halls.length > 0) next.hallIds = halls;
        else delete next.hallIds;
      }
      if (patch.disabled === true) next.disabled = true;
      else if (patch.disabled === false) delete next.disabled;
      tx.replace('users', next);
      keepAnAdmin(tx);
      if (next.disabled) endSessions(tx, id);
      return next;
    });
    done(res, patch.disabled === true ? 'user.disable' : 'user.update', updated, { fields: Object.keys(patch) });
    res.json(publicUser(updated));
  });

  router.delete('/:id', async (req, res) => {
    const id = req.params.id as string;
    if (requireUser(res).id === id) throw new HttpError(409, 'delete_self', '不能删除自己的账号');
    const removed = await store.transact((tx) => {
      const old = tx.get('users', id);
      if (!old) throw notFound('用户', id);
      tx.remove('users', id);
      keepAnAdmin(tx);
      endSessions(tx, id);
      return old;
    });
    done(res, 'user.delete', removed);
    res.status(204).end();
  });

  /** An admin sets a new password for someone (forgotten password); their sessions end. */
  router.post('/:id/password', async (req, res) => {
    const id = req.params.id as string;
    const { password } = parseBody(req, PasswordReset);
    const target = store.get('users', id);
    if (!target) throw notFound('用户', id);
    checkPassword(password, target.username);
    const passwordHash = await hashPassword(password);
    const updated = await store.transact((tx) => {
      const old = tx.get('users', id);
      if (!old) throw notFound('用户', id);
      endSessions(tx, id);
      return tx.replace('users', { ...old, passwordHash, passwordChangedAt: new Date(clock()).toISOString() });
    });
    done(res, 'user.password.reset', updated);
    res.json(publicUser(updated));
  });

  /** Signs the user out everywhere (a lost phone, a shared computer). */
  router.post('/:id/revoke-sessions', async (req, res) => {
    const id = req.params.id as string;
    const user = store.get('users', id);
    if (!user) throw notFound('用户', id);
    const ended = await store.transact((tx) => endSessions(tx, id));
    done(res, 'user.sessions.revoke', user, { sessions: ended });
    res.json({ sessions: ended });
  });
  return router;
}
