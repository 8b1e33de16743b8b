/**
 * The wire protocol between server and screens (`/ws/player`) and editors (`/ws/editor`).
 * Two discriminated unions on a flat `type` field; types come from z.infer and nowhere else.
 */
import { z } from 'zod';
import { Hall, Id, IsoInstant, Override, Playlist, QueueCall, Resolution, Schedule, Screen, Slide } from './model';
import { QueueState } from './queue';

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
} as const;

/** The server sends an application heartbeat this often; browsers cannot see protocol pings. */
export const HEARTBEAT_MS = 15_000;
/** A player that hears nothing for this long reconnects. */
export const SILENCE_TIMEOUT_MS = 45_000;
/** Largest frame a player may send. */
export const PLAYER_MAX_PAYLOAD = 64 * 1024;

/** What a screen needs to play on its own: its schedules, the slides they use and active overrides. */
export const Manifest = z.object({
  /** Content hash: equal manifests have equal versions, so re-sends are cheap to ignore. */
  version: z.string(),
  generatedAt: IsoInstant,
  screen: Screen.omit({ keyGeneration: true }),
  hall: Hall,
  schedules: z.array(Schedule),
  playlists: z.array(Playlist),
  slides: z.array(Slide),
  overrides: z.array(Override),
});
export type Manifest = z.infer<typeof Manifest>;

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
    fps: z.number().min(0).max(1000),
    heapBytes: z.number().min(0).optional(),
    uptimeS: z.number().min(0),
    resolution: Resolution,
    renderer: z.string().max(40).optional(),
  }),
  z.object({ type: z.literal('played'), slideId: Id, startedAt: IsoInstant, durationMs: z.number().int().min(0) }),
]);
export type PlayerMessage = z.infer<typeof PlayerMessage>;

export const ServerMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('welcome'), protocolVersion: z.number().int(), screenId: Id, serverTime: z.number() }),
  z.object({ type: z.literal('manifest'), manifest: Manifest }),
  z.object({ type: z.literal('call'), call: QueueCall }),
  /** The hall's queue board state: sent on hello and whenever it changes (boards, strips, reconnects). */
  z.object({ type: z.literal('queueState'), state: QueueState }),
  z.object({ type: z.literal('pong'), t: z.number(), serverTime: z.number() }),
  z.object({ type: z.literal('heartbeat'), serverTime: z.number() }),
  z.object({ type: z.literal('command'), command: z.enum(['reload', 'identify']) }),
  z.object({ type: z.literal('error'), code: z.string(), message: z.string() }),
]);
export type ServerMessage = z.infer<typeof ServerMessage>;

/** Live status of a screen, as the editor sees it. */
export const ScreenStatus = z.object({
  screenId: Id,
  online: z.boolean(),
  lastSeen: IsoInstant.optional(),
  slideId: z.string().optional(),
  fps: z.number().optional(),
  playerVersion: z.string().optional(),
});
export type ScreenStatus = z.infer<typeof ScreenStatus>;

/** Messages the server pushes to editors on `/ws/editor` (editors send nothing but pings). */
export const EditorMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('screens'), statuses: z.array(ScreenStatus) }),
  z.object({ type: z.literal('screenStatus'), status: ScreenStatus }),
  z.object({ type: z.literal('changed'), collection: z.string() }),
  z.object({ type: z.literal('callAck'), callId: Id, screenId: Id, latencyMs: z.number() }),
  z.object({ type: z.literal('heartbeat'), serverTime: z.number() }),
]);
export type EditorMessage = z.infer<typeof EditorMessage>;
