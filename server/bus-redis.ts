/**
 * The cluster bus: the in-process bus's interface over Redis pub/sub. Local listeners get an event at
 * once (as with the memory bus); every other instance gets it from the channel. Pub/sub is
 * fire-and-forget, so each message carries its sender and a sequence number: a gap, or a subscriber
 * that reconnected, triggers `onResync` (the caller reloads and re-announces what may have been missed).
 * A second connection subscribes (a subscribed connection cannot run commands); the first one also
 * serves shared short-lived state (`redis` below).
 */
import { randomBytes } from 'node:crypto';
import { createClient } from 'redis';
import type { ScreenCommand, ScreenStatus } from '../content/protocol';
import type { Bus, BusEvent } from './bus';
import { withTimeout } from './with-timeout';

// No offline queue: an event that cannot go out now must fail now, not arrive minutes late.
const connectRedis = (url: string) =>
  createClient({ url, disableOfflineQueue: true, socket: { reconnectStrategy: (n) => Math.min(100 * 2 ** n, 2000), connectTimeout: 3000 } });
/** A command connection to the cluster's Redis. */
export type RedisClient = ReturnType<typeof connectRedis>;

export interface RedisBus extends Bus {
  readonly kind: 'redis';
  /** The command connection, for shared state (claims, presence). */
  readonly redis: RedisClient;
  /** Key prefix of this installation (lets test runs share one Redis). */
  readonly prefix: string;
  /** Both connections are up. */
  ready(): boolean;
  /** Cluster-internal messages that hubs never see (screen statuses): to every other instance, best effort. */
  publishSide(message: SideMessage): void;
  onSide(listener: (message: SideMessage, from: string) => void): () => void;
  /** Delivers to this instance's listeners only (a resync re-announces locally what may have been missed). */
  publishLocal(event: BusEvent): void;
  /** Resolves when Redis answers within `timeoutMs`. */
  ping(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export interface RedisBusOptions {
  /** Channel and key prefix (default `hs:`); tests use a random one per run. */
  prefix?: string;
  /** Awaited before a remote `changed` event is delivered (the store catches up first, so hubs see the change). */
  beforeChanged?: () => Promise<void>;
  /** Called when messages may have been missed (reconnect, sequence gap). */
  onResync?: () => void;
  onError?: (err: unknown) => void;
}

/** What instances tell each other besides bus events. */
export type SideMessage =
  | { type: 'screenStatus'; statuses: ScreenStatus[] }
  /** A command for a screen held by whichever instance has it; `requestId` is what the operator got. */
  | { type: 'command'; screenId: string; command: ScreenCommand; requestId: string }
  /** A screen's ack of an item tracked by another instance (the one that accepted the call). */
  | { type: 'ack'; kind: 'call' | 'override'; id: string; screenId: string; at: number; audioStartedAt?: number }
  | { type: 'commandDone'; done: { screenId: string; command: ScreenCommand; requestId?: string; ok: boolean; message?: string } };

type Envelope = { o: string; n: number; e: BusEvent; s?: undefined } | { o: string; s: SideMessage; n?: undefined; e?: undefined };

/** Connects both clients; resolves once subscribed. */
export async function openRedisBus(url: string, opts: RedisBusOptions = {}): Promise<RedisBus> {
  const prefix = opts.prefix ?? 'hs:';
  const channel = `${prefix}bus`;
  const onError = opts.onError ?? ((err) => console.error('[redis]', err));
  const origin = randomBytes(8).toString('hex');
  const listeners = new Set<(event: BusEvent) => void>();
  const sideListeners = new Set<(message: SideMessage, from: string) => void>();
  const deliver = (event: BusEvent): void => {
    for (const l of listeners) {
      try {
        l(event);
      } catch (err) {
        onError(err);
      }
    }
  };

  const pub = connectRedis(url);
  const sub = pub.duplicate();
  pub.on('error', onError);
  sub.on('error', onError);

  let seq = 0;
  const lastSeen = new Map<string, number>();
  let changedChain: Promise<void> = Promise.resolve();
  const onMessage = (raw: string): void => {
    let msg: Envelope;
    try {
      msg = JSON.parse(raw) as Envelope;
    } catch (err) {
      return onError(err);
    }
    if (msg.o === origin) return;
    if (msg.s) {
      for (const l of sideListeners) l(msg.s, msg.o);
      return;
    }
    const last = lastSeen.get(msg.o);
    lastSeen.set(msg.o, msg.n);
    if (last !== undefined && msg.n !== last + 1) opts.onResync?.();
    const event = msg.e;
    if (event.type === 'changed' && opts.beforeChanged) {
      // In order among themselves; calls do not wait behind a store catch-up.
      const before = opts.beforeChanged;
      changedChain = changedChain.then(before).catch(onError).then(() => deliver(event));
    } else deliver(event);
  };

  let connectedOnce = false;
  sub.on('ready', () => {
    if (connectedOnce) opts.onResync?.();
    connectedOnce = true;
  });
  await pub.connect();
  await sub.connect();
  await sub.subscribe(channel, onMessage);

  return {
    kind: 'redis',
    redis: pub,
    prefix,
    publish(event) {
      deliver(event);
      const envelope: Envelope = { o: origin, n: ++seq, e: event };
      if (!pub.isReady) return onError(new Error(`[redis] not connected: ${event.type} event not sent to other instances`));
      pub.publish(channel, JSON.stringify(envelope)).catch(onError);
    },
    publishLocal: deliver,
    publishSide(message) {
      if (pub.isReady) pub.publish(channel, JSON.stringify({ o: origin, s: message })).catch(onError);
    },
    onSide(listener) {
      sideListeners.add(listener);
      return () => sideListeners.delete(listener);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    ready: () => pub.isReady && sub.isReady,
    async ping(timeoutMs = 1500) {
      if (!pub.isReady) throw new Error('redis not connected');
      await withTimeout(pub.ping(), timeoutMs, 'redis did not answer in time');
    },
    async close() {
      listeners.clear();
      await Promise.allSettled([sub.quit(), pub.quit()]);
    },
  };
}
