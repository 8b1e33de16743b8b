/**
 * The table of every /api route with one request each, shared by the suites that must cover every
 * route (`api-scope.test.ts`: roles × hall scopes; `api-audit-coverage.test.ts`: writes leave an
 * audit line). `prepareRouteTable` builds the objects the requests aim at; hall A is the limited
 * users' hall, the objects aimed at are hall B's (or district ones). Test support only.
 */
import { LAYOUT_TEMPLATES } from '../content/layout-templates';
import type { Action, Halls } from './policy/access';
import { hashPassword } from './auth/passwords';
import { newId } from './ids';
import { QUEUE_TOKEN, type Auth, type TestServer } from './test-server';

let t: TestServer;
let A: string;
let B: string;
/** Ids of the objects the requests aim at (filled by `prepareRouteTable`). */
export const fx: Record<string, string> = {};
/** The password of every user the suites make. */
export const PW = 'tall-river-42';

/** One request. */
export type Req = { method: string; url: string; body?: unknown };
/** One route (`METHOD /api/path`, as express names it) and what its request needs. */
export interface Row {
  route: string;
  action?: Action;
  halls?: Halls | (() => Halls);
  /** No policy: anyone may call (login, pairing, device uploads); only "never a 5xx" is checked. */
  open?: true;
  /** Credentials to use instead of the principal's (logout must not end the shared sessions). */
  as?: () => Promise<Auth>;
  req: () => Req | Promise<Req>;
}

/** A spare editor in the store; its id. */
export const freshUser = async (): Promise<string> => {
  const id = newId('usr');
  const passwordHash = await hashPassword(PW);
  await t.store.transact((tx) => tx.insert('users', { id, username: `spare-${id}`, displayName: 'x', role: 'editor', passwordHash, createdAt: new Date().toISOString() }));
  return id;
};
const fakeMedia = async (hallId: string): Promise<string> => {
  const id = newId('med');
  const sha = '0'.repeat(63) + String(Object.keys(fx).length % 10);
  await t.store.transact((tx) =>
    tx.insert('media', { id, kind: 'image', name: 'b.png', sha256: sha, mime: 'image/png', bytes: 1, width: 1, height: 1, url: `/media/${sha}/o.png`, renditions: [], thumbnailUrl: `/media/${sha}/t.webp`, tags: [], createdAt: new Date().toISOString(), ownerHallIds: [hallId] }),
  );
  return id;
};
/** Content made by a hall-B editor. */
const ownB = async (collection: 'slides' | 'playlists' | 'layouts', id: string): Promise<void> => {
  await t.store.transact((tx) => {
    const o = tx.get(collection, id)!;
    tx.replace(collection, { ...o, ownerHallIds: [B] } as never);
  });
};
const slideB = async (): Promise<string> => {
  const s = await t.create('/api/slides', { type: 'notice', title: 'B 厅通知', body: '正文' });
  await ownB('slides', s.id);
  return s.id;
};
const playlistB = async (): Promise<string> => {
  const p = await t.create('/api/playlists', { name: 'B 厅列表', items: [] });
  await ownB('playlists', p.id);
  return p.id;
};
const layoutBody = () => ({ ...LAYOUT_TEMPLATES[0]!.build(), name: '布局' });
const layoutB = async (): Promise<string> => {
  const l = await t.create('/api/layouts', layoutBody());
  await ownB('layouts', l.id);
  return l.id;
};
const scheduleBody = () => ({ name: 'B 厅排期', target: { hallIds: [B] }, playlistId: fx.districtPlaylist });
const overrideBody = () => ({ kind: 'message', target: { hallIds: [B] }, title: 'B 厅消息' });
const day = '2026-11-27';

/** Every route of the API, some twice (once per hall scope or body kind). */
export const ROWS: Row[] = [
  // The hall's own queue (issue 14): its token and any staff of the hall; services are the hall admin's.
  { route: 'GET /api/halls/:hallId/services', action: 'queue.desk', halls: () => [B], req: () => ({ method: 'GET', url: `/api/halls/${B}/services` }) },
  { route: 'GET /api/halls/:hallId/own-queue', action: 'queue.desk', halls: () => [B], req: () => ({ method: 'GET', url: `/api/halls/${B}/own-queue` }) },
  { route: 'POST /api/halls/:hallId/services', action: 'hall.admin', halls: () => [B], req: () => ({ method: 'POST', url: `/api/halls/${B}/services`, body: { name: '居民业务', prefix: `Q${newId('p').slice(-4).replace(/[^A-Za-z]/g, '')}`.slice(0, 2), counters: ['1'] } }) },
  { route: 'PATCH /api/halls/:hallId/services/:id', action: 'hall.admin', halls: () => [B], req: () => ({ method: 'PATCH', url: `/api/halls/${B}/services/svc_none`, body: { name: '改名' } }) },
  { route: 'DELETE /api/halls/:hallId/services/:id', action: 'hall.admin', halls: () => [B], req: () => ({ method: 'DELETE', url: `/api/halls/${B}/services/svc_none` }) },
  { route: 'POST /api/halls/:hallId/counters/:counter/:action', action: 'queue.desk', halls: () => [B], req: () => ({ method: 'POST', url: `/api/halls/${B}/counters/9/resume` }) },
  { route: 'POST /api/queue/tickets', action: 'queue.desk', halls: () => [B], req: () => ({ method: 'POST', url: '/api/queue/tickets', body: { hallId: B, serviceId: 'svc_none' } }) },
  { route: 'GET /api/reports/queue', action: 'queue.desk', halls: () => [B], req: () => ({ method: 'GET', url: `/api/reports/queue?from=${day}&to=${day}&hallId=${B}` }) },
  { route: 'GET /api/reports/queue.csv', action: 'queue.desk', halls: () => [B], req: () => ({ method: 'GET', url: `/api/reports/queue.csv?from=${day}&to=${day}&hallId=${B}` }) },
  // Public by design: the phone page of a ticket (unguessable id, nothing personal) and the kiosk's device-key read.
  { route: 'GET /api/queue/tickets/:id', open: true, req: () => ({ method: 'GET', url: '/api/queue/tickets/tkt_none' }) },
  { route: 'POST /api/queue/tickets/:id/rating', open: true, req: () => ({ method: 'POST', url: '/api/queue/tickets/tkt_none/rating', body: { rating: 'great' } }) },
  { route: 'GET /api/queue/kiosk', open: true, req: () => ({ method: 'GET', url: '/api/queue/kiosk' }) },
  { route: 'GET /api/queue/rating-pad', open: true, req: () => ({ method: 'GET', url: '/api/queue/rating-pad' }) },
  { route: 'POST /api/queue/rating-pad', open: true, req: () => ({ method: 'POST', url: '/api/queue/rating-pad', body: { ticket: 'A001', rating: 'great' } }) },
  // Review (issue 13) and the upload limits the browser checks before sending.
  { route: 'POST /api/slides/:id/reject', action: 'slide.approve', halls: () => [B], req: () => ({ method: 'POST', url: `/api/slides/${fx.slideB}/reject`, body: { reason: '请核对电价' } }) },
  { route: 'POST /api/layouts/:id/approve', action: 'slide.approve', halls: () => [B], req: () => ({ method: 'POST', url: `/api/layouts/${fx.layoutB}/approve` }) },
  { route: 'GET /api/media/limits', action: 'read', req: () => ({ method: 'GET', url: '/api/media/limits' }) },
  { route: 'POST /api/auth/login', open: true, req: () => ({ method: 'POST', url: '/api/auth/login', body: { username: 'nobody', password: 'x' } }) },
  { route: 'POST /api/auth/logout', open: true, as: async () => ({ cookie: await t.login('admin') }), req: () => ({ method: 'POST', url: '/api/auth/logout' }) },
  { route: 'GET /api/auth/me', action: 'read', req: () => ({ method: 'GET', url: '/api/auth/me' }) },
  { route: 'POST /api/auth/password', action: 'read', req: () => ({ method: 'POST', url: '/api/auth/password', body: { currentPassword: 'wrong-1234', newPassword: 'fresh-river-77' } }) },
  { route: 'GET /api/users', action: 'system', req: () => ({ method: 'GET', url: '/api/users' }) },
  { route: 'POST /api/users', action: 'system', req: () => ({ method: 'POST', url: '/api/users', body: { username: `u${newId('n').slice(-8)}`, password: PW, role: 'editor' } }) },
  { route: 'PATCH /api/users/:id', action: 'system', req: () => ({ method: 'PATCH', url: `/api/users/${fx.spare}`, body: { displayName: '改名' } }) },
  { route: 'DELETE /api/users/:id', action: 'system', req: async () => ({ method: 'DELETE', url: `/api/users/${await freshUser()}` }) },
  { route: 'POST /api/users/:id/password', action: 'system', req: () => ({ method: 'POST', url: `/api/users/${fx.spare}/password`, body: { password: 'other-river-55' } }) },
  { route: 'POST /api/users/:id/revoke-sessions', action: 'system', req: () => ({ method: 'POST', url: `/api/users/${fx.spare}/revoke-sessions` }) },
  { route: 'GET /api/alerts', action: 'read', halls: () => [B], req: () => ({ method: 'GET', url: `/api/alerts?open=1&hallId=${B}` }) },
  { route: 'GET /api/audit', action: 'audit.read', req: () => ({ method: 'GET', url: '/api/audit' }) },
  { route: 'GET /api/audit', action: 'audit.read', halls: () => [B], req: () => ({ method: 'GET', url: `/api/audit?hallId=${B}` }) },
  { route: 'GET /api/screens/:id/timeline', action: 'read', halls: () => [B], req: () => ({ method: 'GET', url: `/api/screens/${fx.screenB}/timeline` }) },
  { route: 'GET /api/halls/:hallId/areas/:area/timeline', action: 'read', halls: () => [B], req: () => ({ method: 'GET', url: `/api/halls/${B}/areas/waiting/timeline` }) },
  { route: 'POST /api/schedules/check', action: 'read', req: () => ({ method: 'POST', url: '/api/schedules/check', body: scheduleBody() }) },
  { route: 'GET /api/halls', action: 'read', req: () => ({ method: 'GET', url: '/api/halls' }) },
  { route: 'POST /api/halls', action: 'system', req: () => ({ method: 'POST', url: '/api/halls', body: { name: '新厅' } }) },
  { route: 'PUT /api/halls/:id/variables', action: 'hall.variables', halls: () => [B], req: () => ({ method: 'PUT', url: `/api/halls/${B}/variables`, body: { variables: { 服务热线: '95598' } } }) },
  { route: 'PUT /api/halls/:id/exceptions', action: 'hall.admin', halls: () => [B], req: () => ({ method: 'PUT', url: `/api/halls/${B}/exceptions`, body: { exceptions: [{ date: '2027-02-10', kind: 'closed', name: '春节' }] } }) },
  { route: 'GET /api/district/exceptions', action: 'read', req: () => ({ method: 'GET', url: '/api/district/exceptions' }) },
  { route: 'PUT /api/district/exceptions', action: 'hall.admin', halls: 'all', req: () => ({ method: 'PUT', url: '/api/district/exceptions', body: { exceptions: [] } }) },
  { route: 'GET /api/halls/:hallId/calendar', action: 'read', halls: () => [B], req: () => ({ method: 'GET', url: `/api/halls/${B}/calendar?from=2027-02-08&days=7` }) },
  { route: 'PATCH /api/halls/:id', action: 'hall.admin', halls: () => [B], req: () => ({ method: 'PATCH', url: `/api/halls/${B}`, body: { name: 'B 厅' } }) },
  { route: 'GET /api/halls/:id/queue-state', action: 'queue.read', halls: () => [B], req: () => ({ method: 'GET', url: `/api/halls/${B}/queue-state` }) },
  { route: 'POST /api/pairing', open: true, req: () => ({ method: 'POST', url: '/api/pairing', body: {} }) },
  { route: 'POST /api/pairing/claim', action: 'screen.admin', halls: () => [B], req: () => ({ method: 'POST', url: '/api/pairing/claim', body: { code: 'K7M2P9', screenId: fx.screenB } }) },
  { route: 'GET /api/pairing/:pairingId', open: true, req: () => ({ method: 'GET', url: '/api/pairing/nope?secret=x' }) },
  { route: 'POST /api/player/screenshot', open: true, req: () => ({ method: 'POST', url: '/api/player/screenshot' }) },
  { route: 'GET /api/reports/plays', action: 'read', halls: () => [B], req: () => ({ method: 'GET', url: `/api/reports/plays?from=${day}&to=${day}&hallId=${B}` }) },
  { route: 'GET /api/reports/plays.csv', action: 'read', halls: () => [B], req: () => ({ method: 'GET', url: `/api/reports/plays.csv?from=${day}&to=${day}&hallId=${B}` }) },
  { route: 'GET /api/reports/kiosk', action: 'report.kiosk', halls: () => [B], req: () => ({ method: 'GET', url: `/api/reports/kiosk?from=${day}&to=${day}&hallId=${B}` }) },
  { route: 'GET /api/screens/status', action: 'read', req: () => ({ method: 'GET', url: '/api/screens/status' }) },
  { route: 'GET /api/workbench', action: 'read', req: () => ({ method: 'GET', url: '/api/workbench' }) },
  { route: 'GET /api/workbench', action: 'read', halls: () => [B], req: () => ({ method: 'GET', url: `/api/workbench?hallId=${B}` }) },
  { route: 'POST /api/screens/:id/commands', action: 'screen.command', halls: () => [B], req: () => ({ method: 'POST', url: `/api/screens/${fx.screenB}/commands`, body: { command: 'identify' } }) },
  { route: 'GET /api/screens/:id/devices', action: 'screen.admin', halls: () => [B], req: () => ({ method: 'GET', url: `/api/screens/${fx.screenB}/devices` }) },
  { route: 'DELETE /api/screens/:id/devices/:deviceId', action: 'screen.admin', halls: () => [B], req: () => ({ method: 'DELETE', url: `/api/screens/${fx.screenB}/devices/dev_none` }) },
  { route: 'GET /api/screens/:id/screenshots', action: 'read', halls: () => [B], req: () => ({ method: 'GET', url: `/api/screens/${fx.screenB}/screenshots` }) },
  { route: 'GET /api/screens/:id/screenshots/:file', action: 'read', halls: () => [B], req: () => ({ method: 'GET', url: `/api/screens/${fx.screenB}/screenshots/latest.webp` }) },
  { route: 'DELETE /api/screens/:id/screenshots', action: 'screen.admin', halls: () => [B], req: () => ({ method: 'DELETE', url: `/api/screens/${fx.screenB}/screenshots` }) },
  { route: 'GET /api/screens', action: 'read', req: () => ({ method: 'GET', url: '/api/screens' }) },
  { route: 'GET /api/screens/:id', action: 'read', halls: () => [B], req: () => ({ method: 'GET', url: `/api/screens/${fx.screenB}` }) },
  { route: 'POST /api/screens', action: 'screen.admin', halls: () => [B], req: () => ({ method: 'POST', url: '/api/screens', body: { name: '新屏', hallId: B, area: 'guide', kind: 'tv' } }) },
  { route: 'PATCH /api/screens/:id', action: 'screen.admin', halls: () => [B], req: () => ({ method: 'PATCH', url: `/api/screens/${fx.screenB}`, body: { name: 'B 厅电视' } }) },
  { route: 'DELETE /api/screens/:id', action: 'screen.admin', halls: () => [B], req: async () => ({ method: 'DELETE', url: `/api/screens/${(await t.create('/api/screens', { name: '删', hallId: B, area: 'guide', kind: 'tv' })).id}` }) },
  { route: 'POST /api/screens/:id/rotate-key', action: 'screen.admin', halls: () => [B], req: () => ({ method: 'POST', url: `/api/screens/${fx.screenB2}/rotate-key` }) },
  { route: 'GET /api/screens/:id/resolve', action: 'read', halls: () => [B], req: () => ({ method: 'GET', url: `/api/screens/${fx.screenB}/resolve` }) },
  { route: 'GET /api/slides', action: 'read', req: () => ({ method: 'GET', url: '/api/slides' }) },
  { route: 'GET /api/slides/:id', action: 'read', halls: () => [B], req: () => ({ method: 'GET', url: `/api/slides/${fx.slideB}` }) },
  { route: 'GET /api/slides/:id', action: 'read', halls: 'all', req: () => ({ method: 'GET', url: `/api/slides/${fx.districtSlide}` }) },
  { route: 'POST /api/slides', action: 'content.write', req: () => ({ method: 'POST', url: '/api/slides', body: { type: 'notice', title: '新', body: '正文' } }) },
  { route: 'PUT /api/slides/:id', action: 'content.write', halls: () => [B], req: () => ({ method: 'PUT', url: `/api/slides/${fx.slideB}`, body: { type: 'notice', title: '改', body: '正文' } }) },
  { route: 'PUT /api/slides/:id', action: 'content.write', halls: 'all', req: () => ({ method: 'PUT', url: `/api/slides/${fx.districtSlide}`, body: { type: 'notice', title: '改', body: '正文' } }) },
  { route: 'POST /api/slides/:id/submit', action: 'content.write', halls: () => [B], req: () => ({ method: 'POST', url: `/api/slides/${fx.slideB}/submit` }) },
  { route: 'POST /api/slides/:id/approve', action: 'slide.approve', halls: () => [B], req: () => ({ method: 'POST', url: `/api/slides/${fx.slideB}/approve` }) },
  // Bulk (issue 15): the role decides for the whole request; hall rules answer per item inside a 200.
  { route: 'POST /api/slides/bulk', action: 'slide.approve', req: () => ({ method: 'POST', url: '/api/slides/bulk', body: { action: 'approve', ids: [fx.slideB, fx.districtSlide] } }) },
  { route: 'POST /api/slides/bulk', action: 'content.write', req: () => ({ method: 'POST', url: '/api/slides/bulk', body: { action: 'tag', ids: [fx.slideB], tag: '春节' } }) },
  { route: 'POST /api/slides/from-media', action: 'content.write', halls: () => [B], req: () => ({ method: 'POST', url: '/api/slides/from-media', body: { playlistId: fx.playlistB, mediaIds: [fx.mediaB] } }) },
  { route: 'DELETE /api/slides/:id', action: 'content.write', halls: () => [B], req: async () => ({ method: 'DELETE', url: `/api/slides/${await slideB()}` }) },
  { route: 'GET /api/playlists', action: 'read', req: () => ({ method: 'GET', url: '/api/playlists' }) },
  { route: 'GET /api/playlists/:id', action: 'read', halls: () => [B], req: () => ({ method: 'GET', url: `/api/playlists/${fx.playlistB}` }) },
  { route: 'POST /api/playlists', action: 'content.write', req: () => ({ method: 'POST', url: '/api/playlists', body: { name: '新', items: [] } }) },
  { route: 'PUT /api/playlists/:id', action: 'content.write', halls: () => [B], req: () => ({ method: 'PUT', url: `/api/playlists/${fx.playlistB}`, body: { name: '改', items: [] } }) },
  { route: 'DELETE /api/playlists/:id', action: 'content.write', halls: () => [B], req: async () => ({ method: 'DELETE', url: `/api/playlists/${await playlistB()}` }) },
  { route: 'GET /api/layouts', action: 'read', req: () => ({ method: 'GET', url: '/api/layouts' }) },
  { route: 'GET /api/layouts/:id', action: 'read', halls: () => [B], req: () => ({ method: 'GET', url: `/api/layouts/${fx.layoutB}` }) },
  { route: 'POST /api/layouts', action: 'content.write', req: () => ({ method: 'POST', url: '/api/layouts', body: layoutBody() }) },
  { route: 'PUT /api/layouts/:id', action: 'content.write', halls: () => [B], req: () => ({ method: 'PUT', url: `/api/layouts/${fx.layoutB}`, body: layoutBody() }) },
  { route: 'DELETE /api/layouts/:id', action: 'content.write', halls: () => [B], req: async () => ({ method: 'DELETE', url: `/api/layouts/${await layoutB()}` }) },
  { route: 'GET /api/layout-templates', action: 'read', req: () => ({ method: 'GET', url: '/api/layout-templates' }) },
  { route: 'POST /api/preview/manifest', action: 'preview', halls: () => [B], req: () => ({ method: 'POST', url: '/api/preview/manifest', body: { screenId: fx.screenB } }) },
  { route: 'GET /api/schedules', action: 'read', req: () => ({ method: 'GET', url: '/api/schedules' }) },
  { route: 'GET /api/schedules/:id', action: 'read', halls: () => [B], req: () => ({ method: 'GET', url: `/api/schedules/${fx.scheduleB}` }) },
  { route: 'POST /api/schedules', action: 'schedule.write', halls: () => [B], req: () => ({ method: 'POST', url: '/api/schedules', body: scheduleBody() }) },
  { route: 'POST /api/schedules', action: 'schedule.write', halls: 'all', req: () => ({ method: 'POST', url: '/api/schedules', body: { ...scheduleBody(), target: { all: true } } }) },
  { route: 'PUT /api/schedules/:id', action: 'schedule.write', halls: () => [B], req: () => ({ method: 'PUT', url: `/api/schedules/${fx.scheduleB}`, body: scheduleBody() }) },
  { route: 'DELETE /api/schedules/:id', action: 'schedule.write', halls: () => [B], req: async () => ({ method: 'DELETE', url: `/api/schedules/${(await t.create('/api/schedules', scheduleBody())).id}` }) },
  { route: 'GET /api/overrides', action: 'read', req: () => ({ method: 'GET', url: '/api/overrides' }) },
  { route: 'POST /api/overrides', action: 'override.write', halls: () => [B], req: () => ({ method: 'POST', url: '/api/overrides', body: overrideBody() }) },
  { route: 'POST /api/overrides', action: 'override.write', halls: 'all', req: () => ({ method: 'POST', url: '/api/overrides', body: { ...overrideBody(), target: { all: true } } }) },
  { route: 'DELETE /api/overrides/:id', action: 'override.write', halls: () => [B], req: async () => ({ method: 'DELETE', url: `/api/overrides/${(await t.create('/api/overrides', overrideBody())).id}` }) },
  { route: 'GET /api/overrides/:id/acks', action: 'read', halls: () => [B], req: () => ({ method: 'GET', url: `/api/overrides/${fx.overrideB}/acks` }) },
  { route: 'POST /api/queue/calls', action: 'queue.write', halls: () => [B], req: () => ({ method: 'POST', url: '/api/queue/calls', body: { ticket: 'B001', counter: '3', hallId: B } }) },
  { route: 'POST /api/queue/events', action: 'queue.write', halls: () => [B], req: () => ({ method: 'POST', url: '/api/queue/events', body: { type: 'counter.paused', eventId: newId('ev'), hallId: B, occurredAt: new Date().toISOString(), counter: '9' } }) },
  { route: 'GET /api/queue/calls', action: 'read', req: () => ({ method: 'GET', url: '/api/queue/calls' }) },
  { route: 'GET /api/queue/calls/:id/acks', action: 'read', halls: () => [B], req: () => ({ method: 'GET', url: `/api/queue/calls/${fx.callB}/acks` }) },
  { route: 'GET /api/media', action: 'read', req: () => ({ method: 'GET', url: '/api/media' }) },
  { route: 'GET /api/media/:id', action: 'read', halls: () => [B], req: () => ({ method: 'GET', url: `/api/media/${fx.mediaB}` }) },
  { route: 'POST /api/media', action: 'content.write', req: () => ({ method: 'POST', url: '/api/media' }) },
  { route: 'POST /api/media/:id/poster', action: 'content.write', halls: () => [B], req: () => ({ method: 'POST', url: `/api/media/${fx.mediaB}/poster` }) },
  { route: 'PATCH /api/media/:id', action: 'content.write', halls: () => [B], req: () => ({ method: 'PATCH', url: `/api/media/${fx.mediaB}`, body: { name: '改名.png' } }) },
  { route: 'DELETE /api/media/:id', action: 'content.write', halls: () => [B], req: async () => ({ method: 'DELETE', url: `/api/media/${await fakeMedia(B)}` }) },
  { route: 'GET /api/tokens', action: 'system', req: () => ({ method: 'GET', url: '/api/tokens' }) },
  { route: 'POST /api/tokens', action: 'system', req: () => ({ method: 'POST', url: '/api/tokens', body: { name: '新令牌', scopes: ['queue:write'] } }) },
  { route: 'DELETE /api/tokens/:id', action: 'system', req: async () => ({ method: 'DELETE', url: `/api/tokens/${(await t.create('/api/tokens', { name: '删', scopes: ['queue:write'] })).id}` }) },
  { route: 'GET /api/voice/clips', action: 'read', req: () => ({ method: 'GET', url: '/api/voice/clips' }) },
  { route: 'PUT /api/voice/clips/:name', action: 'system', req: () => ({ method: 'PUT', url: '/api/voice/clips/qing' }) },
  { route: 'DELETE /api/voice/clips/:name', action: 'system', req: () => ({ method: 'DELETE', url: '/api/voice/clips/none' }) },
];

/** Every `METHOD /api/path` the express app serves, read from its router stack. */
export function servedRoutes(app: any): string[] {
  const out: string[] = [];
  const walk = (stack: any[], prefix: string): void => {
    for (const layer of stack) {
      if (layer.route) for (const m of Object.keys(layer.route.methods)) out.push(`${m.toUpperCase()} ${`${prefix}${layer.route.path}`.replace(/(.)\/$/, '$1')}`);
      else if (layer.handle?.stack) walk(layer.handle.stack, prefix + (layer.rawPath === '/' || layer.slash ? '' : (layer.rawPath ?? '')));
    }
  };
  const api = app.router.stack.find((l: any) => l.handle?.stack && l.rawPath === '/api');
  walk(api.handle.stack, '/api');
  return [...new Set(out)];
}

/** Builds hall A and hall B and the objects the rows aim at, on `server` (its admin does the work). */
export async function prepareRouteTable(server: TestServer): Promise<{ A: string; B: string }> {
  t = server;
  const a = await t.makeHall('A 厅');
  const b = await t.makeHall('B 厅');
  A = a.hall.id;
  B = b.hall.id;
  fx.screenB = b.waiting.id;
  fx.screenB2 = b.exhibition.id;
  fx.slideB = await slideB();
  fx.districtSlide = (await t.create('/api/slides', { type: 'notice', title: '全区通知', body: '正文' })).id;
  fx.districtPlaylist = (await t.create('/api/playlists', { name: '全区列表', items: [] })).id;
  fx.playlistB = await playlistB();
  fx.layoutB = await layoutB();
  fx.scheduleB = (await t.create('/api/schedules', scheduleBody())).id;
  fx.overrideB = (await t.create('/api/overrides', overrideBody())).id;
  fx.mediaB = await fakeMedia(B);
  const call = await t.request('POST', '/api/queue/calls', { ticket: 'B009', counter: '3', hallId: B }, { bearer: QUEUE_TOKEN });
  fx.callB = call.body.id;
  fx.spare = await freshUser();
  return { A, B };
}
