/**
 * `/ws/player`: screens connect, say hello with their device key, get their manifest and their hall's
 * queue state, and from then on receive a fresh manifest whenever what they show changes, queue calls
 * the moment they arrive and the queue state whenever it changes. Acks are recorded for latency.
 * Fan-out encodes each message once to a Buffer and writes that to every socket.
 *
 * Boards: a call's frame carries what it changed on the board (`board`, with the hall state's `rev`),
 * so the screens it reaches need nothing else. The whole board goes out on hello, after changes that
 * are not calls, and to the hall's screens that are behind (not a target of the call, a skipped send):
 * each connection remembers the board revision it holds.
 *
 * Calls are never skipped (`sendCall`): other frames wait out a backed-up socket, a call goes out behind
 * the backlog, and a socket that does not let it through within CALL_BEHIND_MS is cut, so the screen
 * reconnects and gets it on hello while it is current.
 *
 * A socket speaks for one screen, fixed at hello (provisioning key or a paired device's key); every
 * frame it sends after that is written for that screen only. Health, reports, proof of play and
 * command answers feed the live status (`screen-statuses.ts`) and the editors.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import {
  CloseCode,
  HEARTBEAT_MS,
  OFFLINE_AFTER_MS,
  PLAYER_MAX_PAYLOAD,
  PROTOCOL_VERSION,
  PlayerMessage,
  type PlayRecord,
  type ScreenCommand,
  type ScreenStatus,
  type ServerMessage,
} from '../../content/protocol';
import type { QueueCall, Screen } from '../../content/model';
import type { Manifest } from '../../content/protocol';
import type { QueueState } from '../../content/queue';
import { credentialFor, type ScreenCredential } from '../auth/device-keys';
import type { Bus } from '../bus';
import type { Logger } from '../log';
import type { AppendLog } from '../logs/append-log';
import type { AckTracker } from '../queue/acks';
import { newId } from '../ids';
import { buildManifest, manifestFor } from '../manifest';
import type { StoreReader } from '../store/store';
import { describeZodError } from '../validate';
import { readAckFrame } from './ack-frame';
import { ACK_LIMITS, FRAME_LIMITS, createFrameBudget, type FrameBudget } from './frame-budget';
import { createPlayPlausibility } from './play-plausibility';
import { createRejections } from './rejections';
import { createScreenStatuses } from './screen-statuses';
import { createScreenshotCadence } from './screenshot-cadence';

/** Sends are skipped while a socket has this much unsent; a socket stuck past two heartbeats is dropped. */
const MAX_BUFFERED = 4 * 1024 * 1024;
/**
 * Calls are never skipped: a call frame (≈ 0.5 KB) goes out behind a backlog up to this much unsent.
 * Past it the socket is cut at once; the screen gets the call when it reconnects (`missedCalls`).
 */
const CALL_MAX_BUFFERED = MAX_BUFFERED + 4 * 1024 * 1024;
/**
 * A call written behind a backlog must be handed to the network within this long, or the socket is cut
 * so the screen reconnects and gets the call on hello, while it is still current (CALL_TTL_MS).
 */
export const CALL_BEHIND_MS = 3000;
/** A socket's frames mark its screen alive at most this often (offline takes OFFLINE_AFTER_MS of silence). */
const LIVENESS_MARK_MS = 1000;
/** A player must say hello this soon after connecting. */
const HELLO_TIMEOUT_MS = 10_000;
/**
 * Calls younger than this are replayed to a screen that (re)connects; older ones only while current
 * and not yet acknowledged by that screen (its old socket may have died silently, and a player notices
 * that only after ~45 s of silence: those calls would otherwise never reach it).
 */
const CALL_REPLAY_MS = 15_000;
/** …and at most this many, whatever the rate. */
const MAX_REPLAY_CALLS = 500;
/**
 * Queue-state pushes wait this long and carry the latest state: a burst of events is one push per
 * hall, and the push stays out of the way of the call frames and their acks (the call frame itself
 * already tells a board what to highlight).
 */
export const QUEUE_STATE_PUSH_MS = 100;
/** Sockets handled per event-loop turn by passes that are not urgent (state pushes, heartbeat). */
const SEND_SLICE = 200;
/**
 * ws closes a socket (1009) past this; frames between PLAYER_MAX_PAYLOAD and this get an `error`
 * reply instead, so a player with an oversized batch learns why and keeps its connection.
 */
const HARD_MAX_PAYLOAD = 4 * PLAYER_MAX_PAYLOAD;
/** Slide ids remembered per socket from the manifests it was sent (a backlog may name a slide since removed). */
const MAX_KNOWN_SLIDES = 5000;

interface Conn {
  ws: WebSocket;
  screenId?: string;
  hallId?: string;
  credential?: ScreenCredential;
  manifestVersion?: string;
  alive: boolean;
  stuckTicks: number;
  /** A manifest send was skipped (socket backed up): retried on the next heartbeat. */
  manifestPending?: boolean;
  /** The hall board revision this screen holds (whole state or deltas in order). */
  boardRev?: number;
  /** When a frame of this socket last marked its screen alive. */
  markedAt: number;
  /** Frame budgets: acks apart, so a call burst never costs another frame and no legit ack is lost. */
  frames: FrameBudget;
  acks: FrameBudget;
  /** Closed for flooding: later frames already in flight are ignored. */
  flooded?: boolean;
  /** Slides of the manifests this socket was sent: proof of play counts only for these. */
  slideIds: Set<string>;
  /** Calls written behind a backlog and not yet handed to the network (oldest first). */
  callsBehind?: PendingCall[];
  /** Cuts the socket when its calls behind a backlog are still there after CALL_BEHIND_MS. */
  behindTimer?: NodeJS.Timeout;
}

/** A call frame a screen must still get, with the instant after which it no longer matters. */
interface PendingCall {
  id: string;
  data: Buffer;
  expiresAt: number;
}

export interface PlayerHubDeps {
  store: StoreReader;
  bus: Bus;
  secret: Buffer;
  clock: () => number;
  logger: Logger;
  playLog: AppendLog;
  /** Kiosk visitor sessions (routes/kiosk-analytics.ts reads them). */
  kioskLog?: AppendLog;
  /** Told when a screen comes, goes or reports health. */
  onStatus: (status: ScreenStatus) => void;
  /** Told when a screen acknowledges a call (for the latency view). */
  onCallAck: (callId: string, screenId: string, latencyMs: number) => void;
  /** Records acks of calls and overrides. */
  acks: AckTracker;
  /** A hall's current queue state (sent after the manifest on hello). */
  queueState: (hallId: string) => QueueState;
  /** A screen answered a remote command. */
  onCommandDone?: (done: { screenId: string; command: ScreenCommand; requestId?: string; ok: boolean; message?: string }) => void;
  /** Silence after which a screen shows offline (default OFFLINE_AFTER_MS; tests shorten it). */
  offlineAfterMs?: number;
  /** How often screens with `screenshotEveryMin` are checked for a due screenshot (default 60 s). */
  screenshotTickMs?: number;
}

export function createPlayerHub(deps: PlayerHubDeps) {
  const { store, bus, secret, clock, logger, playLog } = deps;
  const log = logger.child({ module: 'ws:player' });
  const wss = new WebSocketServer({ noServer: true, maxPayload: HARD_MAX_PAYLOAD, perMessageDeflate: false });
  const byScreen = new Map<string, Set<Conn>>();
  const byHall = new Map<string, Set<Conn>>();
  const conns = new Map<WebSocket, Conn>();
  const statuses = createScreenStatuses({ clock, offlineAfterMs: deps.offlineAfterMs ?? OFFLINE_AFTER_MS, onChange: deps.onStatus });
  const rejections = createRejections();
  const plausibility = createPlayPlausibility();
  const markEvery = Math.min(LIVENESS_MARK_MS, (deps.offlineAfterMs ?? OFFLINE_AFTER_MS) / 4);
  /** Recent call frames for replay on hello; the target set is built only when a hello asks. */
  const recentCalls: { call: QueueCall; pending: PendingCall; screenIds: readonly string[]; set?: Set<string>; at: number }[] = [];
  /** Sends an already encoded text frame; skipped (false) while the socket is backed up. */
  const send = (conn: Conn, data: Buffer): boolean => {
    if (conn.ws.readyState !== conn.ws.OPEN) return false;
    if (conn.ws.bufferedAmount > MAX_BUFFERED) return false;
    // NOTE: a Buffer is sent as is (no per-socket re-encoding of a string); binary: false keeps it a text frame.
    conn.ws.send(data, { binary: false });
    return true;
  };
  /**
   * Calls a screen did not get because its socket was cut while they waited behind a backlog, per
   * screen: sent on its next hello while current, even past CALL_REPLAY_MS.
   */
  const missedCalls = new Map<string, PendingCall[]>();
  const noteMissed = (screenId: string, calls: readonly PendingCall[]): void => {
    if (calls.length === 0) return;
    const now = clock();
    const list = (missedCalls.get(screenId) ?? []).filter((c) => c.expiresAt > now);
    for (const c of calls) if (c.expiresAt > now && !list.some((x) => x.id === c.id)) list.push(c);
    missedCalls.set(screenId, list.slice(-MAX_REPLAY_CALLS));
  };
  /** Cuts a socket whose calls cannot get through; the screen reconnects and gets them on hello. */
  const cutForCalls = (conn: Conn, undelivered: readonly PendingCall[]): void => {
    if (conn.screenId) noteMissed(conn.screenId, undelivered);
    conn.callsBehind = undefined;
    clearTimeout(conn.behindTimer);
    conn.behindTimer = undefined;
    log.warn({ screenId: conn.screenId, buffered: conn.ws.bufferedAmount, calls: undelivered.length }, 'socket cut: a call could not get through its backlog');
    conn.ws.terminate();
  };
  /**
   * Sends a call frame: never skipped like other frames. Behind a backlog it is written anyway and
   * watched; a socket too far behind, or that does not let the call out within CALL_BEHIND_MS, is cut.
   */
  const sendCall = (conn: Conn, pending: PendingCall): boolean => {
    const ws = conn.ws;
    if (ws.readyState !== ws.OPEN) return false;
    const backlog = ws.bufferedAmount;
    if (backlog <= MAX_BUFFERED && !conn.callsBehind) {
      ws.send(pending.data, { binary: false });
      return true;
    }
    if (backlog > CALL_MAX_BUFFERED) {
      cutForCalls(conn, [...(conn.callsBehind ?? []), pending]);
      return false;
    }
    const behind = (conn.callsBehind ??= []);
    behind.push(pending);
    // The callback runs once the frame is handed to the network (err: the socket went first).
    ws.send(pending.data, { binary: false }, (err) => {
      if (err || conn.callsBehind !== behind) return;
      const i = behind.indexOf(pending);
      if (i >= 0) behind.splice(i, 1);
      if (behind.length === 0) {
        conn.callsBehind = undefined;
        clearTimeout(conn.behindTimer);
        conn.behindTimer = undefined;
      }
    });
    conn.behindTimer ??= setTimeout(() => {
      conn.behindTimer = undefined;
      if (conn.callsBehind?.length) cutForCalls(conn, conn.callsBehind);
    }, CALL_BEHIND_MS);
    return true;
  };
  const encode = (msg: ServerMessage): Buffer => Buffer.from(JSON.stringify(msg));
  const sendMsg = (conn: Conn, msg: ServerMessage): boolean => send(conn, encode(msg));
  /** Refuses a frame: counted, answered, and the socket stays open. */
  const reject = (conn: Conn, code: string, message: string): void => {
    rejections.count(code, conn.screenId);
    sendMsg(conn, { type: 'error', code, message });
  };
  /** Spends a frame's token: false (frame dropped with an error, or the socket closed) when over budget. */
  const spend = (conn: Conn, budget: FrameBudget): boolean => {
    if (conn.flooded) return false;
    const verdict = budget.take(clock());
    if (verdict === 'ok') return true;
    if (verdict === 'drop') reject(conn, 'rate_limited', '消息过于频繁，本条已丢弃');
    else {
      conn.flooded = true;
      rejections.count('rate_limited', conn.screenId);
      log.warn({ screenId: conn.screenId }, 'socket closed for flooding');
      conn.ws.close(CloseCode.TOO_MANY_FRAMES, 'too many frames');
    }
    return false;
  };
  /** Writes the play records the screen could really have made; the rest are counted as refused. */
  const recordPlays = (conn: Conn, screenId: string, records: PlayRecord[], late: boolean): void => {
    const { kept, refused } = plausibility.check(screenId, records, conn.slideIds);
    for (const [code, n] of Object.entries(refused)) rejections.count(code, screenId, n);
    for (const r of kept) playLog.write({ screenId, hallId: conn.hallId, slideId: r.slideId, startedAt: r.startedAt, durationMs: r.durationMs, ...(late && { late: true }) });
  };
  /** Whether the credential a socket said hello with still holds (key rotated, device revoked). */
  const stillValid = (conn: Conn, screen: Screen): boolean => {
    const c = conn.credential;
    if (!c) return false;
    return c.kind === 'provisioning' ? c.generation === screen.keyGeneration : (screen.devices ?? []).some((d) => d.id === c.deviceId);
  };

  /** Halls whose queue state changed since the last flush, with their latest state. */
  const dirtyHalls = new Map<string, QueueState>();
  /** The last encoded state per hall: a wave of reconnects (after a restart) encodes each hall's board once. */
  const encodedStates = new Map<string, { state: QueueState; data: Buffer }>();
  const queueStateFrame = (state: QueueState): Buffer => {
    const hit = encodedStates.get(state.hallId);
    if (hit?.state === state) return hit.data;
    const data = encode({ type: 'queueState', state });
    encodedStates.set(state.hallId, { state, data });
    return data;
  };
  let flushTimer: NodeJS.Timeout | undefined;
  /** State frames still to send, per connection: a newer state replaces an unsent older one in place. */
  const pendingStates = new Map<Conn, Buffer>();
  let draining = false;
  // In slices, so a call arriving meanwhile goes out first; a connection that closed is skipped by send().
  const drainStates = (): void => {
    let n = 0;
    for (const [conn, data] of pendingStates) {
      pendingStates.delete(conn);
      // Not sent (backed up): the heartbeat sees the stale revision and tries again.
      if (!send(conn, data)) conn.boardRev = undefined;
      if (++n >= SEND_SLICE) break;
    }
    if (pendingStates.size > 0) setImmediate(drainStates);
    else draining = false;
  };
  const revOf = (state: QueueState): number => state.rev ?? 0;
  /** Queues the whole board for a connection, unless it already holds this revision. */
  const queueBoard = (conn: Conn, state: QueueState): void => {
    if (conn.boardRev === revOf(state) && state.rev !== undefined) return;
    pendingStates.set(conn, queueStateFrame(state));
    conn.boardRev = revOf(state);
  };
  /** Sends the whole board now (hello, hall change). */
  const sendBoard = (conn: Conn, state: QueueState): void => {
    conn.boardRev = send(conn, queueStateFrame(state)) ? revOf(state) : undefined;
  };
  const flushQueueStates = (): void => {
    flushTimer = undefined;
    for (const [hallId, state] of dirtyHalls) for (const conn of byHall.get(hallId) ?? []) queueBoard(conn, state);
    dirtyHalls.clear();
    if (!draining && pendingStates.size > 0) {
      draining = true;
      drainStates();
    }
  };

  const joinHall = (conn: Conn, hallId: string): void => {
    if (conn.hallId === hallId) return;
    leaveHall(conn);
    conn.hallId = hallId;
    let set = byHall.get(hallId);
    if (!set) byHall.set(hallId, (set = new Set()));
    set.add(conn);
  };
  const leaveHall = (conn: Conn): void => {
    if (conn.hallId === undefined) return;
    const set = byHall.get(conn.hallId);
    set?.delete(conn);
    if (set?.size === 0) byHall.delete(conn.hallId);
    conn.hallId = undefined;
  };

  /** Sends the screen's manifest if it changed; `stored` saves a lookup when the caller has the screen. */
  const pushManifest = (conn: Conn, stored?: Screen): void => {
    if (!conn.screenId) return;
    let manifest: Manifest | undefined;
    if (stored) {
      const { keyGeneration: _k, devices: _d, ...screen } = stored;
      manifest = manifestFor(store, screen, clock());
    } else manifest = buildManifest(store, conn.screenId, clock());
    if (!manifest) return void conn.ws.close(CloseCode.SCREEN_GONE, 'screen deleted');
    if (conn.slideIds.size > MAX_KNOWN_SLIDES) conn.slideIds.clear();
    for (const s of manifest.slides) conn.slideIds.add(s.id);
    if (manifest.version === conn.manifestVersion) return;
    // Version is recorded only when the frame went out, so a skipped send is retried on the next tick.
    const sent = sendMsg(conn, { type: 'manifest', manifest });
    conn.manifestPending = !sent;
    if (sent) conn.manifestVersion = manifest.version;
  };

  const onHello = (conn: Conn, msg: Extract<PlayerMessage, { type: 'hello' }>): void => {
    if (msg.protocolVersion !== PROTOCOL_VERSION) return void conn.ws.close(CloseCode.CLIENT_TOO_OLD, 'protocol version');
    const screen = store.get('screens', msg.screenId);
    const credential = screen && credentialFor(secret, screen, msg.key);
    if (!screen || !credential) {
      log.warn({ screenId: msg.screenId }, 'refused device key');
      return void conn.ws.close(CloseCode.BAD_KEY, 'bad device key');
    }
    conn.screenId = screen.id;
    conn.credential = credential;
    conn.manifestVersion = msg.manifestVersion;
    let set = byScreen.get(screen.id);
    if (!set) byScreen.set(screen.id, (set = new Set()));
    set.add(conn);
    joinHall(conn, screen.hallId);
    sendMsg(conn, { type: 'welcome', protocolVersion: PROTOCOL_VERSION, screenId: screen.id, serverTime: clock() });
    pushManifest(conn);
    sendBoard(conn, deps.queueState(screen.hallId));
    const now = clock();
    // Replayed frames carry older board deltas: the player keeps the board it just got (higher rev).
    // First what a cut socket of this screen never got (still current), then the last seconds' calls.
    const replayed = new Set<string>();
    const missed = missedCalls.get(screen.id);
    missedCalls.delete(screen.id);
    for (const m of missed ?? []) if (m.expiresAt > now && sendCall(conn, m)) replayed.add(m.id);
    const shown = (callId: string): boolean => deps.acks.get('call', callId)?.acks.has(screen.id) === true;
    for (const r of recentCalls) {
      if (replayed.has(r.call.id) || !(r.set ??= new Set(r.screenIds)).has(screen.id)) continue;
      if (now - r.at < CALL_REPLAY_MS || (r.pending.expiresAt > now && !shown(r.call.id))) sendCall(conn, r.pending);
    }
    statuses.frame(screen.id, { playerVersion: msg.playerVersion, ...(msg.resolution && { resolution: msg.resolution }) });
    log.info({ screenId: screen.id, via: credential.kind, deviceId: credential.kind === 'device' ? credential.deviceId : undefined }, 'screen connected');
  };

  const onAck = (conn: Conn, msg: Extract<PlayerMessage, { type: 'ack' }>): void => {
    if (!conn.screenId) return reject(conn, 'hello_first', '请先发送 hello 消息');
    const rec = deps.acks.ack(msg.kind, msg.id, conn.screenId, clock(), msg.audioStartedAt);
    if (rec && msg.kind === 'call') deps.onCallAck(msg.id, conn.screenId, rec.latencyMs);
  };

  const onMessage = (conn: Conn, raw: string): void => {
    // The most frequent frame, read without JSON.parse and zod when it has the players' exact form.
    const ack = readAckFrame(raw);
    if (!spend(conn, ack ? conn.acks : conn.frames)) return;
    if (ack) return onAck(conn, ack);
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      return reject(conn, 'bad_json', '消息不是合法的 JSON');
    }
    const parsed = PlayerMessage.safeParse(json);
    if (!parsed.success) {
      const type = (json as { type?: unknown } | null)?.type;
      const what = typeof type === 'string' && type.length <= 40 ? `${type} 消息格式有误：` : '消息格式有误：';
      return reject(conn, 'bad_message', what + describeZodError(parsed.error));
    }
    const msg = parsed.data;
    if (msg.type === 'hello') return conn.screenId ? undefined : onHello(conn, msg);
    if (!conn.screenId) return reject(conn, 'hello_first', '请先发送 hello 消息');
    const screenId = conn.screenId;
    const now = clock();
    switch (msg.type) {
      case 'ping':
        sendMsg(conn, { type: 'pong', t: msg.t, serverTime: now });
        break;
      case 'ack':
        onAck(conn, msg);
        break;
      case 'health': {
        const { type: _t, renderer: _r, ...fields } = msg;
        statuses.frame(screenId, fields);
        break;
      }
      case 'played':
        recordPlays(conn, screenId, [{ slideId: msg.slideId, startedAt: msg.startedAt, durationMs: msg.durationMs }], false);
        break;
      case 'kioskSession':
        // Already checked by the PlayerMessage schema; logged as is, like proof of play.
        deps.kioskLog?.write({ screenId, hallId: conn.hallId, ...msg.session });
        break;
      case 'playedBatch': {
        // A batch re-sent after a lost connection may repeat records: one line per (slide, start).
        const seen = new Set<string>();
        const items = msg.items.filter((r) => {
          const key = `${r.slideId}\n${r.startedAt}`;
          return !seen.has(key) && !!seen.add(key);
        });
        recordPlays(conn, screenId, items, true);
        break;
      }
      case 'commandDone':
        log.info({ screenId, command: msg.command, requestId: msg.requestId, ok: msg.ok, message: msg.message }, 'command done');
        deps.onCommandDone?.({ screenId, command: msg.command, requestId: msg.requestId, ok: msg.ok, message: msg.message });
        break;
      case 'report': {
        const line = { screenId, code: msg.code, slideId: msg.slideId, report: msg.message };
        if (msg.level === 'error') log.error(line, 'player report');
        else if (msg.level === 'warn') log.warn(line, 'player report');
        else log.info(line, 'player report');
        const at = new Date(now).toISOString();
        statuses.patch(screenId, { lastReport: { level: msg.level, code: msg.code, message: msg.message, at }, ...(msg.code === 'asset_failed' && { cacheFailedAt: at }) });
        break;
      }
      default: {
        const never: never = msg;
        return never;
      }
    }
  };

  wss.on('connection', (ws: WebSocket, req: IncomingMessage) => {
    const now = clock();
    const conn: Conn = { ws, alive: true, stuckTicks: 0, markedAt: Number.NEGATIVE_INFINITY, frames: createFrameBudget(FRAME_LIMITS, now), acks: createFrameBudget(ACK_LIMITS, now), slideIds: new Set() };
    conns.set(ws, conn);
    const helloTimer = setTimeout(() => !conn.screenId && ws.close(CloseCode.NO_HELLO, 'no hello'), HELLO_TIMEOUT_MS);
    // A key in the URL is checked at once, so a wrong one is refused before any hello.
    // app.ts already refused targets the URL parser cannot read; guard anyway, this runs in an event.
    const url = URL.canParse(req.url ?? '/', 'http://x') ? new URL(req.url ?? '/', 'http://x') : new URL('http://x/');
    const qScreen = url.searchParams.get('screen');
    const qKey = url.searchParams.get('key');
    if (qScreen && qKey) {
      const screen = store.get('screens', qScreen);
      if (!screen || !credentialFor(secret, screen, qKey)) ws.close(CloseCode.BAD_KEY, 'bad device key');
    }
    ws.on('pong', () => (conn.alive = true));
    ws.on('message', (data, isBinary) => {
      conn.alive = true;
      // Any frame, even a refused one, shows the page is alive. Marked at most once a second per
      // socket: a call to 1,000 screens brings 1,000 acks within milliseconds.
      if (conn.screenId) {
        const now = clock();
        if (now - conn.markedAt >= markEvery) {
          conn.markedAt = now;
          statuses.frame(conn.screenId);
        }
      }
      const bytes = Array.isArray(data) ? data.reduce((n, b) => n + b.length, 0) : data.byteLength;
      // Frames refused before they are read still cost a token, so a flood of them is closed too.
      if ((bytes > PLAYER_MAX_PAYLOAD || isBinary) && !spend(conn, conn.frames)) return;
      if (bytes > PLAYER_MAX_PAYLOAD) {
        return reject(conn, 'too_large', `消息过大（${bytes} 字节，上限 ${PLAYER_MAX_PAYLOAD} 字节）；播放记录请分批发送`);
      }
      if (isBinary) return reject(conn, 'binary', '只接受文本 JSON 消息');
      onMessage(conn, data.toString());
    });
    ws.on('error', (err) => {
      // ws has already closed the socket (1009) for a frame past the hard limit; count it like the others.
      if ((err as { code?: string }).code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') rejections.count('too_large', conn.screenId);
      log.debug({ err: err.message }, 'socket error');
    });
    ws.on('close', () => {
      clearTimeout(helloTimer);
      clearTimeout(conn.behindTimer);
      // Closed with calls still behind its backlog (by the client, the heartbeat or the network): they come on the next hello.
      if (conn.screenId && conn.callsBehind?.length) noteMissed(conn.screenId, conn.callsBehind);
      conns.delete(ws);
      pendingStates.delete(conn);
      leaveHall(conn);
      if (!conn.screenId) return;
      const set = byScreen.get(conn.screenId);
      set?.delete(conn);
      if (set && set.size === 0) {
        byScreen.delete(conn.screenId);
        // A deleted screen's status goes too, so the map holds only screens that exist.
        if (store.get('screens', conn.screenId)) statuses.gone(conn.screenId);
        else {
          statuses.forget(conn.screenId);
          plausibility.forget(conn.screenId);
        }
      }
    });
  });

  let debounce: NodeJS.Timeout | undefined;
  const unsubscribe = bus.subscribe((event) => {
    if (event.type === 'call') {
      const { board } = event;
      const data = encode({ type: 'call', call: event.call, ...(board && { board }) });
      const pending: PendingCall = { id: event.call.id, data, expiresAt: Date.parse(event.call.expiresAt) };
      for (const id of event.screenIds)
        for (const conn of byScreen.get(id) ?? []) {
          // A screen that held the previous revision holds this one now; one that was behind stays behind.
          if (sendCall(conn, pending) && board && conn.boardRev === board.rev - 1) conn.boardRev = board.rev;
        }
      if (event.state) {
        // The hall's screens the delta did not bring up to date get the whole board, a moment later.
        dirtyHalls.set(event.state.hallId, event.state);
        flushTimer ??= setTimeout(flushQueueStates, QUEUE_STATE_PUSH_MS);
      }
      const now = clock();
      recentCalls.push({ call: event.call, pending, screenIds: event.screenIds, at: now });
      while (recentCalls.length > 0 && ((now - recentCalls[0]!.at > CALL_REPLAY_MS && recentCalls[0]!.pending.expiresAt <= now) || recentCalls.length > MAX_REPLAY_CALLS)) recentCalls.shift();
      return;
    }
    if (event.type === 'queueState') {
      dirtyHalls.set(event.state.hallId, event.state);
      flushTimer ??= setTimeout(flushQueueStates, QUEUE_STATE_PUSH_MS);
      return;
    }
    // Alerts are never part of a manifest: opening one must not cost every screen a manifest pass.
    if (event.collection === 'alerts') return;
    // Coalesce bursts of edits into one manifest pass.
    if (!debounce)
      debounce = setTimeout(() => {
        debounce = undefined;
        // One map per pass (not a lookup per screen) and slices, so an edit in a district of thousands
        // of screens never holds the loop while a call is waiting to go out.
        const screens = new Map(store.list('screens').map((s) => [s.id, s]));
        const entries = [...byScreen];
        let at = 0;
        const slice = (): void => {
          for (const end = Math.min(entries.length, at + SEND_SLICE); at < end; at++) {
            const [id, set] = entries[at]!;
            const screen = screens.get(id);
            for (const conn of set) {
              if (!screen) conn.ws.close(CloseCode.SCREEN_GONE, 'screen deleted');
              else if (!stillValid(conn, screen)) conn.ws.close(CloseCode.BAD_KEY, 'key revoked');
              else {
                pushManifest(conn, screen);
                // A screen moved to another hall gets that hall's board.
                if (screen.hallId !== conn.hallId) {
                  joinHall(conn, screen.hallId);
                  sendBoard(conn, deps.queueState(screen.hallId));
                }
              }
            }
          }
          if (at < entries.length) setImmediate(slice);
        };
        slice();
      }, 20);
  });

  const heartbeat = setInterval(() => {
    const data = encode({ type: 'heartbeat', serverTime: clock() });
    // Calls kept for screens that have not come back: gone once they are no longer current.
    for (const [id, list] of missedCalls) if (!list.some((c) => c.expiresAt > clock())) missedCalls.delete(id);
    const all = [...conns.values()];
    let at = 0;
    // In slices: a manifest check and two writes for each of thousands of sockets would otherwise block
    // the loop for tens of ms, and a call arriving meanwhile would wait.
    const slice = (): void => {
      for (const end = Math.min(all.length, at + SEND_SLICE); at < end; at++) {
        const conn = all[at]!;
        const ws = conn.ws;
        if (!conns.has(ws)) continue;
        conn.stuckTicks = ws.bufferedAmount > MAX_BUFFERED ? conn.stuckTicks + 1 : 0;
        if (!conn.alive || conn.stuckTicks > 2) {
          ws.terminate();
          continue;
        }
        conn.alive = false;
        if (conn.manifestPending) pushManifest(conn);
        // A board send that was skipped (backed up) is made good here.
        if (conn.hallId !== undefined && conn.screenId && !pendingStates.has(conn)) {
          const state = deps.queueState(conn.hallId);
          if (conn.boardRev !== revOf(state)) sendBoard(conn, state);
        }
        ws.ping();
        if (ws.bufferedAmount <= MAX_BUFFERED) ws.send(data, { binary: false });
      }
      if (at < all.length) setImmediate(slice);
    };
    slice();
  }, HEARTBEAT_MS);

  /** Sends a command to a screen's open sockets; `delivered` counts the sockets it went out on. */
  const command = (screenId: string, cmd: ScreenCommand): { requestId: string; delivered: number } => {
    const requestId = newId('cmd');
    const data = encode({ type: 'command', command: cmd, requestId });
    let delivered = 0;
    for (const conn of byScreen.get(screenId) ?? []) if (send(conn, data)) delivered++;
    return { requestId, delivered };
  };
  const cadence = createScreenshotCadence({
    store,
    clock,
    tickMs: deps.screenshotTickMs,
    connectedScreens: () => byScreen.keys(),
    lastScreenshotAt: (id) => statuses.get(id).screenshotAt,
    request: (id) => command(id, 'screenshot').delivered > 0,
  });

  return {
    handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
      wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
    },
    /** Live status of a screen (offline if never seen since start). */
    status: (screenId: string): ScreenStatus => statuses.get(screenId),
    allStatuses: (): ScreenStatus[] => statuses.all(),
    /** Sets status fields that do not come over the socket (a screenshot uploaded over HTTP). */
    patchStatus: (screenId: string, patch: Partial<ScreenStatus>): void => statuses.patch(screenId, patch),
    /** Frames refused on the player socket, overall, by reason and by screen. */
    rejections: () => rejections.snapshot(),
    connectedCount(): number {
      return wss.clients.size;
    },
    /** Whether the screen has at least one open socket now. */
    isConnected: (screenId: string): boolean => (byScreen.get(screenId)?.size ?? 0) > 0,
    command,
    /** Closes the sockets a revoked device opened, at once (the store change would also catch them). */
    dropDevice(screenId: string, deviceId: string): number {
      let n = 0;
      for (const conn of byScreen.get(screenId) ?? [])
        if (conn.credential?.kind === 'device' && conn.credential.deviceId === deviceId) {
          conn.ws.close(CloseCode.BAD_KEY, 'device revoked');
          n++;
        }
      return n;
    },
    async close(): Promise<void> {
      cadence.stop();
      statuses.close();
      clearInterval(heartbeat);
      clearTimeout(debounce);
      clearTimeout(flushTimer);
      unsubscribe();
      for (const ws of wss.clients) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
export type PlayerHub = ReturnType<typeof createPlayerHub>;
