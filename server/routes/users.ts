/** Staff accounts (admin only): publicity staff (editor), operators, more admins. */
import { Router } from 'express';
import { z } from 'zod';
import { Role, type User } from '../../content/model';
import { hashPassword } from '../auth/passwords';
import { actorName, allow } from '../auth/principal';
import type { AppContext } from '../context';
import { HttpError } from '../http-error';
import { newId } from '../ids';
import { parseBody } from '../validate';
import { publicUser } from './auth';

const UserInput = z.object({
  username: z.string().trim().regex(/^[A-Za-z0-9_.-]{2,32}$/, '用户名为 2–32 位字母、数字、下划线、点或连字符'),
  displayName: z.string().trim().min(1, '请填写姓名').max(40),
  role: Role,
  password: z.string().min(8, '密码至少 8 位').max(256),
});

export function userRoutes(ctx: AppContext): Router {
  const { store, clock, audit } = ctx;
  const router = Router();
  router.get('/', allow('admin'), (_req, res) => {
    res.json(store.list('users').map(publicUser));
  });
  router.post('/', allow('admin'), async (req, res) => {
    const input = parseBody(req, UserInput);
    const passwordHash = await hashPassword(input.password);
    const user: User = { id: newId('usr'), username: input.username, displayName: input.displayName, role: input.role, passwordHash, createdAt: new Date(clock()).toISOString() };
    await store.transact((tx) => {
      if (tx.list('users').some((u) => u.username === user.username)) throw new HttpError(409, 'username_taken', `用户名 ${user.username} 已存在`);
      tx.insert('users', user);
    });
    audit.write({ who: actorName(res), action: 'user.create', id: user.id, role: user.role });
    res.status(201).json(publicUser(user));
  });
  return router;
}
