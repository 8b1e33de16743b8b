/**
 * The wire protocol between server and screens (`/ws/player`) and editors (`/ws/editor`).
 * Two discriminated unions on a flat `type` field; types come from z.infer and nowhere else.
 */
import { z } from 'zod';
import { ExceptionDays, Hall, Id, IsoInstant, Layout, Override, Playlist, QueueCall, Resolution, Schedule, Screen, Slide } from './model';
import { BoardDelta, QueueState } from './queue';

// NOTE: overrides travel inside the manifest (whole state, idempotent); only calls are events.

/** Bumped on any incompatible change; a player speaking another version is closed with CLIENT_TOO_OLD. */
export const PROTOCOL_VERSION = 1;

/** Close codes the server uses on purpose (4000–4999 are free for applications). */
export const CloseCode = {
  /** The device key is missing, wrong or revoked: show the pairing / error screen, do not retry fast. */
  BAD_KEY: 4001,
  /** The player speaks another protocol version: reload to fetch the current player. */
  CLIENT_TOO_OLD: 4002,
  /** The screen was deleted. */
  SCREEN_GONE: 4003,
  /** The player did not say hello in time. */
  NO_HELLO: 4004,
  /** The socket sent frames far past its budget, or stayed over it: the player reconnects after its backoff. */
  TOO_MANY_FRAMES: 4008,
} as const;

/** The server sends an application heartbeat this often; browsers cannot see protocol pings. */
export const HEARTBEAT_MS = 15_000;
/** A player that hears nothing for this long reconnects. */
export const SILENCE_TIMEOUT_MS = 45_000;
/** Largest frame a player may send. */
export const PLAYER_MAX_PAYLOAD = 64 * 1024;
/** Players report health this often; the server marks a screen offline after OFFLINE_AFTER_MS of silence. */
export const HEALTH_EVERY_MS = 30_000;
export const OFFLINE_AFTER_MS = 90_000;
/** Proof-of-play records a player keeps while offline (oldest dropped first) and sends per batch. */
export const PLAYED_QUEUE_MAX = 5000;
export const PLAYED_BATCH_MAX = 500;
/** The offline badge shows after this long without the server unless the screen says otherwise. */
export const DEFAULT_OFFLINE_BADGE_MS = 10_000;

/** A file the player must cache to play offline; `sha256` (when known) verifies the cached bytes. */
export const Asset = z.object({
  url: z.string(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/).optional(),
  bytes: z.number().int().min(0).optional(),
});
export type Asset = z.infer<typeof Asset>;

/** What a screen needs to play on its own: its schedules, the slides they use and active overrides. */
export const Manifest = z.object({
  /** Content hash: equal manifests have equal versions, so re-sends are cheap to ignore. */
  version: z.string(),
  generatedAt: IsoInstant,
  screen: Screen.omit({ keyGeneration: true, devices: true }),
  hall: Hall,
  schedules: z.array(Schedule),
  playlists: z.array(Playlist),
  slides: z.array(Slide),
  overrides: z.array(Override),
  /** Layouts the schedules or the screen name; zones' own playlists are in `playlists`. */
  layouts: z.array(Layout).optional(),
  /** Every media file the slides above show, for the offline cache. */
  assets: z.array(Asset).optional(),
  /** The district's default exception days (节假日); `hall.exceptions` win on their dates (content/open-hours.ts). */
  districtExceptions: ExceptionDays.optional(),
});
export type Manifest = z.infer<typeof Manifest>;

/** A visitor's touch session on a kiosk app: for the interaction analytics (no personal data). */
export const KioskSession = z.object({
  slideId: Id,
  startedAt: IsoInstant,
  durationMs: z.number().int().min(0).max(86_400_000),
  /** Pages opened in order (page ids), the home page first. */
  pages: z.array(z.string().max(40)).max(200),
  /** Tiles touched, as `pageId/target`. */
  tiles: z.array(z.string().max(81)).max(200),
  /** How deep the visitor went (home = 0). */
  maxDepth: z.number().int().min(0).max(100),
  endedBy: z.enum(['idle', 'exit', 'override', 'schedule']),
  input: z.enum(['touch', 'mouse', 'keyboard']).optional(),
});
export type KioskSession = z.infer<typeof KioskSession>;

/** One play of one slide: the proof-of-play record. */
export const PlayRecord = z.object({ slideId: Id, startedAt: IsoInstant, durationMs: z.number().int().min(0).max(86_400_000) });
export type PlayRecord = z.infer<typeof PlayRecord>;

/** Remote commands from the editor: reload, identify (name and area large for 10 s), screenshot, clear cache. */
export const ScreenCommand = z.enum(['reload', 'identify', 'screenshot', 'clearCache']);
export type ScreenCommand = z.infer<typeof ScreenCommand>;
export const SCREEN_COMMAND_LABELS: Record<ScreenCommand, string> = {
  reload: '重新加载',
  identify: '识别屏幕',
  screenshot: '截图',
  clearCache: '清除缓存',
};

/** A speaker screen's announcer, as the live console shows it. */
export const AnnouncerStatus = z.object({
  callId: z.string().max(128).optional(),
  ticket: z.string().max(32).optional(),
  counter: z.string().max(32).optional(),
  waiting: z.number().int().min(0),
});
export type AnnouncerStatus = z.infer<typeof AnnouncerStatus>;

export const PlayerMessage = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('hello'),
    protocolVersion: z.number().int(),
    screenId: Id,
    key: z.string().min(1).max(256),
    playerVersion: z.string().max(40),
    resolution: Resolution.optional(),
    /** Manifest version the player already holds, so the server can skip the re-send. */
    manifestVersion: z.string().max(128).optional(),
  }),
  z.object({ type: z.literal('ping'), t: z.number() }),
  /** The player put a call or override on screen (used to measure latency end to end). */
  z.object({
    type: z.literal('ack'),
    kind: z.enum(['call', 'override']),
    id: Id,
    shownAt: z.number(),
    /** When the announcement's audio started (calls on speaker screens). */
    audioStartedAt: z.number().optional(),
  }),
  z.object({
    type: z.literal('health'),
    slideId: z.string().max(64).optional(),
    /** Title of what the main zone shows. */
    nowPlaying: z.string().max(200).optional(),
    fps: z.number().min(0).max(1000),
    heapBytes: z.number().min(0).optional(),
    cacheBytes: z.number().min(0).optional(),
    uptimeS: z.number().min(0),
    resolution: Resolution,
    renderer: z.string().max(40).optional(),
    playerVersion: z.string().max(40).optional(),
    /** Server time minus device time (ms), as the player measured it. */
    clockOffsetMs: z.number().optional(),
    /** Speaker screens: the call being said now (none while silent) and how many calls wait to be said. */
    announcer: AnnouncerStatus.optional(),
  }),
  z.object({ type: z.literal('played'), slideId: Id, startedAt: IsoInstant, durationMs: z.number().int().min(0) }),
  /** Proof of play recorded while offline, uploaded after reconnect (oldest first). */
  z.object({ type: z.literal('playedBatch'), items: z.array(PlayRecord).min(1).max(PLAYED_BATCH_MAX) }),
  /** The outcome of a remote command. */
  z.object({
    type: z.literal('commandDone'),
    command: ScreenCommand,
    requestId: z.string().max(64).optional(),
    ok: z.boolean(),
    message: z.string().max(500).optional(),
  }),
  /** One visitor session on a kiosk, sent when it ends (idle, back to the loop, or an emergency). */
  z.object({ type: z.literal('kioskSession'), session: KioskSession }),
  /** Something the player did on its own: skipped a slide, recovered the GPU context, will soft-reload. */
  z.object({
    type: z.literal('report'),
    level: z.enum(['info', 'warn', 'error']),
    code: z.string().max(40),
    message: z.string().max(500),
    slideId: z.string().max(64).optional(),
  }),
]);
export type PlayerMessage = z.infer<typeof PlayerMessage>;

export const ServerMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('welcome'), protocolVersion: z.number().int(), screenId: Id, serverTime: z.number() }),
  z.object({ type: z.literal('manifest'), manifest: Manifest }),
  /** A queue call; `board` (optional, added compatibly) is what it changed on the hall's board. */
  z.object({ type: z.literal('call'), call: QueueCall, board: BoardDelta.optional() }),
  /** The hall's whole queue board: sent on hello, on changes that are not calls, and to screens a call's frame did not reach. */
  z.object({ type: z.literal('queueState'), state: QueueState }),
  z.object({ type: z.literal('pong'), t: z.number(), serverTime: z.number() }),
  z.object({ type: z.literal('heartbeat'), serverTime: z.number() }),
  z.object({ type: z.literal('command'), command: ScreenCommand, requestId: z.string().max(64).optional() }),
  z.object({ type: z.literal('error'), code: z.string(), message: z.string() }),
]);
export type ServerMessage = z.infer<typeof ServerMessage>;

/** Live status of a screen, as the editor sees it. */
export const ScreenStatus = z.object({
  screenId: Id,
  online: z.boolean(),
  lastSeen: IsoInstant.optional(),
  slideId: z.string().optional(),
  nowPlaying: z.string().optional(),
  fps: z.number().optional(),
  playerVersion: z.string().optional(),
  heapBytes: z.number().optional(),
  cacheBytes: z.number().optional(),
  uptimeS: z.number().optional(),
  resolution: Resolution.optional(),
  clockOffsetMs: z.number().optional(),
  /** Speaker screens: what the announcer says now and how many calls wait (from health). */
  announcer: AnnouncerStatus.optional(),
  /** Latest screenshot thumbnail and when it was taken. */
  screenshotUrl: z.string().optional(),
  screenshotAt: IsoInstant.optional(),
  /** The player's latest report (skipped slide, recovery, soft reload). */
  lastReport: z.object({ level: z.string(), code: z.string(), message: z.string(), at: IsoInstant }).optional(),
  /** When the player last said it could not cache an asset for offline play (a later report does not hide it). */
  cacheFailedAt: IsoInstant.optional(),
});
export type ScreenStatus = z.infer<typeof ScreenStatus>;

/** Messages the server pushes to editors on `/ws/editor` (editors send nothing but pings). */
export const EditorMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('screens'), statuses: z.array(ScreenStatus) }),
  z.object({ type: z.literal('screenStatus'), status: ScreenStatus }),
  z.object({ type: z.literal('changed'), collection: z.string() }),
  z.object({ type: z.literal('callAck'), callId: Id, screenId: Id, latencyMs: z.number() }),
  /** A screen's answer to a remote command, relayed to editors; the sender matches it by `requestId`. */
  z.object({
    type: z.literal('commandDone'),
    screenId: Id,
    command: ScreenCommand,
    requestId: z.string().max(64).optional(),
    ok: z.boolean(),
    message: z.string().max(500).optional(),
  }),
  z.object({ type: z.literal('heartbeat'), serverTime: z.number() }),
]);
export type EditorMessage = z.infer<typeof EditorMessage>;
