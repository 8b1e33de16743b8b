/**
 * `/ws/player`: screens connect, say hello with their device key, get their manifest and their hall's
 * queue state, and from then on receive a fresh manifest whenever what they show changes, queue calls
 * the moment they arrive and the queue state whenever it changes. Acks are recorded for latency.
 * Fan-out encodes each message once to a Buffer and writes that to every socket. Which sockets are open,
 * per screen and per hall, is `screen-sockets.ts`; manifests (hello, heartbeat, the pass after edits)
 * are `manifest-push.ts`.
 *
 * Boards: a call's frame carries what it changed on the board (`board`, with the hall state's `rev`);
 * whole boards are pushed by `board-push.ts`. Calls are never skipped (`call-sender.ts`): other
 * frames wait out a backed-up socket, a call goes out behind the backlog, and a socket that does not
 * let it through within CALL_BEHIND_MS is cut, so the screen reconnects and gets it on hello.
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
  type ScreenCommand,
  type ScreenStatus,
  type ServerMessage,
} from '../../content/protocol';
import type { QueueState } from '../../content/queue';
import { credentialFor } from '../auth/device-keys';
import type { Bus } from '../bus';
import type { Logger } from '../log';
import type { AppendLog } from '../logs/append-log';
import type { AckTracker } from '../queue/acks';
import { newId } from '../ids';
import type { StoreReader } from '../store/store';
import { describeZodError } from '../validate';
import { readAckFrame } from './ack-frame';
import { createBoardPush } from './board-push';
import { createCallSender } from './call-sender';
import { ACK_LIMITS, FRAME_LIMITS, createFrameBudget, type FrameBudget } from './frame-budget';
import { createManifestPush } from './manifest-push';
import { createPlayPlausibility } from './play-plausibility';
import { MAX_BUFFERED, TEXT_FRAME, sendFrame, type Conn, type PendingCall } from './player-conn';
import { createRejections } from './rejections';
import { createScreenFrames } from './screen-frames';
import { createScreenSockets } from './screen-sockets';
import { createScreenStatuses } from './screen-statuses';
import { createScreenshotCadence } from './screenshot-cadence';

export { CALL_BEHIND_MS } from './call-sender';
export { QUEUE_STATE_PUSH_MS } from './board-push';

/** A socket's frames mark its screen alive at most this often (offline takes OFFLINE_AFTER_MS of silence). */
const LIVENESS_MARK_MS = 1000;
/** A player must say hello this soon after connecting. */
const HELLO_TIMEOUT_MS = 10_000;
/** Sockets handled per event-loop turn by passes that are not urgent (state pushes, heartbeat). */
const SEND_SLICE = 200;
/**
 * ws closes a socket (1009) past this; frames between PLAYER_MAX_PAYLOAD and this get an `error`
 * reply instead, so a player with an oversized batch learns why and keeps its connection.
 */
const HARD_MAX_PAYLOAD = 4 * PLAYER_MAX_PAYLOAD;

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
  const sockets = createScreenSockets();
  const statuses = createScreenStatuses({ clock, offlineAfterMs: deps.offlineAfterMs ?? OFFLINE_AFTER_MS, onChange: deps.onStatus });
  const rejections = createRejections();
  const plausibility = createPlayPlausibility();
  const markEvery = Math.min(LIVENESS_MARK_MS, (deps.offlineAfterMs ?? OFFLINE_AFTER_MS) / 4);
  const calls = createCallSender({ clock, log });
  const send = sendFrame;
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

  const boards = createBoardPush({ hallConns: sockets.ofHall, sliceSize: SEND_SLICE });

  const manifests = createManifestPush({
    store,
    clock,
    sendMsg,
    screenConns: sockets.screens,
    // A screen moved to another hall gets that hall's board.
    onHallMoved: (conn, screen) => {
      sockets.joinHall(conn, screen.hallId);
      boards.send(conn, deps.queueState(screen.hallId));
    },
    sliceSize: SEND_SLICE,
  });

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
    sockets.bind(conn, screen.id);
    sockets.joinHall(conn, screen.hallId);
    sendMsg(conn, { type: 'welcome', protocolVersion: PROTOCOL_VERSION, screenId: screen.id, serverTime: clock() });
    manifests.push(conn);
    boards.send(conn, deps.queueState(screen.hallId));
    // Replayed frames carry older board deltas: the player keeps the board it just got (higher rev).
    calls.replay(conn, screen.id, (callId) => deps.acks.get('call', callId)?.acks.has(screen.id) === true);
    statuses.frame(screen.id, { playerVersion: msg.playerVersion, ...(msg.resolution && { resolution: msg.resolution }) });
    log.info({ screenId: screen.id, via: credential.kind, deviceId: credential.kind === 'device' ? credential.deviceId : undefined }, 'screen connected');
  };

  const onAck = (conn: Conn, msg: Extract<PlayerMessage, { type: 'ack' }>): void => {
    if (!conn.screenId) return reject(conn, 'hello_first', '请先发送 hello 消息');
    const rec = deps.acks.ack(msg.kind, msg.id, conn.screenId, clock(), msg.audioStartedAt);
    if (rec && msg.kind === 'call') deps.onCallAck(msg.id, conn.screenId, rec.latencyMs);
  };

  const screenFrame = createScreenFrames({ clock, log, playLog, kioskLog: deps.kioskLog, statuses, rejections, plausibility, sendMsg, onAck, onCommandDone: deps.onCommandDone });

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
    screenFrame(conn, conn.screenId, msg);
  };

  wss.on('connection', (ws: WebSocket, req: IncomingMessage) => {
    const now = clock();
    const conn: Conn = { ws, alive: true, stuckTicks: 0, markedAt: Number.NEGATIVE_INFINITY, frames: createFrameBudget(FRAME_LIMITS, now), acks: createFrameBudget(ACK_LIMITS, now), slideIds: new Set() };
    sockets.opened(conn);
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
      calls.closed(conn);
      boards.closed(conn);
      if (sockets.closed(conn) && conn.screenId) {
        // A deleted screen's status goes too, so the map holds only screens that exist.
        if (store.get('screens', conn.screenId)) statuses.gone(conn.screenId);
        else {
          statuses.forget(conn.screenId);
          plausibility.forget(conn.screenId);
        }
      }
    });
  });

  const unsubscribe = bus.subscribe((event) => {
    if (event.type === 'call') {
      const { board } = event;
      const data = encode({ type: 'call', call: event.call, ...(board && { board }) });
      const pending: PendingCall = { id: event.call.id, data, expiresAt: Date.parse(event.call.expiresAt) };
      for (const id of event.screenIds)
        for (const conn of sockets.ofScreen(id)) {
          // A screen that held the previous revision holds this one now; one that was behind stays behind.
          if (calls.send(conn, pending) && board) boards.delivered(conn, board.rev);
        }
      if (event.state) {
        // The hall's screens the delta did not bring up to date get the whole board, a moment later.
        boards.changed(event.state);
      }
      calls.remember(event.call, pending, event.screenIds);
      return;
    }
    if (event.type === 'queueState') {
      boards.changed(event.state);
      return;
    }
    // Alerts are never part of a manifest: opening one must not cost every screen a manifest pass.
    if (event.type !== 'changed' || event.collection === 'alerts') return;
    manifests.changed();
  });

  const heartbeat = setInterval(() => {
    const data = encode({ type: 'heartbeat', serverTime: clock() });
    calls.prune();
    const all = [...sockets.all()];
    let at = 0;
    // In slices: a manifest check and two writes for each of thousands of sockets would otherwise block
    // the loop for tens of ms, and a call arriving meanwhile would wait.
    const slice = (): void => {
      for (const end = Math.min(all.length, at + SEND_SLICE); at < end; at++) {
        const conn = all[at]!;
        const ws = conn.ws;
        if (!sockets.isOpen(conn)) continue;
        conn.stuckTicks = ws.bufferedAmount > MAX_BUFFERED ? conn.stuckTicks + 1 : 0;
        if (!conn.alive || conn.stuckTicks > 2) {
          ws.terminate();
          continue;
        }
        conn.alive = false;
        if (conn.manifestPending) manifests.push(conn);
        // A board send that was skipped (backed up) is made good here.
        if (conn.hallId !== undefined && conn.screenId) boards.catchUp(conn, deps.queueState(conn.hallId));
        ws.ping();
        if (ws.bufferedAmount <= MAX_BUFFERED) ws.send(data, TEXT_FRAME);
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
    for (const conn of sockets.ofScreen(screenId)) if (send(conn, data)) delivered++;
    return { requestId, delivered };
  };
  const cadence = createScreenshotCadence({
    store,
    clock,
    tickMs: deps.screenshotTickMs,
    connectedScreens: sockets.screenIds,
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
    isConnected: sockets.isConnected,
    command,
    /** Closes the sockets a revoked device opened, at once (the store change would also catch them). */
    dropDevice(screenId: string, deviceId: string): number {
      let n = 0;
      for (const conn of sockets.ofScreen(screenId))
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
      manifests.stop();
      boards.stop();
      unsubscribe();
      for (const ws of wss.clients) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
export type PlayerHub = ReturnType<typeof createPlayerHub>;
