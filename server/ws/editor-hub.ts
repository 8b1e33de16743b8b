/**
 * `/ws/editor`: signed-in staff get live screen status, "collection changed" hints, call
 * acknowledgements and screens' answers to remote commands. Authenticated by the session cookie on upgrade (browsers cannot set headers).
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { parse as parseCookie } from 'cookie';
import { WebSocketServer, type WebSocket } from 'ws';
import { HEARTBEAT_MS, type EditorMessage, type ScreenStatus } from '../../content/protocol';
import { SESSION_COOKIE } from '../auth/principal';
import { sha256Hex } from '../auth/secrets';
import type { Bus } from '../bus';
import type { StoreReader } from '../store/store';

const MAX_BUFFERED = 1024 * 1024;

export function createEditorHub(deps: { store: StoreReader; bus: Bus; clock: () => number; statuses: () => ScreenStatus[] }) {
  const { store, bus, clock } = deps;
  const wss = new WebSocketServer({ noServer: true, maxPayload: 4096, perMessageDeflate: false });
  const alive = new WeakMap<WebSocket, boolean>();

  const broadcast = (msg: EditorMessage): void => {
    // Acks arrive by the thousand after a call; with no editor open there is nothing to encode.
    if (wss.clients.size === 0) return;
    const data = JSON.stringify(msg);
    for (const ws of wss.clients) if (ws.readyState === ws.OPEN && ws.bufferedAmount < MAX_BUFFERED) ws.send(data);
  };

  wss.on('connection', (ws: WebSocket) => {
    alive.set(ws, true);
    ws.on('pong', () => alive.set(ws, true));
    ws.on('message', () => alive.set(ws, true));
    ws.on('error', () => ws.terminate());
    ws.send(JSON.stringify({ type: 'screens', statuses: deps.statuses() } satisfies EditorMessage));
  });

  const unsubscribe = bus.subscribe((event) => {
    if (event.type === 'changed') broadcast({ type: 'changed', collection: event.collection });
  });
  const heartbeat = setInterval(() => {
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
      const raw = req.headers.cookie ? parseCookie(req.headers.cookie)[SESSION_COOKIE] : undefined;
      const session = raw ? store.get('sessions', sha256Hex(raw)) : undefined;
      if (!session || Date.parse(session.expiresAt) <= clock()) {
        socket.end('HTTP/1.1 401 Unauthorized\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n请先登录\n');
        return;
      }
      wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
    },
    screenStatus: (status: ScreenStatus) => broadcast({ type: 'screenStatus', status }),
    callAck: (callId: string, screenId: string, latencyMs: number) => broadcast({ type: 'callAck', callId, screenId, latencyMs }),
    commandDone: (done: Omit<Extract<EditorMessage, { type: 'commandDone' }>, 'type'>) => broadcast({ type: 'commandDone', ...done }),
    async close(): Promise<void> {
      clearInterval(heartbeat);
      unsubscribe();
      for (const ws of wss.clients) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
export type EditorHub = ReturnType<typeof createEditorHub>;
