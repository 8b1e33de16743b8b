/**
 * Security headers. Every answer: `nosniff`, same-origin framing only, and a Referer that never leaves the site.
 * The two pages add a Content-Security-Policy; the player also sends no Referer at all, because its URL carries
 * the screen's device key (`?key=`) and must not travel with the requests it makes.
 */
import type { Request, RequestHandler, Response } from 'express';

/** The page CSP. Each source is there for a reason, noted beside it. */
export function contentSecurityPolicy(app: 'player' | 'editor', host: string | undefined): string {
  // CSP3 lets 'self' match ws/wss on the same host; the explicit pair is for older kiosk browsers.
  const ws = host && /^[A-Za-z0-9.:[\]-]+$/.test(host) ? ` ws://${host} wss://${host}` : '';
  return [
    "default-src 'self'",
    // No 'unsafe-eval' on either page: the player installs pixi.js/unsafe-eval (pixi's sync code without
    // `new Function`) and both apps put zod in jitless mode (content/zod-jitless.ts: no eval probe).
    "script-src 'self'",
    // The player page has an inline <style>; both apps set style attributes from code.
    "style-src 'self' 'unsafe-inline'",
    // Decoded media (pixi's image-bitmap worker, video posters, QR codes) come as blob: or data: URLs.
    "img-src 'self' data: blob:",
    "media-src 'self' blob:",
    "font-src 'self' data:",
    `connect-src 'self'${ws}`,
    "worker-src 'self' blob:",
    // The editor's previews embed the player (same origin).
    "frame-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'self'",
  ].join('; ');
}

/** Headers on every answer (API, media, pages); pages get more from pageHeaders. */
export function baseSecurityHeaders(): RequestHandler {
  return (_req, res, next) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    // Older browsers know only this one; CSP frame-ancestors says the same on the pages.
    res.setHeader('X-Frame-Options', 'SAMEORIGIN');
    res.setHeader('Referrer-Policy', 'same-origin');
    next();
  };
}

/** The CSP of the player or editor page; the player sends no Referer (its URL holds the device key). */
export function pageHeaders(app: 'player' | 'editor', req: Request, res: Response): void {
  res.setHeader('Content-Security-Policy', contentSecurityPolicy(app, req.headers.host));
  if (app === 'player') res.setHeader('Referrer-Policy', 'no-referrer');
}
