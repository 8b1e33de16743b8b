/**
 * The call lane: `POST /api/queue/calls` from a queue system (bearer token, a JSON body of known
 * length) goes straight to the call handler, before the `/api` router. That request is the hot path
 * of the hall — a burst of calls, each put on every screen at once — and on it the router's walk
 * over some thirty route groups, body-parser and its helpers put the handler 0.42 ms after the
 * request (median, 100-screen burst); through the lane it runs 0.21–0.25 ms after it (BENCHMARKS.md).
 *
 * The lane keeps the route's contract exactly: it runs after the security headers, does what the
 * `/api` chain does in the same order (503 while the cluster is unhealthy → catch-up → body → caller
 * → handler), with the same resolver, handler and error middleware. Anything it is not sure to read
 * the same way as body-parser — no Authorization (a staff session: the CSRF guard applies), another
 * content type or charset, a compressed, chunked or oversized body, a query string — it leaves to the
 * router, untouched, before reading a byte.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Principal } from '../auth/principal';
import type { Health } from '../cluster/health';
import { badJson } from '../error-handler';
import { HttpError } from '../http-error';

export const CALL_PATH = '/api/queue/calls';
/** The `/api` JSON limit (app.ts `express.json`, the same constant): a longer body goes to the router for its 413. */
export const API_JSON_LIMIT = 256 * 1024;

const JSON_TYPE = /^application\/json[ \t]*(?:;[ \t]*charset=(?:utf-8|"utf-8")[ \t]*)?$/i;
const LENGTH = /^\d{1,9}$/;
/** What body-parser skips before the first JSON character (strict mode wants `{` or `[` there). */
const LEADING_SPACE = /^[\x20\x09\x0a\x0d]*/;

/** Whether the lane reads this request exactly as body-parser would; otherwise the router takes it. */
export function laneTakes(method: string | undefined, url: string | undefined, h: IncomingHttpHeaders): boolean {
  if (method !== 'POST' || url !== CALL_PATH || !h.authorization) return false;
  if (h['content-encoding'] !== undefined || h['transfer-encoding'] !== undefined) return false;
  const length = h['content-length'];
  return length !== undefined && LENGTH.test(length) && Number(length) <= API_JSON_LIMIT && JSON_TYPE.test(h['content-type'] ?? '');
}

/** body-parser's strict JSON: empty is `{}`, a BOM is dropped, the text must start with `{` or `[`. */
export function parseStrictJson(body: Buffer): unknown {
  let text = body.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.length === 0) return {};
  const first = text[LEADING_SPACE.exec(text)![0].length];
  if (first !== '{' && first !== '[') throw badJson();
  try {
    return JSON.parse(text);
  } catch {
    throw badJson();
  }
}

export function callLane(deps: {
  health: Health;
  /** Cluster: see every commit made before this request (the `/api` chain's catch-up). */
  sync?: () => Promise<void>;
  principal: (req: Request) => Principal | undefined;
  postCall: (req: Request, res: Response) => Promise<void>;
}): RequestHandler {
  const { health, sync, principal, postCall } = deps;
  const handle = (req: Request, res: Response, next: NextFunction, body: Buffer): void => {
    try {
      req.body = parseStrictJson(body);
      const caller = principal(req);
      if (caller) res.locals.principal = caller;
    } catch (err) {
      return next(err);
    }
    postCall(req, res).catch(next);
  };
  const read = (req: Request, res: Response, next: NextFunction): void => {
    const length = Number(req.headers['content-length']);
    const chunks: Buffer[] = [];
    let got = 0;
    req.on('data', (chunk: Buffer) => {
      got += chunk.length;
      if (got <= length) chunks.push(chunk);
    });
    // A client gone mid-body gets no answer (raw-body's 400 would find no socket either).
    req.on('error', () => {});
    req.on('end', () => {
      if (got !== length) return next(new HttpError(400, 'bad_request', 'request size did not match content length'));
      handle(req, res, next, chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, got));
    });
  };
  return (req, res, next) => {
    if (!laneTakes(req.method, req.url, req.headers) || !health.ok()) return next();
    if (!sync) return read(req, res, next);
    void sync().then(
      () => read(req, res, next),
      () => read(req, res, next),
    );
  };
}
