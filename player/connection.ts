/**
 * The reconnecting WebSocket adapter to `/ws/player`. It says hello on every open, pings in the
 * app (browsers expose no protocol-level ping), reconnects with capped exponential backoff and full
 * jitter, validates every frame, and turns the server's close codes into what a screen should do.
 */
import { CloseCode, PLAYED_BATCH_MAX, PLAYED_QUEUE_MAX, PlayerMessage, PROTOCOL_VERSION, ServerMessage, SILENCE_TIMEOUT_MS, type PlayRecord } from '../content/protocol';
import { PlayedQueue } from './offline/played-queue';
import type { ServerClock } from './server-clock';

/** First reconnect delay cap; doubles per failed attempt. */
export const RECONNECT_BASE_MS = 1000;
/** Largest reconnect delay cap. */
export const RECONNECT_MAX_MS = 30_000;
/** Application ping interval (the server also sends a heartbeat). */
export const PING_INTERVAL_MS = 15_000;
/** With a rejected key, try again this often: a re-paired key should work without a visit. */
export const BAD_KEY_RETRY_MS = 30_000;
/** Close code we use when we give up on a silent socket (4000–4999 belong to applications). */
export const SILENT_CLOSE_CODE = 4000;
/** A `playedBatch` frame stays under this many characters (the server refuses frames over 64 KB). */
export const BATCH_CHARS_MAX = 60_000;
// WebSocket.readyState values, spelled out so the adapter also runs where no WebSocket global exists (tests).
const CONNECTING = 0;
const OPEN = 1;

export type ConnectionStatus = 'online' | 'offline' | 'error';
/** Why the server will not take this screen: each needs a different reaction. */
export type Refusal = 'badKey' | 'screenGone' | 'tooOld';
type Hello = Extract<PlayerMessage, { type: 'hello' }>;

/** Delay before reconnect attempt `attempt` (0-based): uniform in [0, min(max, base·2^attempt)]. */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const cap = Math.min(RECONNECT_MAX_MS, RECONNECT_BASE_MS * 2 ** Math.min(attempt, 16));
  return Math.round(random() * cap);
}

/** What the adapter needs: where to connect, what to say, and the clock to correct. */
export interface ConnectionOptions {
  url: string;
  hello(): Omit<Hello, 'type' | 'protocolVersion'>;
  clock: ServerClock;
  /** The server refused this screen (close code); the adapter keeps retrying slowly. */
  onRefused(reason: Refusal): void;
  /** Opens the socket; tests pass a fake. */
  createSocket?: (url: string) => WebSocket;
  /** Where proof of play waits while offline (default: memory only). */
  played?: PlayedQueue;
}

/** A socket that keeps itself connected. */
export class PlayerConnection {
  private socket: WebSocket | null = null;
  private statusNow: ConnectionStatus = 'offline';
  private readonly statusListeners = new Set<(s: ConnectionStatus) => void>();
  private readonly messageListeners = new Set<(m: ServerMessage) => void>();
  private readonly played: PlayedQueue;
  private attempt = 0;
  private helloSentAt = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private silenceTimer: ReturnType<typeof setTimeout> | undefined;
  private pingTimer: ReturnType<typeof setInterval> | undefined;
  private stopped = true;

  constructor(private readonly options: ConnectionOptions) {
    this.played = options.played ?? new PlayedQueue(null);
  }

  get status(): ConnectionStatus {
    return this.statusNow;
  }

  /** Listen to status changes; returns an unsubscribe. */
  onStatus(listener: (status: ConnectionStatus) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  /** Listen to every valid server message; returns an unsubscribe. */
  onMessage(listener: (message: ServerMessage) => void): () => void {
    this.messageListeners.add(listener);
    return () => this.messageListeners.delete(listener);
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    this.drop(1000, 'player stopped');
    this.setStatus('offline');
  }

  /** Send now if online; returns false when the message could not go out. */
  send(message: PlayerMessage): boolean {
    const socket = this.socket;
    if (!socket || socket.readyState !== OPEN || this.statusNow !== 'online') return false;
    socket.send(JSON.stringify(message));
    return true;
  }

  /**
   * Proof of play: send now, or keep it (persisted, bounded) for the next connection. While older
   * records still wait, new ones queue behind them, so the server receives plays in order.
   */
  sendOrQueue(message: Extract<PlayerMessage, { type: 'played' }>): void {
    // A connection never started (the editor's preview) claims no plays and stores nothing.
    if (this.stopped) return;
    const { type: _type, ...record } = message;
    if (this.played.size === 0 && this.send(message)) return;
    this.played.push(record);
    if (this.statusNow === 'online') this.flushPlayed();
  }

  /** Records waiting for the server (for health and tests). */
  get queuedPlays(): number {
    return this.played.size;
  }

  private connect(): void {
    if (this.stopped) return;
    let socket: WebSocket;
    try {
      socket = this.options.createSocket ? this.options.createSocket(this.options.url) : new WebSocket(this.options.url);
    } catch (err) {
      console.error('[ws] cannot open socket', err);
      this.scheduleRetry(backoffDelay(this.attempt++));
      return;
    }
    this.socket = socket;
    socket.onopen = () => {
      this.helloSentAt = Date.now();
      socket.send(JSON.stringify({ type: 'hello', protocolVersion: PROTOCOL_VERSION, ...this.options.hello() } satisfies Hello));
      this.armSilence();
      this.pingTimer = setInterval(() => {
        if (socket.readyState === OPEN) socket.send(JSON.stringify({ type: 'ping', t: Date.now() } satisfies PlayerMessage));
      }, PING_INTERVAL_MS);
    };
    socket.onmessage = (event) => this.receive(event.data);
    socket.onclose = (event) => this.closed(socket, event.code, event.reason);
  }

  private receive(data: unknown): void {
    this.armSilence();
    let json: unknown;
    try {
      json = JSON.parse(typeof data === 'string' ? data : '');
    } catch {
      console.warn('[ws] ignored a frame that is not JSON');
      return;
    }
    const parsed = ServerMessage.safeParse(json);
    if (!parsed.success) {
      console.warn('[ws] ignored an invalid frame', parsed.error.issues.slice(0, 3));
      return;
    }
    const message = parsed.data;
    const receivedAt = Date.now();
    if (message.type === 'welcome') {
      this.options.clock.resetSamples();
      this.options.clock.sample(this.helloSentAt, message.serverTime, receivedAt);
      this.attempt = 0;
      this.setStatus('online');
      this.flushPlayed();
    } else if (message.type === 'pong') {
      this.options.clock.sample(message.t, message.serverTime, receivedAt);
    } else if (message.type === 'error') {
      console.warn(`[ws] server error ${message.code}: ${message.message}`);
    }
    for (const listener of this.messageListeners) listener(message);
  }

  private closed(socket: WebSocket, code: number, reason: string): void {
    if (socket !== this.socket) return;
    this.drop();
    if (this.stopped) return;
    console.warn(`[ws] closed ${code} ${reason}`);
    if (code === CloseCode.BAD_KEY || code === CloseCode.SCREEN_GONE) {
      this.setStatus('error');
      this.options.onRefused(code === CloseCode.BAD_KEY ? 'badKey' : 'screenGone');
      this.scheduleRetry(BAD_KEY_RETRY_MS);
      return;
    }
    if (code === CloseCode.CLIENT_TOO_OLD) this.options.onRefused('tooOld');
    if (this.statusNow !== 'error') this.setStatus('offline');
    this.scheduleRetry(backoffDelay(this.attempt++));
  }

  /** Nothing at all arrived for SILENCE_TIMEOUT_MS: the socket is dead even if the browser has not noticed. */
  private armSilence(): void {
    clearTimeout(this.silenceTimer);
    this.silenceTimer = setTimeout(() => {
      console.warn(`[ws] no message for ${SILENCE_TIMEOUT_MS} ms, reconnecting`);
      const socket = this.socket;
      if (socket) this.closed(socket, SILENT_CLOSE_CODE, 'silence');
    }, SILENCE_TIMEOUT_MS);
  }

  /** Detach and close the current socket without triggering its close handler. */
  private drop(code = SILENT_CLOSE_CODE, reason = 'silence'): void {
    clearTimeout(this.silenceTimer);
    clearInterval(this.pingTimer);
    const socket = this.socket;
    this.socket = null;
    if (!socket) return;
    socket.onopen = socket.onmessage = socket.onclose = null;
    if (socket.readyState === OPEN || socket.readyState === CONNECTING) {
      try {
        socket.close(code, reason);
      } catch {
        // Closing a socket that is still connecting may throw in some browsers; it is gone either way.
      }
    }
  }

  private scheduleRetry(delayMs: number): void {
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => this.connect(), delayMs);
  }

  /** Upload the offline backlog as `playedBatch` frames, each under PLAYED_BATCH_MAX and the frame limit. */
  private flushPlayed(): void {
    while (this.played.size > 0) {
      let items: PlayRecord[] = this.played.peek(PLAYED_BATCH_MAX);
      while (items.length > 1 && JSON.stringify(items).length > BATCH_CHARS_MAX) items = items.slice(0, Math.ceil(items.length / 2));
      if (!this.send({ type: 'playedBatch', items })) return;
      this.played.remove(items.length);
    }
    const dropped = this.played.dropped;
    if (dropped > 0 && this.send({ type: 'report', level: 'warn', code: 'played_dropped', message: `离线期间的播放记录超过 ${PLAYED_QUEUE_MAX} 条，最早的 ${dropped} 条未能保留` })) this.played.takeDropped();
  }

  private setStatus(status: ConnectionStatus): void {
    if (status === this.statusNow) return;
    this.statusNow = status;
    for (const listener of this.statusListeners) listener(status);
  }
}
