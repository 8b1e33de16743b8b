import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CloseCode, PLAYED_BATCH_MAX, PLAYER_MAX_PAYLOAD, SILENCE_TIMEOUT_MS } from '../content/protocol';
import { BAD_KEY_RETRY_MS, backoffDelay, PING_INTERVAL_MS, PlayerConnection, RECONNECT_BASE_MS, RECONNECT_MAX_MS, type Refusal } from './connection';
import { PlayedQueue } from './offline/played-queue';
import { ServerClock } from './server-clock';

/** Just enough of a browser WebSocket for the adapter. */
class FakeSocket {
  readyState = 0;
  sent: unknown[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((e: { data: string }) => void) | null = null;
  onclose: ((e: { code: number; reason: string }) => void) | null = null;
  closedWith: number | null = null;
  send(data: string): void {
    this.sent.push(JSON.parse(data));
  }
  close(code: number): void {
    this.closedWith = code;
    this.readyState = 3;
  }
  open(): void {
    this.readyState = 1;
    this.onopen?.();
  }
  receive(message: unknown): void {
    this.onmessage?.({ data: JSON.stringify(message) });
  }
  serverClose(code: number): void {
    this.readyState = 3;
    this.onclose?.({ code, reason: '' });
  }
}

describe('backoffDelay', () => {
  it('grows from 1 s to a 30 s cap with full jitter', () => {
    expect(backoffDelay(0, () => 1)).toBe(RECONNECT_BASE_MS);
    expect(backoffDelay(3, () => 1)).toBe(8 * RECONNECT_BASE_MS);
    expect(backoffDelay(50, () => 1)).toBe(RECONNECT_MAX_MS);
    expect(backoffDelay(50, () => 0)).toBe(0);
  });
});

describe('PlayerConnection', () => {
  let sockets: FakeSocket[];
  let refusals: Refusal[];
  let connection: PlayerConnection;
  const latest = (): FakeSocket => sockets[sockets.length - 1]!;

  beforeEach(() => {
    vi.useFakeTimers({ now: 1_000_000 });
    sockets = [];
    refusals = [];
    connection = new PlayerConnection({
      url: 'ws://test/ws/player',
      hello: () => ({ screenId: 's1', key: 'k', playerVersion: '0.1.0', manifestVersion: 'v7' }),
      clock: new ServerClock(),
      onRefused: (r) => refusals.push(r),
      createSocket: () => {
        const s = new FakeSocket();
        sockets.push(s);
        return s as unknown as WebSocket;
      },
    });
    connection.start();
  });
  afterEach(() => {
    connection.stop();
    vi.useRealTimers();
  });

  it('says hello on open and is online after the welcome', () => {
    latest().open();
    expect(latest().sent[0]).toMatchObject({ type: 'hello', protocolVersion: 1, screenId: 's1', key: 'k', manifestVersion: 'v7' });
    expect(connection.status).toBe('offline');
    latest().receive({ type: 'welcome', protocolVersion: 1, screenId: 's1', serverTime: Date.now() });
    expect(connection.status).toBe('online');
  });

  it('pings every 15 s', () => {
    latest().open();
    vi.advanceTimersByTime(PING_INTERVAL_MS);
    expect(latest().sent.at(-1)).toMatchObject({ type: 'ping' });
  });

  it('ignores invalid frames and keeps the socket', () => {
    const seen = vi.fn();
    connection.onMessage(seen);
    latest().open();
    latest().receive({ type: 'call', call: { nope: true } });
    expect(seen).not.toHaveBeenCalled();
    expect(sockets).toHaveLength(1);
  });

  it('reconnects when nothing arrives for the silence timeout', () => {
    latest().open();
    vi.advanceTimersByTime(SILENCE_TIMEOUT_MS + RECONNECT_MAX_MS);
    expect(sockets.length).toBeGreaterThan(1);
  });

  it('on a bad key reports an error and retries only slowly', () => {
    latest().open();
    latest().serverClose(CloseCode.BAD_KEY);
    expect(connection.status).toBe('error');
    expect(refusals).toEqual(['badKey']);
    vi.advanceTimersByTime(BAD_KEY_RETRY_MS - 1);
    expect(sockets).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(sockets).toHaveLength(2);
  });

  it('asks for a reload when the client is too old', () => {
    latest().open();
    latest().serverClose(CloseCode.CLIENT_TOO_OLD);
    expect(refusals).toEqual(['tooOld']);
  });

  it('keeps proof of play while offline and sends it after the next welcome', () => {
    connection.sendOrQueue({ type: 'played', slideId: 'a', startedAt: new Date().toISOString(), durationMs: 5000 });
    latest().open();
    latest().receive({ type: 'welcome', protocolVersion: 1, screenId: 's1', serverTime: Date.now() });
    expect(latest().sent.at(-1)).toMatchObject({ type: 'playedBatch', items: [{ slideId: 'a', durationMs: 5000 }] });
    expect(connection.queuedPlays).toBe(0);
  });

  it('uploads a long offline backlog in batches of at most PLAYED_BATCH_MAX, oldest first', () => {
    for (let i = 0; i < PLAYED_BATCH_MAX * 2 + 7; i++) connection.sendOrQueue({ type: 'played', slideId: `s${i}`, startedAt: new Date(i * 1000).toISOString(), durationMs: 1000 });
    latest().open();
    latest().receive({ type: 'welcome', protocolVersion: 1, screenId: 's1', serverTime: Date.now() });
    const batches = latest().sent.filter((m) => (m as { type: string }).type === 'playedBatch') as { items: { slideId: string }[] }[];
    expect(batches.map((b) => b.items.length)).toEqual([PLAYED_BATCH_MAX, PLAYED_BATCH_MAX, 7]);
    expect(batches[0]!.items[0]!.slideId).toBe('s0');
    for (const b of batches) expect(JSON.stringify(b).length).toBeLessThan(PLAYER_MAX_PAYLOAD);
  });
});

describe('PlayedQueue', () => {
  const memory = (): Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> => {
    const m = new Map<string, string>();
    return { getItem: (k) => m.get(k) ?? null, setItem: (k, v) => void m.set(k, v), removeItem: (k) => void m.delete(k) };
  };
  const record = (i: number) => ({ slideId: `s${i}`, startedAt: new Date(i * 1000).toISOString(), durationMs: 1000 });

  it('survives a reload through its storage', () => {
    const storage = memory();
    new PlayedQueue(storage, 'k').push(record(1));
    const again = new PlayedQueue(storage, 'k');
    expect(again.peek(10)).toEqual([record(1)]);
  });

  it('drops the oldest records first when full and counts them', () => {
    const queue = new PlayedQueue(memory(), 'k', 3);
    for (let i = 0; i < 5; i++) queue.push(record(i));
    expect(queue.peek(10).map((r) => r.slideId)).toEqual(['s2', 's3', 's4']);
    expect(queue.takeDropped()).toBe(2);
    expect(queue.dropped).toBe(0);
  });
});
