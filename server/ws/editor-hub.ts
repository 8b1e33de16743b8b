/**
 * `/ws/editor`: signed-in staff get live screen status, "collection changed" hints, call
 * acknowledgements and screens' answers to remote commands. Authenticated by the session cookie on
 * upgrade (browsers cannot set headers), from our own origin only (cross-site WebSocket hijacking).
 * Each socket gets only its user's halls' screens; when a user or their sessions change, every socket
 * whose session or user no longer holds is closed at once (disable, delete, password reset, revoke).
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { parse as parseCookie } from 'cookie';
import { WebSocketServer, type WebSocket } from 'ws';
import { HEARTBEAT_MS, type EditorMessage, type ScreenStatus } from '../../content/protocol';
import { fromOwnOrigin, publicOriginsOf } from '../auth/origin-check';
import { SESSION_COOKIE } from '../auth/principal';
import { sha256Hex } from '../auth/secrets';
import type { Bus } from '../bus';
import { canSee } from '../policy/access';
import type { StoreReader } from '../store/store';

const MAX_BUFFERED = 1024 * 1024;
/** Close code for a socket whose session ended (the editor goes back to the login page). */
export const SESSION_ENDED = 4401;

export function createEditorHub(deps: { store: StoreReader; bus: Bus; clock: () => number; statuses: () => ScreenStatus[]; publicUrl?: string }) {
  const { store, bus, clock } = deps;
  const publicOrigins = publicOriginsOf(deps.publicUrl);
  const wss = new WebSocketServer({ noServer: true, maxPayload: 4096, perMessageDeflate: false });
  const alive = new WeakMap<WebSocket, boolean>();
  const sessionOf = new WeakMap<WebSocket, { sessionId: string; userId: string }>();

  /** The live user of a session, or undefined once it ended, expired or its user was disabled. */
  const userOf = (sessionId: string) => {
    const session = store.get('sessions', sessionId);
    if (!session || Date.parse(session.expiresAt) <= clock()) return undefined;
    const user = store.get('users', session.userId);
    return user && !user.disabled ? user : undefined;
  };
  /** Does this socket's user see the screen? (Read fresh: roles and halls change while sockets live.) */
  const seesScreen = (ws: WebSocket, screenId: string | undefined): boolean => {
    const s = sessionOf.get(ws);
    const user = s && userOf(s.sessionId);
    if (!user) return false;
    if (!user.hallIds?.length || screenId === undefined) return true;
    const screen = store.get('screens', screenId);
    return screen !== undefined && canSee(user.hallIds, [screen.hallId]);
  };

  const broadcast = (msg: EditorMessage, screenId?: string): void => {
    // Acks arrive by the thousand after a call; with no editor open there is nothing to encode.
    if (wss.clients.size === 0) return;
    const data = JSON.stringify(msg);
    for (const ws of wss.clients)
      if (ws.readyState === ws.OPEN && ws.bufferedAmount < MAX_BUFFERED && (screenId === undefined || seesScreen(ws, screenId))) ws.send(data);
  };

  wss.on('connection', (ws: WebSocket) => {
    alive.set(ws, true);
    ws.on('pong', () => alive.set(ws, true));
    ws.on('message', () => alive.set(ws, true));
    ws.on('error', () => ws.terminate());
    const statuses = deps.statuses().filter((s) => seesScreen(ws, s.screenId));
    ws.send(JSON.stringify({ type: 'screens', statuses } satisfies EditorMessage));
  });

  /** Closes every socket whose session or user no longer holds. */
  const dropEnded = (): void => {
    for (const ws of wss.clients) {
      const s = sessionOf.get(ws);
      if (!s || !userOf(s.sessionId)) ws.close(SESSION_ENDED, 'session ended');
    }
  };
  const unsubscribe = bus.subscribe((event) => {
    if (event.type !== 'changed') return;
    if (event.collection === 'users' || event.collection === 'sessions') dropEnded();
    broadcast({ type: 'changed', collection: event.collection });
  });
  const heartbeat = setInterval(() => {
    dropEnded();
    for (const ws of wss.clients) {
      if (!alive.get(ws)) {
        ws.terminate();
        continue;
      }
      alive.set(ws, false);
      ws.ping();
    }
    broadcast({ type: 'heartbeat', serverTime: clock() });
  }, HEARTBEAT_MS);

  return {
    handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
      if (!fromOwnOrigin({ origin: req.headers.origin, host: req.headers.host }, publicOrigins)) {
        socket.end('HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\ncross-site WebSocket refused\n');
        return;
      }
      const raw = req.headers.cookie ? parseCookie(req.headers.cookie)[SESSION_COOKIE] : undefined;
      const sessionId = raw ? sha256Hex(raw) : undefined;
      const user = sessionId ? userOf(sessionId) : undefined;
      if (!sessionId || !user) {
        socket.end('HTTP/1.1 401 Unauthorized\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n请先登录\n');
        return;
      }
      wss.handleUpgrade(req, socket, head, (ws) => {
        sessionOf.set(ws, { sessionId, userId: user.id });
        wss.emit('connection', ws, req);
      });
    },
    screenStatus: (status: ScreenStatus) => broadcast({ type: 'screenStatus', status }, status.screenId),
    callAck: (callId: string, screenId: string, latencyMs: number) => broadcast({ type: 'callAck', callId, screenId, latencyMs }, screenId),
    commandDone: (done: Omit<Extract<EditorMessage, { type: 'commandDone' }>, 'type'>) => broadcast({ type: 'commandDone', ...done }, done.screenId),
    async close(): Promise<void> {
      clearInterval(heartbeat);
      unsubscribe();
      for (const ws of wss.clients) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
export type EditorHub = ReturnType<typeof createEditorHub>;
