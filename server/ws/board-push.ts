/**
 * Whole queue boards to player sockets. A call's frame carries what it changed on the board, so the
 * screens it reaches need nothing else; the whole board goes out on hello, after changes that are not
 * calls, and to the hall's screens that are behind (not a target of the call, a skipped send). Each
 * connection remembers the board revision it holds (`boardRev`).
 */
import type { QueueState } from '../../content/queue';
import { sendFrame, type Conn } from './player-conn';

/**
 * Queue-state pushes wait this long and carry the latest state: a burst of events is one push per
 * hall, and the push stays out of the way of the call frames and their acks (the call frame itself
 * already tells a board what to highlight).
 */
export const QUEUE_STATE_PUSH_MS = 100;

const revOf = (state: QueueState): number => state.rev ?? 0;

export function createBoardPush(deps: { hallConns: (hallId: string) => Iterable<Conn>; sliceSize: number }) {
  /** Halls whose queue state changed since the last flush, with their latest state. */
  const dirtyHalls = new Map<string, QueueState>();
  /** The last encoded state per hall: a wave of reconnects (after a restart) encodes each hall's board once. */
  const encodedStates = new Map<string, { state: QueueState; data: Buffer }>();
  const frameOf = (state: QueueState): Buffer => {
    const hit = encodedStates.get(state.hallId);
    if (hit?.state === state) return hit.data;
    const data = Buffer.from(JSON.stringify({ type: 'queueState', state }));
    encodedStates.set(state.hallId, { state, data });
    return data;
  };
  let flushTimer: NodeJS.Timeout | undefined;
  /** State frames still to send, per connection: a newer state replaces an unsent older one in place. */
  const pendingStates = new Map<Conn, Buffer>();
  let draining = false;
  // In slices, so a call arriving meanwhile goes out first; a connection that closed is skipped by sendFrame().
  const drain = (): void => {
    let n = 0;
    for (const [conn, data] of pendingStates) {
      pendingStates.delete(conn);
      // Not sent (backed up): the heartbeat sees the stale revision and tries again.
      if (!sendFrame(conn, data)) conn.boardRev = undefined;
      if (++n >= deps.sliceSize) break;
    }
    if (pendingStates.size > 0) setImmediate(drain);
    else draining = false;
  };
  /** Queues the whole board for a connection, unless it already holds this revision. */
  const queueBoard = (conn: Conn, state: QueueState): void => {
    if (conn.boardRev === revOf(state) && state.rev !== undefined) return;
    pendingStates.set(conn, frameOf(state));
    conn.boardRev = revOf(state);
  };
  const flush = (): void => {
    flushTimer = undefined;
    for (const [hallId, state] of dirtyHalls) for (const conn of deps.hallConns(hallId)) queueBoard(conn, state);
    dirtyHalls.clear();
    if (!draining && pendingStates.size > 0) {
      draining = true;
      drain();
    }
  };

  return {
    /** Sends the whole board now (hello, hall change). */
    send(conn: Conn, state: QueueState): void {
      conn.boardRev = sendFrame(conn, frameOf(state)) ? revOf(state) : undefined;
    },
    /** The hall's board changed: its screens that do not hold this revision get it a moment later. */
    changed(state: QueueState): void {
      dirtyHalls.set(state.hallId, state);
      flushTimer ??= setTimeout(flush, QUEUE_STATE_PUSH_MS);
    },
    /** Heartbeat: a board send that was skipped (backed up) is made good here. */
    catchUp(conn: Conn, state: QueueState): void {
      if (pendingStates.has(conn)) return;
      if (conn.boardRev !== revOf(state)) this.send(conn, state);
    },
    /** A call frame carried the delta to `rev`: a screen that held the previous revision holds this one now. */
    delivered(conn: Conn, rev: number): void {
      if (conn.boardRev === rev - 1) conn.boardRev = rev;
    },
    closed(conn: Conn): void {
      pendingStates.delete(conn);
    },
    stop(): void {
      clearTimeout(flushTimer);
    },
  };
}
