/**
 * The editor's `/ws/editor` connection: a reconnecting adapter that keeps the latest screen statuses,
 * fans messages out to views, and remembers recent call acks (an ack can beat the HTTP 202 home).
 * Named for the socket, not `live`: `live/` is the 现场控制 page, which is only one of its users.
 */
import { EditorMessage, SILENCE_TIMEOUT_MS, type ScreenStatus } from '../content/protocol';

/** Connection state shown in the header. */
export type LiveState = 'connecting' | 'online' | 'offline';
type CallAck = Extract<EditorMessage, { type: 'callAck' }>;
/** A screen's answer to a remote command. */
export type CommandDone = Extract<EditorMessage, { type: 'commandDone' }>;

/** First retry delay; doubles up to BACKOFF_MAX_MS, with jitter so a server restart is not stampeded. */
export const BACKOFF_MIN_MS = 1000;
export const BACKOFF_MAX_MS = 30_000;
const MAX_ACKS = 500;
const MAX_COMMAND_REPLIES = 200;

/** One per logged-in session; `stop()` on logout. */
export class LiveConnection {
  state: LiveState = 'offline';
  /** Latest status per screen id, from `screens` and `screenStatus`. */
  readonly statuses = new Map<string, ScreenStatus>();
  private readonly acks: CallAck[] = [];
  private readonly commandReplies: CommandDone[] = [];
  private readonly messageListeners = new Set<(msg: EditorMessage) => void>();
  private readonly stateListeners = new Set<(state: LiveState) => void>();
  private readonly resyncListeners = new Set<() => void>();
  private socket: WebSocket | undefined;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private silenceTimer: ReturnType<typeof setTimeout> | undefined;
  private attempt = 0;
  private wasOnline = false;
  private running = false;

  start(): void {
    if (this.running) return;
    this.running = true;
    this.open();
  }

  stop(): void {
    this.running = false;
    clearTimeout(this.retryTimer);
    clearTimeout(this.silenceTimer);
    this.socket?.close();
    this.socket = undefined;
    this.wasOnline = false;
    this.statuses.clear();
    this.setState('offline');
  }

  /** Every valid message; returns the unsubscribe function. */
  onMessage(fn: (msg: EditorMessage) => void): () => void {
    this.messageListeners.add(fn);
    return () => this.messageListeners.delete(fn);
  }

  onState(fn: (state: LiveState) => void): () => void {
    this.stateListeners.add(fn);
    return () => this.stateListeners.delete(fn);
  }

  /**
   * Calls `fn` when one of `collections` changed, and after a reconnect (changes made while we were
   * away were never announced to us).
   */
  onChanged(collections: readonly string[], fn: () => void): () => void {
    const offMsg = this.onMessage((m) => {
      if (m.type === 'changed' && collections.includes(m.collection)) fn();
    });
    this.resyncListeners.add(fn);
    return () => {
      offMsg();
      this.resyncListeners.delete(fn);
    };
  }

  /** Acks already received for a call. */
  acksFor(callId: string): CallAck[] {
    return this.acks.filter((a) => a.callId === callId);
  }

  /** A command's reply that arrived already (a fast screen can answer before our POST returns). */
  commandReply(requestId: string): CommandDone | undefined {
    return this.commandReplies.find((r) => r.requestId === requestId);
  }

  private open(): void {
    this.setState('connecting');
    const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws/editor`;
    const ws = new WebSocket(url);
    this.socket = ws;
    ws.onopen = () => {
      this.attempt = 0;
      this.setState('online');
      this.armSilence();
      if (this.wasOnline) for (const fn of this.resyncListeners) fn();
      this.wasOnline = true;
    };
    ws.onmessage = (e) => {
      this.armSilence();
      let raw: unknown;
      try {
        raw = JSON.parse(String(e.data));
      } catch {
        return;
      }
      const parsed = EditorMessage.safeParse(raw);
      if (!parsed.success) {
        console.warn('[ws] ignored a frame that is not an EditorMessage', parsed.error.issues);
        return;
      }
      this.handle(parsed.data);
    };
    ws.onclose = () => this.lost(ws);
  }

  /** Schedules the next attempt; ignores sockets we already gave up on. */
  private lost(ws: WebSocket): void {
    if (this.socket !== ws) return;
    this.socket = undefined;
    clearTimeout(this.silenceTimer);
    if (!this.running) return;
    this.setState('offline');
    const delay = Math.min(BACKOFF_MAX_MS, BACKOFF_MIN_MS * 2 ** this.attempt++);
    this.retryTimer = setTimeout(() => this.open(), delay * (0.75 + Math.random() * 0.5));
  }

  private handle(msg: EditorMessage): void {
    switch (msg.type) {
      case 'screens':
        this.statuses.clear();
        for (const s of msg.statuses) this.statuses.set(s.screenId, s);
        break;
      case 'screenStatus':
        this.statuses.set(msg.status.screenId, msg.status);
        break;
      case 'callAck':
        this.acks.push(msg);
        if (this.acks.length > MAX_ACKS) this.acks.splice(0, this.acks.length - MAX_ACKS);
        break;
      case 'commandDone':
        this.commandReplies.push(msg);
        if (this.commandReplies.length > MAX_COMMAND_REPLIES) this.commandReplies.splice(0, this.commandReplies.length - MAX_COMMAND_REPLIES);
        break;
      case 'changed':
      case 'heartbeat':
        break;
      default: {
        const never: never = msg;
        return never;
      }
    }
    for (const fn of this.messageListeners) fn(msg);
  }

  // NOTE: browsers expose no protocol-level ping; the server's heartbeat proves the link is alive.
  private armSilence(): void {
    clearTimeout(this.silenceTimer);
    const ws = this.socket;
    if (!ws) return;
    // A half-open socket may take minutes to report close, so give up on it ourselves.
    this.silenceTimer = setTimeout(() => {
      this.lost(ws);
      ws.close();
    }, SILENCE_TIMEOUT_MS);
  }

  private setState(state: LiveState): void {
    if (state === this.state) return;
    this.state = state;
    for (const fn of this.stateListeners) fn(state);
  }
}
