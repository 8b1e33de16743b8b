/**
 * Who is calling: a staff user (session cookie) or an integration (bearer token). Resolved once per
 * request by `authenticate`; routes then state what they need with `requireRole` / `requireScope`.
 */
import type { IncomingMessage } from 'node:http';
import type { NextFunction, Request, Response } from 'express';
import { parse as parseCookie } from 'cookie';
import type { IntegrationToken, Role, User } from '../../content/model';
import { HttpError } from '../http-error';
import type { StoreReader } from '../store/store';
import { sha256Hex } from './secrets';

export const SESSION_COOKIE = 'hs_session';

export type Principal = { kind: 'user'; user: User; sessionId: string } | { kind: 'token'; token: IntegrationToken };

/** Bearer tokens whose hash is remembered: a queue system sends the same one with every call. */
const HASHED_TOKENS = 256;

/**
 * Finds the caller from `Authorization: Bearer` or the session cookie; undefined if neither (or the
 * session is gone). A malformed or unknown bearer token is a 401, never an anonymous request.
 */
export function createPrincipalResolver(store: StoreReader, now: () => number): (req: IncomingMessage) => Principal | undefined {
  // Only the hash is remembered, never the token record: a revoked token is refused at once.
  const hashes = new Map<string, string>();
  // Kept only for tokens that matched, and bounded: made-up tokens never push real ones out.
  const remember = (raw: string, hash: string): void => {
    if (hashes.has(raw)) return;
    if (hashes.size >= HASHED_TOKENS) hashes.delete(hashes.keys().next().value!);
    hashes.set(raw, hash);
  };
  return (req) => {
    const auth = req.headers.authorization;
    if (auth) {
      const m = /^Bearer\s+(\S+)$/i.exec(auth);
      if (!m) throw new HttpError(401, 'bad_authorization', 'Authorization 头格式应为 "Bearer <令牌>"');
      const raw = m[1]!;
      const hash = hashes.get(raw) ?? sha256Hex(raw);
      const token = store.list('tokens').find((t) => t.tokenHash === hash);
      if (!token) throw new HttpError(401, 'bad_token', '接口令牌无效或已吊销');
      remember(raw, hash);
      return { kind: 'token', token };
    }
    const raw = req.headers.cookie ? parseCookie(req.headers.cookie)[SESSION_COOKIE] : undefined;
    if (!raw) return undefined;
    const id = sha256Hex(raw);
    const session = store.get('sessions', id);
    const user = session && Date.parse(session.expiresAt) > now() ? store.get('users', session.userId) : undefined;
    // A disabled user's sessions are removed when they are disabled; this covers any that remain.
    return user && !user.disabled ? { kind: 'user', user, sessionId: id } : undefined;
  };
}

/** Middleware form: the caller goes into `res.locals.principal` (principalOf), left unset if anonymous. */
export function authenticate(resolve: (req: IncomingMessage) => Principal | undefined) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const principal = resolve(req);
    if (principal) res.locals.principal = principal;
    next();
  };
}

export function principalOf(res: Response): Principal | undefined {
  return res.locals.principal as Principal | undefined;
}

/** The signed-in staff user, or 401/403. With no roles given, any signed-in user passes. */
export function requireUser(res: Response, ...roles: Role[]): User {
  const p = principalOf(res);
  if (!p) throw new HttpError(401, 'unauthenticated', '请先登录');
  if (p.kind !== 'user') throw new HttpError(403, 'forbidden', '接口令牌不能执行此操作，请使用员工账号');
  if (roles.length > 0 && !roles.includes(p.user.role))
    throw new HttpError(403, 'forbidden', `此操作需要以下角色之一：${roles.join(', ')}`);
  return p.user;
}

/** Express middleware form of requireUser. */
export const allow =
  (...roles: Role[]) =>
  (_req: Request, res: Response, next: NextFunction): void => {
    requireUser(res, ...roles);
    next();
  };

/** A short name of the caller for audit lines. */
export function actorName(res: Response): string {
  const p = principalOf(res);
  if (!p) return 'anonymous';
  return p.kind === 'user' ? `user:${p.user.username}` : `token:${p.token.name}`;
}
