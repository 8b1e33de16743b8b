/** Login, logout and "who am I". Sessions are random tokens in an httpOnly SameSite cookie. */
import { Router, type Request } from 'express';
import { LoginInput, type User } from '../../content/model';
import { SESSION_COOKIE, principalOf, requireUser } from '../auth/principal';
import { verifyPassword } from '../auth/passwords';
import { newToken, sha256Hex } from '../auth/secrets';
import type { AppContext } from '../context';
import { HttpError } from '../http-error';
import { parseBody } from '../validate';

const SESSION_MS = 12 * 3600_000;
/** Failed logins allowed per (ip, username) in the window before answering 429. */
const MAX_FAILURES = 10;
const FAILURE_WINDOW_MS = 10 * 60_000;

/** What the API shows of a user (never the hash). */
export const publicUser = (u: User) => ({ id: u.id, username: u.username, displayName: u.displayName, role: u.role });

export function authRoutes(ctx: AppContext): Router {
  const { store, clock } = ctx;
  const failures = new Map<string, number[]>();
  const router = Router();
  const isSecure = (req: Request) => req.secure || req.headers['x-forwarded-proto'] === 'https';

  router.post('/login', async (req, res) => {
    const { username, password } = parseBody(req, LoginInput);
    const key = `${req.ip}|${username}`;
    const now = clock();
    const recent = (failures.get(key) ?? []).filter((t) => now - t < FAILURE_WINDOW_MS);
    if (recent.length >= MAX_FAILURES) throw new HttpError(429, 'too_many_attempts', '登录失败次数过多，请 10 分钟后再试');
    const user = store.list('users').find((u) => u.username === username);
    if (!user || !(await verifyPassword(password, user.passwordHash))) {
      // Bounded memory: forget stale failure records once the map grows.
      if (failures.size > 10_000) for (const [k, ts] of failures) if (ts.every((t) => now - t >= FAILURE_WINDOW_MS)) failures.delete(k);
      failures.set(key, [...recent, now]);
      throw new HttpError(401, 'bad_credentials', '用户名或密码错误');
    }
    failures.delete(key);
    const token = newToken();
    await store.transact((tx) => {
      tx.retain('sessions', (s) => Date.parse(s.expiresAt) > now);
      tx.insert('sessions', { id: sha256Hex(token), userId: user.id, expiresAt: new Date(now + SESSION_MS).toISOString() });
    });
    res.cookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'lax', secure: isSecure(req), path: '/', maxAge: SESSION_MS });
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
  return router;
}
