/**
 * Every write leaves an audit line: each state-changing row of the route table (`api-route-table.ts`),
 * sent by an admin and answered 2xx, adds at least one `GET /api/audit` line naming that admin. Rows
 * whose table request is built to be refused get a succeeding request here (`SUCCEEDS`); routes that
 * are not audited on purpose are listed in `EXEMPT`, each with its reason.
 */
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PW, ROWS, fx, prepareRouteTable, servedRoutes, type Req } from './api-route-table';
import { connectScreen, startTestServer, type PlayerClient, type Reply, type TestServer } from './test-server';
import { encodeWav } from './voice/wav';

const ADMIN = 'audit-admin';
let t: TestServer;
let cookie: string;
let B: string;
const players: PlayerClient[] = [];

const WRITE = /^(POST|PUT|PATCH|DELETE) /;

/** Routes deliberately without an audit line of the acting admin, and why. */
const EXEMPT: Record<string, string> = {
  'POST /api/auth/logout': 'ends only the caller\'s own session; the login it ends was audited (auth.login)',
  'POST /api/schedules/check': 'a dry run: answers which entries would conflict, stores nothing',
  'POST /api/preview/manifest': 'a dry run: builds a manifest for the editor preview, stores nothing',
  'POST /api/queue/events': 'each event is recorded with its sender (`by`) in the calls log (queue/intake.ts); a call event also writes queue.call',
  'POST /api/pairing': 'a device asks for a code, no staff is involved; the claim that pairs it is audited (screen.pair)',
  'POST /api/player/screenshot': 'a screen uploads its own screenshot with its device key, no staff is involved',
  'POST /api/queue/tickets/:id/rating': 'the ticket holder\'s phone, no staff; audited as queue.ticket.rate by the ticket (api-rating-pad.test.ts)',
  'POST /api/queue/rating-pad': 'a rating pad with its device key, no staff; audited as queue.ticket.rate by the screen (api-rating-pad.test.ts)',
};

const asAdmin = (req: Req): Promise<Reply> => t.request(req.method, req.url, req.body, { cookie });
async function multipart(method: string, url: string, bytes: Uint8Array, name: string): Promise<Reply> {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)]), name);
  const r = await fetch(t.base + url, { method, body: form, headers: { cookie } });
  return { status: r.status, headers: r.headers, body: await r.json() };
}
let services = 0;
/** A new service of hall B with its own prefix and counter (7, 8, …). */
const service = async (): Promise<{ id: string; counter: string }> => {
  const n = services++;
  const counter = String(7 + n);
  const made = await t.create(`/api/halls/${B}/services`, { name: `测试业务${n}`, prefix: 'UVWXYZ'[n]!, counters: [counter] }, { cookie });
  return { id: made.id, counter };
};
const claimed = async (): Promise<string> => {
  const p = await t.request('POST', '/api/pairing', undefined, {}, { 'user-agent': 'Kiosk-Chromium/1' });
  const c = await asAdmin({ method: 'POST', url: '/api/pairing/claim', body: { code: p.body.code, screenId: fx.screenB } });
  if (c.status !== 201) throw new Error(`claim → ${c.status} ${JSON.stringify(c.body)}`);
  return c.body.deviceId;
};
const png = () => sharp({ create: { width: 8, height: 8, channels: 3, background: '#336699' } }).png().toBuffer();
/** Half a second of a 330 Hz tone (a silent recording is refused). */
const wav = () => {
  const data = Buffer.alloc(16000);
  for (let i = 0; i < 8000; i++) data.writeInt16LE(Math.round(12000 * Math.sin((2 * Math.PI * 330 * i) / 16000)), i * 2);
  return encodeWav({ audioFormat: 1, channels: 1, sampleRate: 16000, bitsPerSample: 16 }, data);
};
const video = async (): Promise<string> => (await multipart('POST', '/api/media', fs.readFileSync(path.join(import.meta.dirname, 'media', 'fixtures', 'tiny-h264.mp4')), 'v.mp4')).body.id;

/**
 * For the routes whose table request is built to be refused: what to prepare (audit lines of the
 * preparation do not count), then the request that succeeds for an admin.
 */
type Send = () => Promise<Reply>;
const SUCCEEDS: Record<string, () => Promise<Send>> = {
  'PATCH /api/halls/:hallId/services/:id': async () => {
    const { id } = await service();
    return () => asAdmin({ method: 'PATCH', url: `/api/halls/${B}/services/${id}`, body: { name: '改名' } });
  },
  'DELETE /api/halls/:hallId/services/:id': async () => {
    const { id } = await service();
    return () => asAdmin({ method: 'DELETE', url: `/api/halls/${B}/services/${id}` });
  },
  'POST /api/halls/:hallId/counters/:counter/:action': async () => {
    const { counter } = await service();
    return () => asAdmin({ method: 'POST', url: `/api/halls/${B}/counters/${counter}/pause` });
  },
  'POST /api/queue/tickets': async () => {
    const { id } = await service();
    return () => asAdmin({ method: 'POST', url: '/api/queue/tickets', body: { hallId: B, serviceId: id } });
  },
  'POST /api/auth/login': async () => () => t.request('POST', '/api/auth/login', { username: ADMIN, password: PW }),
  'POST /api/auth/password': async () => () => asAdmin({ method: 'POST', url: '/api/auth/password', body: { currentPassword: PW, newPassword: 'fresh-river-77' } }),
  'POST /api/pairing/claim': async () => {
    const p = await t.request('POST', '/api/pairing', undefined, {}, { 'user-agent': 'Kiosk-Chromium/1' });
    return () => asAdmin({ method: 'POST', url: '/api/pairing/claim', body: { code: p.body.code, screenId: fx.screenB } });
  },
  'POST /api/screens/:id/commands': async () => {
    const screen = (await asAdmin({ method: 'GET', url: `/api/screens/${fx.screenB}` })).body;
    const player = connectScreen(t.port, screen.playerUrl);
    players.push(player);
    await player.take('manifest');
    return () => asAdmin({ method: 'POST', url: `/api/screens/${fx.screenB}/commands`, body: { command: 'identify' } });
  },
  'DELETE /api/screens/:id/devices/:deviceId': async () => {
    const deviceId = await claimed();
    return () => asAdmin({ method: 'DELETE', url: `/api/screens/${fx.screenB}/devices/${deviceId}` });
  },
  'POST /api/media': async () => {
    const bytes = await png();
    return () => multipart('POST', '/api/media', bytes, 'a.png');
  },
  'POST /api/media/:id/poster': async () => {
    const [id, bytes] = [await video(), await png()];
    return () => multipart('POST', `/api/media/${id}/poster`, bytes, 'p.png');
  },
  'PUT /api/voice/clips/:name': async () => () => multipart('PUT', '/api/voice/clips/qing', wav(), 'rec.wav'),
  'DELETE /api/voice/clips/:name': async () => {
    const put = await multipart('PUT', '/api/voice/clips/hao', wav(), 'rec.wav');
    if (put.status !== 200) throw new Error(`PUT clip → ${put.status} ${JSON.stringify(put.body)}`);
    return () => asAdmin({ method: 'DELETE', url: '/api/voice/clips/hao' });
  },
};

/** The audit lines naming the admin, newest first. */
const adminLines = async (): Promise<{ action: string; username: string }[]> => {
  const r = await t.request('GET', `/api/audit?user=${ADMIN}&limit=1000`, undefined, { cookie });
  expect(r.status).toBe(200);
  return r.body;
};

beforeAll(async () => {
  t = await startTestServer();
  ({ B } = await prepareRouteTable(t));
  await t.create('/api/users', { username: ADMIN, password: PW, role: 'admin' });
  cookie = await t.login(ADMIN, PW);
}, 60_000);
afterAll(async () => {
  for (const p of players) p.close();
  await t?.close();
});

describe('the exemption and success lists', () => {
  it('name only write routes the API serves, and no route is both exempt and given a request', () => {
    const writes = servedRoutes(t.built.app).filter((r) => WRITE.test(r));
    for (const route of [...Object.keys(EXEMPT), ...Object.keys(SUCCEEDS)]) expect(writes, route).toContain(route);
    expect(Object.keys(SUCCEEDS).filter((r) => r in EXEMPT)).toEqual([]);
  });
});

const audited = ROWS.map((row, i) => [`${row.route} #${i}`, row] as const).filter(([, row]) => WRITE.test(row.route) && !(row.route in EXEMPT));
describe.each(audited)('%s', (_name, row) => {
  it(`by an admin answers 2xx and leaves an audit line naming ${ADMIN}`, async () => {
    const prepared = SUCCEEDS[row.route];
    const req = prepared ? undefined : await row.req();
    const send = prepared ? await prepared() : () => asAdmin(req!);
    const before = (await adminLines()).length;
    const r = await send();
    expect(r.status, JSON.stringify(r.body)).toBeGreaterThanOrEqual(200);
    expect(r.status, JSON.stringify(r.body)).toBeLessThan(300);
    const lines = await adminLines();
    expect(lines.length, 'no audit line names the admin').toBeGreaterThan(before);
    expect(lines[0]!.username).toBe(ADMIN);
  });
});
