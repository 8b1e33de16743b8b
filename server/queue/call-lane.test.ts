/**
 * The call lane (call-lane.ts) answers exactly what the `/api` router answers for the same request.
 * Each case is sent twice over raw HTTP: to `/api/queue/calls` (the lane takes it) and to
 * `/api/queue/calls?via=router` (a query string: the lane leaves it, the router's chain runs). Status,
 * body and headers must match (Date aside; ids differ only where the case says so).
 */
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { connect } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { sha256Hex } from '../auth/secrets';
import type { Health } from '../cluster/health';
import { addQueueToken, QUEUE_TOKEN, startTestServer, type TestServer } from '../test-server';
import { CALL_PATH, callLane, laneTakes, parseStrictJson } from './call-lane';

/**
 * Which way each request went: the lane is wrapped to count the requests it steps aside from
 * (`next()` without an error); one it takes never comes back that way.
 */
const lane = vi.hoisted(() => ({ steppedAside: 0 }));
vi.mock('./call-lane', async (importOriginal) => {
  const real = await importOriginal<typeof import('./call-lane')>();
  return {
    ...real,
    callLane: (deps: Parameters<typeof real.callLane>[0]): ReturnType<typeof real.callLane> => {
      const middleware = real.callLane(deps);
      return (req, res, next) =>
        middleware(req, res, (err?: unknown) => {
          if (err === undefined && req.url?.startsWith(real.CALL_PATH)) lane.steppedAside++;
          next(err);
        });
    },
  };
});

interface Raw {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}
const send = (port: number, path: string, headers: Record<string, string>, body: Buffer | string): Promise<Raw> =>
  new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, method: 'POST', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject);
    req.end(body);
  });

const json = (o: unknown) => JSON.stringify(o);
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

describe('laneTakes: only what body-parser would read the same way', () => {
  const base = { authorization: 'Bearer t', 'content-type': 'application/json', 'content-length': '40' };
  it.each([
    ['a token call with a JSON body of known length', 'POST', CALL_PATH, base, true],
    ['charset=utf-8', 'POST', CALL_PATH, { ...base, 'content-type': 'application/json; charset=utf-8' }, true],
    ['charset="UTF-8"', 'POST', CALL_PATH, { ...base, 'content-type': 'Application/JSON;charset="UTF-8"' }, true],
    ['another charset (body-parser: 415)', 'POST', CALL_PATH, { ...base, 'content-type': 'application/json; charset=latin1' }, false],
    ['text/plain (CSRF guard: 415)', 'POST', CALL_PATH, { ...base, 'content-type': 'text/plain' }, false],
    ['no content type', 'POST', CALL_PATH, { authorization: 'Bearer t', 'content-length': '40' }, false],
    ['a staff session (no Authorization: CSRF guard)', 'POST', CALL_PATH, { 'content-type': 'application/json', 'content-length': '40', cookie: 'hs_session=x' }, false],
    ['gzip body', 'POST', CALL_PATH, { ...base, 'content-encoding': 'gzip' }, false],
    ['chunked body', 'POST', CALL_PATH, { authorization: 'Bearer t', 'content-type': 'application/json', 'transfer-encoding': 'chunked' }, false],
    ['past the 256 KB limit (413 from the router)', 'POST', CALL_PATH, { ...base, 'content-length': String(256 * 1024 + 1) }, false],
    ['at the limit', 'POST', CALL_PATH, { ...base, 'content-length': String(256 * 1024) }, true],
    ['a malformed length', 'POST', CALL_PATH, { ...base, 'content-length': '4e1' }, false],
    ['a query string', 'POST', `${CALL_PATH}?x=1`, base, false],
    ['a trailing slash', 'POST', `${CALL_PATH}/`, base, false],
    ['another route', 'POST', '/api/queue/events', base, false],
    ['GET', 'GET', CALL_PATH, base, false],
  ])('%s → %s', (_what, method, url, headers, takes) => {
    expect(laneTakes(method, url, headers)).toBe(takes);
  });
});

describe('parseStrictJson: body-parser strict mode', () => {
  it.each([
    ['{"a":1}', { a: 1 }],
    ['  \n\t{"a":1}', { a: 1 }],
    ['[1]', [1]],
    ['', {}],
  ])('%j → %j', (text, value) => expect(parseStrictJson(Buffer.from(text))).toEqual(value));
  it('drops a BOM', () => expect(parseStrictJson(Buffer.concat([BOM, Buffer.from('{"a":"号"}')]))).toEqual({ a: '号' }));
  it.each(['"text"', '12', 'null', '{"a":', '{a:1}', ' x'])('%j is not JSON for the API (400 bad_json)', (text) => {
    expect(() => parseStrictJson(Buffer.from(text))).toThrow(expect.objectContaining({ status: 400, code: 'bad_json' }));
  });
});

describe('the lane takes its requests off the router', () => {
  const run = (headers: Record<string, string>, url = CALL_PATH) =>
    new Promise<{ lane: boolean; principal?: unknown; body?: unknown; err?: unknown }>((resolve) => {
      const app = express();
      const health = { ok: () => headers['x-unhealthy'] === undefined } as Health;
      app.use(
        callLane({
          health,
          principal: () => ({ kind: 'token', token: { id: 'tok' } }) as never,
          postCall: async (req, res) => {
            resolve({ lane: true, principal: res.locals.principal, body: req.body });
            res.status(202).end();
          },
        }),
      );
      app.use((_req, res) => {
        resolve({ lane: false });
        res.status(404).end();
      });
      app.use((err: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
        resolve({ lane: true, err });
        res.status(400).end();
      });
      const server = app.listen(0, '127.0.0.1', () => {
        const { port } = server.address() as { port: number };
        const body = '{"ticket":"A1","counter":"1"}';
        void send(port, url, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), ...headers }, body).finally(() => server.close());
      });
    });
  it('hands a token call to the handler with the caller and the parsed body', async () => {
    expect(await run({ authorization: 'Bearer x' })).toEqual({ lane: true, principal: { kind: 'token', token: { id: 'tok' } }, body: { ticket: 'A1', counter: '1' } });
  });
  it('leaves a staff session, a query string and an unhealthy cluster to the router', async () => {
    expect(await run({ cookie: 'hs_session=x' })).toEqual({ lane: false });
    expect(await run({ authorization: 'Bearer x' }, `${CALL_PATH}?x`)).toEqual({ lane: false });
    expect(await run({ authorization: 'Bearer x', 'x-unhealthy': '1' })).toEqual({ lane: false });
  });
});

describe('the lane answers what the router answers', () => {
  let t: TestServer;
  let hallId: string;
  let otherHallId: string;
  let healthy = true;
  const health: Health = { store: 'lowdb', bus: 'memory', check: async () => ({ ok: healthy, problems: [] }), ok: () => healthy, problems: () => ['数据库不可达'], stop() {} };
  beforeAll(async () => {
    t = await startTestServer({ queueRate: { perSecond: 0.001, burst: 80 }, cluster: { health } });
    hallId = (await t.makeHall('通道对照厅')).hall.id;
    otherHallId = (await t.makeHall('通道对照乙厅')).hall.id;
    await addQueueToken(t, 'tok-lane-other', [otherHallId]);
    await t.store.transact((tx) => tx.insert('tokens', { id: 'tok_readonly', name: 'ro', tokenHash: sha256Hex('tok-lane-ro'), scopes: [], hallIds: [], createdAt: new Date().toISOString() }));
  });
  afterAll(() => t.close());

  let n = 0;
  /** Sends the case both ways; `body(id)` builds the payload (ids of the two sides have the same length). */
  const both = async (headers: Record<string, string>, body: (id: string) => Buffer | string) => {
    n++;
    const idL = `lane-${String(n).padStart(3, '0')}`;
    const idR = `rout-${String(n).padStart(3, '0')}`;
    const withLength = (b: Buffer | string) => ({ 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(b)), ...headers });
    const lb = body(idL);
    const rb = body(idR);
    // Which way the first request goes is laneTakes' call (its own table above); the second always goes the router's.
    const viaLane = healthy && laneTakes('POST', CALL_PATH, withLength(lb));
    const aside0 = lane.steppedAside;
    const first = await send(t.port, CALL_PATH, withLength(lb), lb);
    const aside1 = lane.steppedAside;
    const router = await send(t.port, `${CALL_PATH}?via=router`, withLength(rb), rb);
    expect(aside1 - aside0, 'the first request went the lane').toBe(viaLane ? 0 : 1);
    expect(lane.steppedAside - aside1, 'the second went the router').toBe(1);
    const strip = (r: Raw, id: string) => ({
      status: r.status,
      body: r.body.replaceAll(id, '<id>'),
      headers: { ...r.headers, date: undefined, etag: r.body.includes(id) ? undefined : r.headers.etag },
    });
    expect(strip(first, idL)).toEqual(strip(router, idR));
    return { status: first.status, body: first.body ? JSON.parse(first.body) : undefined, headers: first.headers };
  };
  const bearer = (token = QUEUE_TOKEN) => ({ authorization: `Bearer ${token}` });
  const call = (extra: object = {}) => (id: string) => json({ ticket: 'A001', counter: '3', hallId, id, ...extra });

  it.each([
    ['a call', bearer(), call(), 202],
    ['a call with charset=utf-8', { ...bearer(), 'content-type': 'application/json; charset=utf-8' }, call(), 202],
    ['a BOM and spaces before the JSON', bearer(), (id: string) => Buffer.concat([BOM, Buffer.from(` \n${call()(id)}`)]), 202],
    ['no hallId (the token reaches two halls: 400 naming them)', bearer(), (id: string) => json({ ticket: 'A1', counter: '3', id }), 400],
    ['a body that is not JSON', bearer(), () => '{"ticket":', 400],
    ['a JSON string', bearer(), () => '"A001"', 400],
    ['an empty body', bearer(), () => '', 400],
    ['a ticket missing', bearer(), (id: string) => json({ counter: '3', hallId, id }), 400],
    ['a hall that does not exist', bearer(), call({ hallId: 'hall_nope' }), 404],
    ['a token tied to another hall', bearer('tok-lane-other'), call(), 403],
    ['a token without queue:write', bearer('tok-lane-ro'), call(), 403],
    ['an Authorization that is not Bearer', { authorization: 'Basic eDp5' }, call(), 401],
    ['an unknown token', bearer('tok-nobody'), call(), 401],
    ['bad JSON and an unknown token (the body is read first)', bearer('tok-nobody'), () => '{', 400],
    ['text/plain (the router in both cases: 415)', { ...bearer(), 'content-type': 'text/plain' }, call(), 415],
    // From a review that attacked the lane: every one answered alike.
    ['tabs around the charset', { ...bearer(), 'content-type': 'application/json\t;\tcharset="UTF-8"' }, call(), 202],
    ['APPLICATION/JSON; CHARSET=UTF-8', { ...bearer(), 'content-type': 'APPLICATION/JSON; CHARSET=UTF-8' }, call(), 202],
    ['a body of whitespace only', bearer(), () => ' \r\n\t', 400],
    ['a BOM only', bearer(), () => BOM, 400],
    ['two BOMs', bearer(), (id: string) => Buffer.concat([BOM, BOM, Buffer.from(call()(id))]), 400],
    ['invalid UTF-8 in the ticket', bearer(), (id: string) => Buffer.concat([Buffer.from('{"ticket":"A'), Buffer.from([0xff, 0xc3]), Buffer.from(`","counter":"3","hallId":"${hallId}","id":"${id}"}`)]), undefined],
    ['a __proto__ key', bearer(), (id: string) => `{"__proto__":{"hallId":"x"},"ticket":"A1","counter":"3","hallId":"${hallId}","id":"${id}"}`, 202],
    ['a number past double range', bearer(), (id: string) => `{"ticket":"A1","counter":1e400,"hallId":"${hallId}","id":"${id}"}`, undefined],
    ['a JSON array', bearer(), () => '[1,2]', 400],
    ['garbage after the JSON', bearer(), (id: string) => `${call()(id)}x`, 400],
    ['a token and a staff cookie (the token counts)', { ...bearer(), cookie: 'hs_session=whatever' }, call(), 202],
    ['"bearer" in lower case, spaces', { authorization: `bearer    ${QUEUE_TOKEN}` }, call(), 202],
    ['a token from a cross-site page (no CSRF for tokens)', { ...bearer(), origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' }, call(), 202],
    ['Expect: 100-continue', { ...bearer(), expect: '100-continue' }, call(), 202],
    ['exactly 256 KB', bearer(), (id: string) => ' '.repeat(256 * 1024 - Buffer.byteLength(call()(id))) + call()(id), 202],
    ['256 KB + 1 byte (413 from the router both ways)', bearer(), (id: string) => ' '.repeat(256 * 1024 + 1 - Buffer.byteLength(call()(id))) + call()(id), 413],
  ])('%s', async (_what, headers, body, status) => {
    const r = await both(headers, body);
    if (status === undefined) return;
    expect(r.status).toBe(status);
    if (status === 202) expect(r.body).toMatchObject({ screens: expect.any(Number), duplicate: false });
    else expect(r.body.error.code).toEqual(expect.any(String));
  });

  it('three calls pipelined on one socket: three 202s, in order, both ways', async () => {
    const raw = (path: string, body: string) =>
      `POST ${path} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${QUEUE_TOKEN}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
    const statuses = async (path: string, tag: string): Promise<string[]> => {
      const text = await new Promise<string>((resolve) => {
        const s = connect(t.port, '127.0.0.1');
        const out: Buffer[] = [];
        s.on('data', (c: Buffer) => {
          out.push(c);
          if ((Buffer.concat(out).toString().match(/HTTP\/1\.1 /g) ?? []).length === 3) s.end();
        });
        s.on('close', () => resolve(Buffer.concat(out).toString()));
        s.write([1, 2, 3].map((i) => raw(path, call()(`${tag}-${i}`))).join(''));
      });
      return [...text.matchAll(/HTTP\/1\.1 (\d{3})/g)].map((m) => m[1]!);
    };
    expect(await statuses(CALL_PATH, 'pl-lane')).toEqual(['202', '202', '202']);
    expect(await statuses(`${CALL_PATH}?via=router`, 'pl-rout')).toEqual(['202', '202', '202']);
  });

  it('a repeat of a call is a duplicate both ways', async () => {
    const lane = () => send(t.port, CALL_PATH, { ...bearer(), 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(call()('same-key'))) }, call()('same-key'));
    expect(JSON.parse((await lane()).body)).toMatchObject({ duplicate: false });
    const r = await send(t.port, `${CALL_PATH}?via=router`, { ...bearer(), 'content-type': 'application/json' }, call()('same-key'));
    expect(JSON.parse(r.body)).toMatchObject({ id: 'same-key', duplicate: true });
    expect(JSON.parse((await lane()).body)).toMatchObject({ id: 'same-key', duplicate: true });
  });

  it('503 while the cluster is unhealthy (the lane steps aside, nothing is read)', async () => {
    healthy = false;
    try {
      const r = await both(bearer(), call());
      expect(r.status).toBe(503);
      expect(r.body.error.code).toBe('cluster_unavailable');
    } finally {
      healthy = true;
    }
  });

  it('one rate-limit bucket for both ways in: 429 with Retry-After once it is spent', async () => {
    // The bucket holds 80 and refills one per 1,000 s; the cases above spent some of it, the lane spends the rest.
    let status = 0;
    for (let i = 0; i < 80 && status !== 429; i++) {
      const b = call()(`spend-${i}`);
      status = (await send(t.port, CALL_PATH, { ...bearer(), 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(b)) }, b)).status;
    }
    expect(status).toBe(429);
    const r = await both(bearer(), call());
    expect(r.status).toBe(429);
    expect(r.headers['retry-after']).toMatch(/^\d+$/);
  });
});

describe('cluster: the lane catches up before it reads the body, as the /api chain does', () => {
  let t: TestServer;
  let hallId: string;
  let syncs = 0;
  let failing = false;
  const sync = async (): Promise<void> => {
    syncs++;
    await new Promise((r) => setTimeout(r, 10));
    if (failing) throw new Error('PostgreSQL unreachable');
  };
  beforeAll(async () => {
    t = await startTestServer({ cluster: { sync } });
    hallId = (await t.makeHall('集群对照厅')).hall.id;
  });
  afterAll(() => t.close());
  it.each([false, true])('one catch-up per request both ways, the same answer (catch-up failing: %s)', async (fail) => {
    failing = fail;
    const body = (id: string) => json({ ticket: 'C1', counter: '1', hallId, id });
    const headers = (b: string) => ({ authorization: `Bearer ${QUEUE_TOKEN}`, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(b)) });
    const s0 = syncs;
    const viaLane = await send(t.port, CALL_PATH, headers(body(`cl-${fail}`)), body(`cl-${fail}`));
    const s1 = syncs;
    const viaRouter = await send(t.port, `${CALL_PATH}?via=router`, headers(body(`cr-${fail}`)), body(`cr-${fail}`));
    expect([s1 - s0, syncs - s1]).toEqual([1, 1]);
    expect(viaLane.status).toBe(202);
    expect(viaLane.body.replace(`cl-${fail}`, 'X')).toBe(viaRouter.body.replace(`cr-${fail}`, 'X'));
  });
});
