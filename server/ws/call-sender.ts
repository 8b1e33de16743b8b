/**
 * Call frames to player sockets: never skipped like other frames, and replayed on hello.
 *
 * Backpressure: a call goes out behind a socket's backlog (up to CALL_MAX_BUFFERED unsent) and is
 * watched; a socket too far behind, or that does not hand the call to the network within
 * CALL_BEHIND_MS, is cut, so the screen reconnects and gets the call on hello while it is current.
 * Calls a cut socket never got are kept per screen (`missed`) and sent first on its next hello, even
 * past CALL_REPLAY_MS; then the last seconds' calls targeted at the screen.
 */
import type { QueueCall } from '../../content/model';
import type { Logger } from '../log';
import { MAX_BUFFERED, TEXT_FRAME, type Conn, type PendingCall } from './player-conn';

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
/**
 * Calls younger than this are replayed to a screen that (re)connects; older ones only while current
 * and not yet acknowledged by that screen (its old socket may have died silently, and a player notices
 * that only after ~45 s of silence: those calls would otherwise never reach it).
 */
const CALL_REPLAY_MS = 15_000;
/** …and at most this many, whatever the rate. */
const MAX_REPLAY_CALLS = 500;

interface RecentCall {
  call: QueueCall;
  pending: PendingCall;
  screenIds: readonly string[];
  /** The target set, built only when a hello asks. */
  set?: Set<string>;
  at: number;
}

export function createCallSender(deps: { clock: () => number; log: Logger }) {
  const { clock, log } = deps;
  /** Recent call frames for replay on hello. */
  const recentCalls: RecentCall[] = [];
  /** Calls a screen did not get because its socket was cut while they waited behind a backlog, per screen. */
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
  /** Writes a call behind a backlog and watches it out (the slow path: only backed-up sockets get closures and a timer). */
  const sendBehind = (conn: Conn, pending: PendingCall): void => {
    const behind = (conn.callsBehind ??= []);
    behind.push(pending);
    // The callback runs once the frame is handed to the network (err: the socket went first).
    conn.ws.send(pending.data, TEXT_FRAME, (err) => {
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
  };

  return {
    /**
     * Sends a call frame: never skipped like other frames. Behind a backlog it is written anyway and
     * watched; a socket too far behind, or that does not let the call out within CALL_BEHIND_MS, is cut.
     */
    send(conn: Conn, pending: PendingCall): boolean {
      const ws = conn.ws;
      if (ws.readyState !== ws.OPEN) return false;
      const backlog = ws.bufferedAmount;
      if (backlog <= MAX_BUFFERED && !conn.callsBehind) {
        ws.send(pending.data, TEXT_FRAME);
        return true;
      }
      if (backlog > CALL_MAX_BUFFERED) {
        cutForCalls(conn, [...(conn.callsBehind ?? []), pending]);
        return false;
      }
      sendBehind(conn, pending);
      return true;
    },
    /** Keeps a call sent just now for screens that (re)connect while it matters. */
    remember(call: QueueCall, pending: PendingCall, screenIds: readonly string[]): void {
      const now = clock();
      recentCalls.push({ call, pending, screenIds, at: now });
      while (recentCalls.length > 0 && ((now - recentCalls[0]!.at > CALL_REPLAY_MS && recentCalls[0]!.pending.expiresAt <= now) || recentCalls.length > MAX_REPLAY_CALLS)) recentCalls.shift();
    },
    /**
     * On hello: first what a cut socket of this screen never got (still current), then the last
     * seconds' calls, and older ones still current that the screen has not acknowledged (`shown`).
     */
    replay(conn: Conn, screenId: string, shown: (callId: string) => boolean): void {
      const now = clock();
      const replayed = new Set<string>();
      const missed = missedCalls.get(screenId);
      missedCalls.delete(screenId);
      for (const m of missed ?? []) if (m.expiresAt > now && this.send(conn, m)) replayed.add(m.id);
      for (const r of recentCalls) {
        if (replayed.has(r.call.id) || !(r.set ??= new Set(r.screenIds)).has(screenId)) continue;
        if (now - r.at < CALL_REPLAY_MS || (r.pending.expiresAt > now && !shown(r.call.id))) this.send(conn, r.pending);
      }
    },
    /** A socket closed: calls still behind its backlog (client, heartbeat or network closed it) come on the next hello. */
    closed(conn: Conn): void {
      clearTimeout(conn.behindTimer);
      if (conn.screenId && conn.callsBehind?.length) noteMissed(conn.screenId, conn.callsBehind);
    },
    /** Calls kept for screens that have not come back: gone once they are no longer current. */
    prune(): void {
      for (const [id, list] of missedCalls) if (!list.some((c) => c.expiresAt > clock())) missedCalls.delete(id);
    },
  };
}
export type CallSender = ReturnType<typeof createCallSender>;
