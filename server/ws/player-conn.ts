/**
 * One player socket as the hub keeps it, and the plain (skippable) send every frame but a call uses.
 * Split out so the call sender and the board pushes share it without reaching into the hub.
 */
import type { WebSocket } from 'ws';
import type { ScreenCredential } from '../auth/device-keys';
import type { FrameBudget } from './frame-budget';

/** Sends are skipped while a socket has this much unsent; a socket stuck past two heartbeats is dropped. */
export const MAX_BUFFERED = 4 * 1024 * 1024;
/** ws copies its options per send: one shared object, not one per socket. A Buffer sent with it stays a text frame. */
export const TEXT_FRAME = { binary: false } as const;

/** A call frame a screen must still get, with the instant after which it no longer matters. */
export interface PendingCall {
  id: string;
  data: Buffer;
  expiresAt: number;
}

export interface Conn {
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

/** Sends an already encoded text frame; skipped (false) while the socket is backed up. */
export function sendFrame(conn: Conn, data: Buffer): boolean {
  const ws = conn.ws;
  if (ws.readyState !== ws.OPEN) return false;
  if (ws.bufferedAmount > MAX_BUFFERED) return false;
  // NOTE: a Buffer is sent as is (no per-socket re-encoding of a string).
  ws.send(data, TEXT_FRAME);
  return true;
}
