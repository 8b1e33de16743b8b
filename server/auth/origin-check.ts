/**
 * CSRF and cross-site WebSocket hijacking: a browser sends the staff cookie with requests that other
 * pages start, even pages on another port of the same host (same-site, so SameSite does not help).
 * State-changing `/api/` requests that carry a session and `/ws/editor` upgrades must come from our
 * own origin (the Host the browser talked to, or a PUBLIC_URL origin). Servers calling with a bearer
 * token send no cookie and no Origin, and are not affected. Form and text bodies are refused on JSON
 * endpoints (415), since a page can send those cross-site without a preflight.
 */
import type { NextFunction, Request, Response } from 'express';
import { principalOf } from './principal';
import { HttpError } from '../http-error';

/** What a browser tells us about where a request came from. */
export interface RequestOrigin {
  origin?: string;
  secFetchSite?: string;
  /** The Host header: the authority the browser addressed. */
  host?: string;
}

/** Is this request from one of our own pages? No Origin and no Sec-Fetch-Site (non-browser clients) passes. */
export function fromOwnOrigin(r: RequestOrigin, publicOrigins: readonly string[]): boolean {
  if (r.origin !== undefined) {
    if (r.origin === 'null') return false;
    if (publicOrigins.includes(r.origin)) return true;
    try {
      return new URL(r.origin).host === r.host;
    } catch {
      return false;
    }
  }
  return r.secFetchSite === undefined || r.secFetchSite === 'same-origin' || r.secFetchSite === 'none';
}

/** The origins PUBLIC_URL names (comma-separated URLs allowed). */
export function publicOriginsOf(publicUrl: string | undefined): string[] {
  return (publicUrl ?? '').split(',').flatMap((u) => {
    try {
      return u.trim() ? [new URL(u.trim()).origin] : [];
    } catch {
      return [];
    }
  });
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Routes that take multipart uploads (media, video posters, voice recordings). */
const MULTIPART_PATHS = [/^\/media\/?$/, /^\/media\/[^/]+\/poster\/?$/, /^\/voice\/clips\/[^/]+\/?$/];

/** Middleware for `/api`, after `authenticate`: body types first, then the origin of cookie-authenticated writes. */
export function originGuard(publicUrl: string | undefined) {
  const publicOrigins = publicOriginsOf(publicUrl);
  return (req: Request, res: Response, next: NextFunction): void => {
    if (SAFE.has(req.method)) return next();
    const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (type === 'text/plain' || type === 'application/x-www-form-urlencoded' || (type === 'multipart/form-data' && !MULTIPART_PATHS.some((p) => p.test(req.path))))
      throw new HttpError(415, 'unsupported_media_type', `此接口只接受 application/json，收到的是 ${type}`);
    if (principalOf(res)?.kind !== 'user') return next();
    const site = req.headers['sec-fetch-site'];
    if (!fromOwnOrigin({ origin: req.headers.origin, secFetchSite: typeof site === 'string' ? site : undefined, host: req.headers.host }, publicOrigins))
      throw new HttpError(403, 'cross_site_request', '拒绝来自其他网页的请求（来源检查未通过）');
    next();
  };
}
