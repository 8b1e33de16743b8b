/**
 * Typed client for the server's REST API (same origin, session cookie). Failures become an
 * `ApiFailure` kind union with words a person can act on; the server's own message wins when it has one.
 */
import type { z } from 'zod';
import type {
  Hall, HallInput, Media, Override, OverrideInput, Playlist, PlaylistInput, QueueCall, QueueCallInput,
  Role, Schedule, ScheduleInput, Screen, ScreenInput, Slide, SlideInput, User,
} from '../content/model';
import type { Conflict } from '../content/conflicts';
import type { SlideBulkInput, SlideBulkReply, SlidesFromMediaInput } from '../content/slide-bulk';
import type { QueueState } from '../content/queue';
import type { PlayItem, TraceLine } from '../content/schedule';
import type { Segment } from '../content/timeline';
import type { PairingClaimInput } from '../content/pairing';
import type { ScreenCommand, ScreenStatus } from '../content/protocol';
import type { Layout, LayoutInput, LayoutTemplateId } from '../content/layout-model';
import type { PreviewRequest } from '../content/preview';
import type { Manifest } from '../content/protocol';

/** Where a media file is used; the server may send a count or the slides themselves. */
export type MediaUsage = number | { id?: string; slideId?: string; title?: string }[];
/** A media item as `GET /api/media` lists it; `usage` arrives once the server counts it. */
/** A slide that shows a media item (`type` tells a kiosk app from other slides). */
export interface MediaUser { id: string; title: string; type?: string }
export type MediaView = Media & { usage?: MediaUsage; usedBy?: MediaUser[] };
/** An override as listed: `createdByName` is the author's display name (`createdBy` is `user:<login>`). */
export type OverrideView = Override & { createdByName?: string };
/** One entry of `GET /api/layout-templates`. */
export interface LayoutTemplateView { id: LayoutTemplateId; label: string; kind: Layout['kind']; layout: LayoutInput }

/** The logged-in user as the server returns it (no password hash). */
export type SessionUser = Pick<User, 'id' | 'username' | 'displayName' | 'role'> & { hallIds?: string[] };
/** Live status the screens list carries; `/ws/editor` keeps it current afterwards. */
export interface ScreenLive { online: boolean; lastSeen?: string; slideId?: string }
/** A screen as `GET /api/screens` returns it. */
/** `playerUrl` (it carries the device key) comes to admins only. */
export type ScreenView = Screen & { playerUrl?: string; status: ScreenLive };
/** What `GET /api/screens/:id/resolve` answers: the same resolver the player runs. */
export interface ResolveResult { items: PlayItem[]; nextChangeAt: string; trace: TraceLine[]; /** The hall's zone, in which the trace words its times. */ timezone?: string }

/** One stretch of a calendar, with schedule names and slide titles filled in by the server. */
export type TimelineSegment = Omit<Segment, 'items'> & {
  schedules: { id: string; name: string }[];
  items: (PlayItem & { title: string })[];
};
/** What a screen's or an area's timeline endpoint answers; `timezone` is the hall's. */
export interface TimelineResult { from: string; until: string; timezone: string; segments: TimelineSegment[] }
/** What `POST /api/schedules/check` answers: reach and the entries it would meet. Nothing is saved. */
export interface ScheduleCheck { screens: number; conflicts: Conflict[] }

/** One screen that acknowledged a call or override: ack received − request received, per screen. */
export interface AckEntry { screenId: string; screenName: string; latencyMs: number; audioLatencyMs?: number }
/** A targeted screen that has not acknowledged (yet); `online` says whether it could have. */
export interface MissingEntry { screenId: string; screenName: string; online: boolean }
/** What `GET /api/queue/calls/:id/acks` and `GET /api/overrides/:id/acks` answer. */
export interface AckReport { id: string; targeted: number; acks: AckEntry[]; missing: MissingEntry[] }
/** A device paired to a screen (its key stays on the server, hashed). */
export interface PairedDeviceView { id: string; label: string; pairedAt: string }
/** A stored screenshot of a screen, newest first (the thumbnail's name differs between server versions). */
export interface ScreenshotView { url: string; thumbnailUrl?: string; thumbUrl?: string; at: string }
/** What `POST /api/screens/:id/commands` answers: the outcome arrives later as `commandDone`. */
export interface CommandAccepted { requestId: string; delivered: boolean | number }
/** Proof of play: per slide, plays on each of `days` (YYYY-MM-DD, hall time) and the total time shown. */
export interface PlaysReport { days: string[]; slides: { slideId: string; title: string; counts: number[]; totalMs: number }[] }
/** Filters of the proof-of-play report and its CSV export. */
export interface PlaysQuery { from: string; to: string; screenId?: string; hallId?: string }

/** The query string of a proof-of-play request; the CSV link uses the same one. */
export function playsSearch(q: PlaysQuery): string {
  const p = new URLSearchParams({ from: q.from, to: q.to });
  if (q.screenId) p.set('screenId', q.screenId);
  if (q.hallId) p.set('hallId', q.hallId);
  return p.toString();
}

/** An integration token as listed (never its secret). */
export interface TokenView { id: string; name: string; scopes: string[]; hallIds: string[]; createdAt: string }
/** What `POST /api/tokens` answers: the plaintext `token` exists only in this one response. */
export type CreatedToken = TokenView & { token: string };
/** One short voice clip the server concatenates announcements from. */
export interface VoiceClip { name: string; label: string; source: 'generated' | 'recorded'; url: string }
/**
 * What staff may change on a hall. `defaultPlaylistId: null` asks to drop a stored default; whether the
 * server accepts `null` there is the server's call (`HallInput` alone has no way to clear it).
 */
export type HallPatch = Partial<Omit<z.output<typeof HallInput>, 'defaultPlaylistId'>> & { defaultPlaylistId?: string | null };
/** A screen change; `defaultPlaylistId: null` likewise asks to drop the screen's own default. */
export type ScreenPatch = Partial<Omit<ScreenInput, 'defaultPlaylistId'>> & { defaultPlaylistId?: string | null };

/** Expected failures, by what the user can do about them. */
export type ApiFailure =
  | { kind: 'network' }
  | { kind: 'unauthorized'; message?: string }
  | { kind: 'forbidden'; message?: string }
  | { kind: 'notFound'; message?: string; code?: string }
  | { kind: 'conflict'; message?: string }
  | { kind: 'invalid'; message?: string }
  | { kind: 'tooLarge'; message?: string }
  | { kind: 'server'; status: number };

/** Chinese text for a failure. */
export function describeFailure(f: ApiFailure): string {
  switch (f.kind) {
    case 'network': return '无法连接服务器，请检查网络后重试';
    case 'unauthorized': return f.message ?? '登录已过期，请重新登录';
    case 'forbidden': return f.message ?? '当前账号没有此操作的权限';
    case 'notFound': return f.message ?? '要操作的内容不存在，可能已被他人删除';
    case 'conflict': return f.message ?? '操作冲突，请刷新后重试';
    case 'invalid': return f.message ?? '提交的内容不正确';
    case 'tooLarge': return f.message ?? '文件超过服务器允许的大小';
    case 'server': return `服务器出错（${f.status}），请稍后重试`;
  }
}

/** Thrown by every call here; `failure` says what kind. */
export class ApiError extends Error {
  constructor(readonly failure: ApiFailure) {
    super(describeFailure(failure));
  }
}

/** Maps an HTTP status and its `{ error: { message } }` body to a failure. */
export function failureFromResponse(status: number, body: unknown): ApiFailure {
  const message = (body as { error?: { message?: unknown } } | null)?.error?.message;
  const m = typeof message === 'string' && message ? message : undefined;
  const code = (body as { error?: { code?: unknown } } | null)?.error?.code;
  if (status === 401) return { kind: 'unauthorized', message: m };
  if (status === 403) return { kind: 'forbidden', message: m };
  if (status === 404) return { kind: 'notFound', message: m, code: typeof code === 'string' ? code : undefined };
  if (status === 409) return { kind: 'conflict', message: m };
  if (status === 413) return { kind: 'tooLarge', message: m };
  if (status >= 400 && status < 500) return { kind: 'invalid', message: m };
  return { kind: 'server', status };
}

/** True when the server has no such route yet (an older server): views say so instead of failing. */
export function isMissingEndpoint(err: unknown): boolean {
  return err instanceof ApiError && err.failure.kind === 'notFound' && err.failure.code === 'no_such_endpoint';
}

let onUnauthorized: () => void = () => {};
/** Called when a request other than login/me gets 401: the session ended under us. */
export function setUnauthorizedHandler(fn: () => void): void {
  onUnauthorized = fn;
}

async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  return (await requestWithHeaders<T>(method, path, body)).data;
}

/** `request`, also handing back the answer's headers (paging cursors travel there). */
async function requestWithHeaders<T>(method: string, path: string, body?: unknown): Promise<{ data: T; headers: Headers }> {
  let res: Response;
  // A FormData body (file upload) sets its own multipart content type.
  const form = body instanceof FormData;
  try {
    res = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: body === undefined || form ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : form ? body : JSON.stringify(body),
    });
  } catch {
    throw new ApiError({ kind: 'network' });
  }
  const text = await res.text().catch(() => '');
  let data: unknown = undefined;
  try {
    data = text ? JSON.parse(text) : undefined;
  } catch {
    // A proxy's HTML error page: the status alone decides.
  }
  if (!res.ok) {
    if (res.status === 401 && !path.startsWith('/api/auth/')) onUnauthorized();
    throw new ApiError(failureFromResponse(res.status, data));
  }
  return { data: data as T, headers: res.headers };
}

type In<S extends z.ZodType> = z.output<S>;
const id = encodeURIComponent;

/** Every endpoint the editor uses. */
export const api = {
  me: () => request<{ user: SessionUser }>('GET', '/api/auth/me'),
  login: (username: string, password: string) =>
    request<{ user: SessionUser }>('POST', '/api/auth/login', { username, password }),
  logout: () => request<void>('POST', '/api/auth/logout'),

  listHalls: () => request<Hall[]>('GET', '/api/halls'),
  createHall: (input: In<typeof HallInput>) => request<Hall>('POST', '/api/halls', input),
  updateHall: (hid: string, patch: HallPatch) => request<Hall>('PATCH', `/api/halls/${id(hid)}`, patch),
  /** Replaces the hall's own slide-text variables (`{}` removes them all). */
  setHallVariables: (hid: string, variables: Record<string, string>) => request<Hall>('PUT', `/api/halls/${id(hid)}/variables`, { variables }),
  queueState: (hid: string) => request<QueueState>('GET', `/api/halls/${id(hid)}/queue-state`),

  listScreens: () => request<ScreenView[]>('GET', '/api/screens'),
  createScreen: (input: ScreenInput) => request<ScreenView>('POST', '/api/screens', input),
  updateScreen: (sid: string, input: ScreenPatch) => request<ScreenView>('PATCH', `/api/screens/${id(sid)}`, input),
  deleteScreen: (sid: string) => request<void>('DELETE', `/api/screens/${id(sid)}`),
  resolveScreen: (sid: string, at: Date) =>
    request<ResolveResult>('GET', `/api/screens/${id(sid)}/resolve?at=${id(at.toISOString())}`),
  screenTimeline: (sid: string, from: Date, days: number) =>
    request<TimelineResult>('GET', `/api/screens/${id(sid)}/timeline?from=${id(from.toISOString())}&days=${days}`),
  // The server may wrap the list with its refused-frame counters.
  screenStatuses: () => request<ScreenStatus[] | { statuses: ScreenStatus[] }>('GET', '/api/screens/status').then((r) => (Array.isArray(r) ? r : r.statuses)),
  rotateKey: (sid: string) => request<ScreenView>('POST', `/api/screens/${id(sid)}/rotate-key`),
  sendCommand: (sid: string, command: ScreenCommand) => request<CommandAccepted>('POST', `/api/screens/${id(sid)}/commands`, { command }),
  listDevices: (sid: string) => request<PairedDeviceView[]>('GET', `/api/screens/${id(sid)}/devices`),
  revokeDevice: (sid: string, did: string) => request<void>('DELETE', `/api/screens/${id(sid)}/devices/${id(did)}`),
  listScreenshots: (sid: string) => request<ScreenshotView[]>('GET', `/api/screens/${id(sid)}/screenshots`),
  claimPairing: (input: PairingClaimInput) => request<{ screen: ScreenView; deviceId: string }>('POST', '/api/pairing/claim', input),
  playsReport: (q: PlaysQuery) => request<PlaysReport>('GET', `/api/reports/plays?${playsSearch(q)}`),
  areaTimeline: (hallId: string, area: string, from: Date, days: number) =>
    request<TimelineResult>('GET', `/api/halls/${id(hallId)}/areas/${id(area)}/timeline?from=${id(from.toISOString())}&days=${days}`),

  listSlides: () => request<Slide[]>('GET', '/api/slides'),
  createSlide: (input: SlideInput) => request<Slide>('POST', '/api/slides', input),
  updateSlide: (sid: string, input: SlideInput) => request<Slide>('PUT', `/api/slides/${id(sid)}`, input),
  submitSlide: (sid: string) => request<Slide>('POST', `/api/slides/${id(sid)}/submit`),
  approveSlide: (sid: string) => request<Slide>('POST', `/api/slides/${id(sid)}/approve`),
  rejectSlide: (sid: string, reason: string) => request<Slide>('POST', `/api/slides/${id(sid)}/reject`, { reason }),
  getSlide: (sid: string) => request<Slide>('GET', `/api/slides/${id(sid)}`),
  deleteSlide: (sid: string) => request<void>('DELETE', `/api/slides/${id(sid)}`),
  bulkSlides: (input: SlideBulkInput) => request<SlideBulkReply>('POST', '/api/slides/bulk', input),
  slidesFromMedia: (input: SlidesFromMediaInput) => request<{ slides: Slide[]; playlist: Playlist }>('POST', '/api/slides/from-media', input),

  listPlaylists: () => request<Playlist[]>('GET', '/api/playlists'),
  createPlaylist: (input: In<typeof PlaylistInput>) => request<Playlist>('POST', '/api/playlists', input),
  updatePlaylist: (pid: string, input: In<typeof PlaylistInput>) => request<Playlist>('PUT', `/api/playlists/${id(pid)}`, input),
  deletePlaylist: (pid: string) => request<void>('DELETE', `/api/playlists/${id(pid)}`),

  listSchedules: () => request<Schedule[]>('GET', '/api/schedules'),
  createSchedule: (input: ScheduleInput) => request<Schedule>('POST', '/api/schedules', input),
  updateSchedule: (sid: string, input: ScheduleInput) => request<Schedule>('PUT', `/api/schedules/${id(sid)}`, input),
  deleteSchedule: (sid: string) => request<void>('DELETE', `/api/schedules/${id(sid)}`),
  checkSchedule: (input: ScheduleInput & { id?: string }) => request<ScheduleCheck>('POST', '/api/schedules/check', input),

  listOverrides: () => request<OverrideView[]>('GET', '/api/overrides'),
  createOverride: (input: In<typeof OverrideInput>) => request<Override>('POST', '/api/overrides', input),
  deleteOverride: (oid: string) => request<void>('DELETE', `/api/overrides/${id(oid)}`),
  overrideAcks: (oid: string) => request<AckReport>('GET', `/api/overrides/${id(oid)}/acks`),

  sendCall: (input: In<typeof QueueCallInput>) => request<{ id: string; screens: number }>('POST', '/api/queue/calls', input),
  listCalls: () => request<QueueCall[]>('GET', '/api/queue/calls'),
  callAcks: (cid: string) => request<AckReport>('GET', `/api/queue/calls/${id(cid)}/acks`),

  listTokens: () => request<TokenView[]>('GET', '/api/tokens'),
  createToken: (input: { name: string; scopes: ['queue:write']; hallIds?: string[] }) => request<CreatedToken>('POST', '/api/tokens', input),
  deleteToken: (tid: string) => request<void>('DELETE', `/api/tokens/${id(tid)}`),

  listVoiceClips: () => request<VoiceClip[]>('GET', '/api/voice/clips'),
  uploadVoiceClip: (name: string, file: File) => {
    const form = new FormData();
    form.append('file', file);
    return request<VoiceClip>('PUT', `/api/voice/clips/${id(name)}`, form);
  },
  revertVoiceClip: (name: string) => request<void>('DELETE', `/api/voice/clips/${id(name)}`),

  listMedia: () => request<Media[]>('GET', '/api/media'),
  mediaLimits: () => request<{ maxUploadBytes: number; types: string[] }>('GET', '/api/media/limits'),
  // ---- media library, layouts, preview (editor content) ----
  searchMedia: (q: string, kind: '' | 'image' | 'video') => {
    const query = new URLSearchParams();
    if (q) query.set('q', q);
    if (kind) query.set('kind', kind);
    const qs = query.toString();
    return request<MediaView[]>('GET', `/api/media${qs ? `?${qs}` : ''}`);
  },
  getMedia: (mid: string) => request<MediaView>('GET', `/api/media/${id(mid)}`),
  updateMedia: (mid: string, patch: { name?: string; tags?: string[] }) => request<MediaView>('PATCH', `/api/media/${id(mid)}`, patch),
  deleteMedia: (mid: string) => request<void>('DELETE', `/api/media/${id(mid)}`),
  uploadPoster: (mid: string, poster: Blob) => {
    const form = new FormData();
    form.append('file', poster, poster.type === 'image/webp' ? 'poster.webp' : 'poster.jpg');
    return request<MediaView>('POST', `/api/media/${id(mid)}/poster`, form);
  },
  listLayouts: () => request<Layout[]>('GET', '/api/layouts'),
  createLayout: (input: LayoutInput) => request<Layout>('POST', '/api/layouts', input),
  updateLayout: (lid: string, input: LayoutInput) => request<Layout>('PUT', `/api/layouts/${id(lid)}`, input),
  deleteLayout: (lid: string) => request<void>('DELETE', `/api/layouts/${id(lid)}`),
  approveLayout: (lid: string) => request<Layout>('POST', `/api/layouts/${id(lid)}/approve`),
  layoutTemplates: () => request<LayoutTemplateView[]>('GET', '/api/layout-templates'),
  previewManifest: (input: PreviewRequest) => request<Manifest>('POST', '/api/preview/manifest', input),
  // ---- kiosk interaction analytics (kiosk editor) ----
  kioskReport: (q: KioskReportQuery) => request<KioskReport>('GET', `/api/reports/kiosk?${kioskSearch(q)}`),
  // ---- end kiosk ----
};

// ---- kiosk interaction analytics (kiosk editor) ----
/** `GET /api/reports/kiosk`: visitor sessions on kiosks per day (hall time), depth, tiles and pages touched. */
export interface KioskReport {
  days: string[];
  sessionsPerDay: number[];
  avgDurationMs: number[];
  depthHistogram: { depth: number; count: number }[];
  tiles: { tile: string; label?: string; count: number }[];
  pages: { pageId: string; count: number }[];
  total?: number;
  endedBy?: Record<'idle' | 'exit' | 'override' | 'schedule', number>;
}
export interface KioskReportQuery { from: string; to: string; screenId?: string }
export function kioskSearch(q: KioskReportQuery): string {
  const p = new URLSearchParams({ from: q.from, to: q.to });
  if (q.screenId) p.set('screenId', q.screenId);
  return p.toString();
}
// ---- end kiosk ----

/** The one request function, for feature folders that keep their endpoints beside them (editor/queue-caller/…). */
export const apiRequest = request;

/** A staff account as the server shows it (never a hash). */
export interface UserView { id: string; username: string; displayName: string; role: Role; hallIds: string[]; disabled: boolean; createdAt: string; passwordChangedAt?: string }
/** One line of the audit trail. */
export interface AuditEntry { at: string; username: string; /** The user's display name, resolved by the server. */ byName?: string; action: string; id?: string; hallId?: string; hallIds?: string[]; [k: string]: unknown }
export interface AuditQueryInput { from?: string; to?: string; hallId?: string; user?: string; action?: string; object?: string; limit?: number; /** As the server handed it out (`X-Next-Cursor`); opaque. */ cursor?: string }

/** Users (admins), the audit trail (admins, reviewers) and one's own password. */
export const staffApi = {
  listUsers: () => request<UserView[]>('GET', '/api/users'),
  createUser: (input: { username: string; password: string; displayName?: string; role: Role; hallIds?: string[] }) => request<UserView>('POST', '/api/users', input),
  updateUser: (uid: string, patch: { displayName?: string; role?: Role; hallIds?: string[] | null; disabled?: boolean }) => request<UserView>('PATCH', `/api/users/${id(uid)}`, patch),
  deleteUser: (uid: string) => request<void>('DELETE', `/api/users/${id(uid)}`),
  resetPassword: (uid: string, password: string) => request<UserView>('POST', `/api/users/${id(uid)}/password`, { password }),
  revokeSessions: (uid: string) => request<{ sessions: number }>('POST', `/api/users/${id(uid)}/revoke-sessions`),
  changeOwnPassword: (currentPassword: string, newPassword: string) => request<void>('POST', '/api/auth/password', { currentPassword, newPassword }),
  audit: async (q: AuditQueryInput): Promise<{ entries: AuditEntry[]; nextCursor?: string }> => {
    const s = new URLSearchParams(Object.entries(q).filter(([, v]) => v !== undefined && v !== '').map(([k, v]) => [k, String(v)]));
    const { data, headers } = await requestWithHeaders<AuditEntry[]>('GET', `/api/audit?${s}`);
    const next = headers.get('x-next-cursor');
    return { entries: data, ...(next !== null && { nextCursor: next }) };
  },
};
