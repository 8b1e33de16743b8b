/**
 * The bare baseline of the queue-latency bench: a plain `ws` server with nothing of ours in it. It
 * answers a player's hello with a tiny manifest frame (so the same client harness knows it is
 * connected), ignores every other frame (acks are read off the socket and dropped), and on
 * `POST /call { id, size }` encodes one call frame of exactly `size` bytes once and writes it to every
 * socket, then answers 202. That is the least a server can do to put a call on N screens.
 *
 *   PORT=9000 [BARE_ACKS=1] tsx bench/bare-broadcast.ts
 */
import { createServer } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';

const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
const MANIFEST = Buffer.from('{"type":"manifest"}');
const HELLO = Buffer.from('{"type":"hello"');

/** A call frame carrying `id`, padded to `size` bytes (at least the frame without padding). */
export function paddedCallFrame(id: string, size: number): Buffer {
  const head = `{"type":"call","call":{"id":${JSON.stringify(id)},"text":"`;
  const tail = '"}}';
  return Buffer.from(head + 'x'.repeat(Math.max(0, size - head.length - tail.length)) + tail);
}

/**
 * BARE_ACKS=1: acks are read and recorded too (JSON.parse, one Map entry per screen and call), the
 * least a server does that reports which screens showed a call — a baseline for the ack part alone.
 */
const recordAcks = process.env.BARE_ACKS === '1';
const acks = new Map<string, Map<WebSocket, number>>();

wss.on('connection', (ws) => {
  ws.on('message', (data: Buffer) => {
    if (data.length >= HELLO.length && data.compare(HELLO, 0, HELLO.length, 0, HELLO.length) === 0) return void ws.send(MANIFEST, { binary: false });
    if (!recordAcks) return;
    const msg = JSON.parse(data.toString()) as { type?: string; id?: string };
    if (msg.type === 'ack' && msg.id !== undefined) acks.get(msg.id)?.set(ws, Date.now());
  });
  ws.on('error', () => {});
});

const server = createServer((req, res) => {
  if (req.method !== 'POST' || req.url !== '/call') return void res.writeHead(404).end();
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const { id, size } = JSON.parse(Buffer.concat(chunks).toString()) as { id: string; size: number };
    const frame = paddedCallFrame(id, size);
    if (recordAcks) {
      acks.set(id, new Map());
      if (acks.size > 500) acks.delete(acks.keys().next().value!);
    }
    for (const ws of wss.clients) if (ws.readyState === ws.OPEN) ws.send(frame, { binary: false });
    res.writeHead(202, { 'content-type': 'application/json' }).end(JSON.stringify({ id, screens: wss.clients.size }));
  });
});
server.on('upgrade', (req, socket, head) => wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req)));
server.listen(Number(process.env.PORT), '127.0.0.1');
process.on('SIGTERM', () => process.exit(0));
