/**
 * The event bus between request handlers and socket hubs. In-process by default; a Redis or NATS
 * adapter implements the same interface so several server instances share events.
 */
import type { CollectionName } from './store/data';
import type { QueueCall } from '../content/model';
import type { BoardDelta, QueueEvent, QueueState } from '../content/queue';

export type BusEvent =
  /** Stored content changed: hubs recompute manifests and push those that differ. */
  | { type: 'changed'; collection: CollectionName }
  /**
   * A queue call for these screens; `board` is what it changed on its hall's board (sent inside the
   * call frame) and `state` the hall's board after it, for the hall's screens the frame does not reach.
   * `event` is the queue event that made the change: another instance applies it to its own state
   * (server/queue/hall-queues.ts) and, before any other listener sees the message, puts its own
   * `board`/`state` in place of the sender's, so each instance's screens get one revision sequence.
   */
  | { type: 'call'; call: QueueCall; screenIds: readonly string[]; board?: BoardDelta; state?: QueueState; event?: QueueEvent }
  /** A hall's queue board state changed: every connected screen of that hall gets it. `event` as for calls. */
  | { type: 'queueState'; state: QueueState; event?: QueueEvent }
  /**
   * A recorded voice clip was replaced or dropped (in the shared folder): every instance reloads its clips,
   * so the `version` in each call's audioUrl is the same whichever instance makes the call.
   */
  | { type: 'voiceChanged'; version: string };

export interface Bus {
  publish(event: BusEvent): void;
  /** Delivers to this instance's listeners only (default: `publish`, which is local in one process). */
  publishLocal?(event: BusEvent): void;
  /** Returns the unsubscribe function. */
  subscribe(listener: (event: BusEvent) => void): () => void;
}

/** A synchronous in-process bus; a throwing listener is logged by the caller's wrapper, never fatal. */
export function createMemoryBus(onError: (err: unknown) => void = () => {}): Bus {
  const listeners = new Set<(event: BusEvent) => void>();
  return {
    publish(event) {
      for (const l of listeners) {
        try {
          l(event);
        } catch (err) {
          onError(err);
        }
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
