/**
 * The hub's index of open player sockets: all of them, by screen (fixed at hello) and by hall (the
 * screen's hall, which an edit may change). Apart from the hub so that joining, moving and leaving keep
 * the three in step in one place, and a screen's last socket going is known to whoever closes it.
 */
import type { WebSocket } from 'ws';
import type { Conn } from './player-conn';

export function createScreenSockets() {
  const conns = new Map<WebSocket, Conn>();
  const byScreen = new Map<string, Set<Conn>>();
  const byHall = new Map<string, Set<Conn>>();

  const leaveHall = (conn: Conn): void => {
    if (conn.hallId === undefined) return;
    const set = byHall.get(conn.hallId);
    set?.delete(conn);
    if (set?.size === 0) byHall.delete(conn.hallId);
    conn.hallId = undefined;
  };

  return {
    opened(conn: Conn): void {
      conns.set(conn.ws, conn);
    },
    /** The socket said hello for its screen (`conn.screenId` set). */
    bind(conn: Conn, screenId: string): void {
      let set = byScreen.get(screenId);
      if (!set) byScreen.set(screenId, (set = new Set()));
      set.add(conn);
    },
    joinHall(conn: Conn, hallId: string): void {
      if (conn.hallId === hallId) return;
      leaveHall(conn);
      conn.hallId = hallId;
      let set = byHall.get(hallId);
      if (!set) byHall.set(hallId, (set = new Set()));
      set.add(conn);
    },
    /** Forgets a closed socket; true when it was its screen's last one. */
    closed(conn: Conn): boolean {
      conns.delete(conn.ws);
      leaveHall(conn);
      if (!conn.screenId) return false;
      const set = byScreen.get(conn.screenId);
      set?.delete(conn);
      if (!set || set.size > 0) return false;
      byScreen.delete(conn.screenId);
      return true;
    },
    isOpen: (conn: Conn): boolean => conns.has(conn.ws),
    all: (): Iterable<Conn> => conns.values(),
    ofScreen: (screenId: string): Iterable<Conn> => byScreen.get(screenId) ?? [],
    ofHall: (hallId: string): Iterable<Conn> => byHall.get(hallId) ?? [],
    /** Connected screens with their sockets. */
    screens: (): Iterable<[string, Set<Conn>]> => byScreen.entries(),
    screenIds: (): Iterable<string> => byScreen.keys(),
    isConnected: (screenId: string): boolean => (byScreen.get(screenId)?.size ?? 0) > 0,
  };
}
