/**
 * Login, logout, "who am I" and changing one's own password. Sessions are random tokens in an
 * httpOnly SameSite=Strict cookie. Unknown usernames cost the same scrypt as known ones, so the
 * answer time does not say which usernames exist; throttling is in `auth/login-throttle.ts`.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { Router, type Request } from 'express';
import { z } from 'zod';
import { LoginInput, type User } from '../../content/model';
import { createLoginThrottle } from '../auth/login-throttle';
import { checkPassword } from '../auth/password-policy';
import { SESSION_COOKIE, actorName, principalOf, requireUser } from '../auth/principal';
import { hashPassword, verifyPassword } from '../auth/passwords';
import { newToken, sha256Hex } from '../auth/secrets';
import type { AppContext } from '../context';
import { HttpError } from '../http-error';
import { parseBody } from '../validate';

const SESSION_MS = 12 * 3600_000;
const PasswordChange = z.object({ currentPassword: z.string().min(1, '请输入当前密码').max(256), newPassword: z.string().max(256) });

/** What the API shows of a user (never the hash). */
export const publicUser = (u: User) => ({
  id: u.id,
  username: u.username,
  displayName: u.displayName,
  role: u.role,
  hallIds: u.hallIds ?? [],
  disabled: u.disabled === true,
  createdAt: u.createdAt,
  ...(u.passwordChangedAt && { passwordChangedAt: u.passwordChangedAt }),
});

export function authRoutes(ctx: AppContext): Router {
  const { store, clock, audit, bus } = ctx;
  const throttle = createLoginThrottle(clock, ctx.rateLimits);
  // A real scrypt hash of nothing anybody knows: unknown users are checked against it.
  const dummyHash = hashPassword(newToken());
  const router = Router();
  const isSecure = (req: Request) => req.secure || req.headers['x-forwarded-proto'] === 'https';

  router.post('/login', async (req, res) => {
    const { username, password } = parseBody(req, LoginInput);
    const ip = req.ip ?? 'unknown';
    if (await throttle.ipBlocked(ip)) {
      res.setHeader('Retry-After', '600');
      throw new HttpError(429, 'too_many_attempts', '此地址登录失败次数过多，请 10 分钟后再试');
    }
    const wait = await throttle.delayFor(username);
    if (wait > 0) await sleep(wait);
    const user = store.list('users').find((u) => u.username === username);
    const ok = await verifyPassword(password, user?.passwordHash ?? (await dummyHash));
    if (!user || !ok) {
      await throttle.failed(ip, username);
      audit.write({ who: `user:${username}`, username, action: 'auth.loginFailed', ip });
      throw new HttpError(401, 'bad_credentials', '用户名或密码错误');
    }
    if (user.disabled) throw new HttpError(403, 'user_disabled', '此账号已停用，请联系管理员');
    await throttle.succeeded(username);
    const now = clock();
    const token = newToken();
    await store.transact((tx) => {
      tx.retain('sessions', (s) => Date.parse(s.expiresAt) > now);
      tx.insert('sessions', { id: sha256Hex(token), userId: user.id, expiresAt: new Date(now + SESSION_MS).toISOString() });
    });
    audit.write({ who: `user:${user.username}`, username: user.username, action: 'auth.login', id: user.id, ip });
    res.cookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'strict', secure: isSecure(req), path: '/', maxAge: SESSION_MS });
    res.json({ user: publicUser(user) });
  });

  router.post('/logout', async (_req, res) => {
    const p = principalOf(res);
    if (p?.kind === 'user') await store.transact((tx) => tx.remove('sessions', p.sessionId));
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    res.status(204).end();
  });

  router.get('/me', (_req, res) => {
    res.json({ user: publicUser(requireUser(res)) });
  });

  /** Every user changes their own password; their other sessions end, this one stays. */
  router.post('/password', async (req, res) => {
    const me = requireUser(res);
    const { currentPassword, newPassword } = parseBody(req, PasswordChange);
    if (!(await verifyPassword(currentPassword, me.passwordHash))) throw new HttpError(400, 'wrong_password', '当前密码不正确');
    checkPassword(newPassword, me.username);
    if (newPassword === currentPassword) throw new HttpError(400, 'same_password', '新密码不能与当前密码相同');
    const passwordHash = await hashPassword(newPassword);
    const sessionId = (principalOf(res) as { sessionId: string }).sessionId;
    await store.transact((tx) => {
      const cur = tx.get('users', me.id);
      if (!cur) throw new HttpError(401, 'unauthenticated', '请先登录');
      tx.replace('users', { ...cur, passwordHash, passwordChangedAt: new Date(clock()).toISOString() });
      tx.retain('sessions', (s) => s.userId !== me.id || s.id === sessionId);
    });
    audit.write({ who: actorName(res), action: 'user.password.change', id: me.id });
    bus.publish({ type: 'changed', collection: 'users' });
    res.status(204).end();
  });
  return router;
}
