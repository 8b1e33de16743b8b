/**
 * Acks across instances: a call is tracked by the instance that accepted it, but its screens may ack
 * to any instance. An ack this instance does not track is forwarded (Redis side message); the instance
 * that tracks it records it and tells its editors, so `GET /api/queue/calls/:id/acks` is complete there.
 */
import type { RedisBus } from '../bus-redis';
import type { AckKind, AckTracker } from '../queue/acks';

/** The tracker the player hub records into: local first, else forwarded. */
export function forwardingAcks(deps: { bus: Pick<RedisBus, 'publishSide' | 'onSide'>; acks: AckTracker; onCallAck: (callId: string, screenId: string, latencyMs: number) => void }): AckTracker & { close(): void } {
  const { bus, acks } = deps;
  const unsubscribe = bus.onSide((msg) => {
    if (msg.type !== 'ack') return;
    const rec = acks.ack(msg.kind, msg.id, msg.screenId, msg.at, msg.audioStartedAt);
    if (rec && msg.kind === 'call') deps.onCallAck(msg.id, msg.screenId, rec.latencyMs);
  });
  return {
    ...acks,
    ack(kind: AckKind, id: string, screenId: string, at: number, audioStartedAt?: number) {
      const rec = acks.ack(kind, id, screenId, at, audioStartedAt);
      if (!rec && !acks.get(kind, id)) bus.publishSide({ type: 'ack', kind, id, screenId, at, ...(audioStartedAt !== undefined && { audioStartedAt }) });
      return rec;
    },
    close: () => void unsubscribe(),
  };
}
