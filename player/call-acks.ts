/**
 * The acks a screen sends for each call: once it is drawn (`shownAt`) and again when its audio starts
 * (`audioStartedAt`, or in the first one when the audio came first). Apart from the player because it
 * is the latency record the live console reads, with its own memory bound and its own rule for when an
 * ack may go out; the player only says when a call was drawn and when it sounded.
 */
import type { QueueCall } from '../content/model';
import type { PlayerMessage } from '../content/protocol';
import { callKey } from './queue/call-key';

/** Calls whose acks we track (shown, then audio started), oldest forgotten first. */
const ACK_RECORDS = 200;

interface AckRecord {
  shownAt?: number;
  audioStartedAt?: number;
}

export class CallAcks {
  /** Per call: when it was first drawn and when its audio started (server time). */
  private readonly records = new Map<string, AckRecord>();

  constructor(private readonly deps: { now: () => number; send: (message: PlayerMessage) => unknown }) {}

  /** The call is on screen now (the frame that shows it is out). */
  shown(call: QueueCall): void {
    const record = this.recordOf(call);
    // Server-corrected, so the server can subtract its own createdAt even if this device's clock is off.
    record.shownAt = this.deps.now();
    this.send(call.id, record);
  }

  /** The announcement started sounding: a second ack with `audioStartedAt` (or part of the first). */
  audioStarted(call: QueueCall, at: number): void {
    const record = this.recordOf(call);
    record.audioStartedAt = at;
    if (record.shownAt !== undefined) this.send(call.id, record);
  }

  /** Per call (id and createdAt): a new call reusing an old id must not inherit the old one's shownAt. */
  private recordOf(call: QueueCall): AckRecord {
    const key = callKey(call);
    let record = this.records.get(key);
    if (!record) {
      record = {};
      this.records.set(key, record);
      if (this.records.size > ACK_RECORDS) this.records.delete(this.records.keys().next().value!);
    }
    return record;
  }

  private send(id: string, record: AckRecord): void {
    if (record.shownAt === undefined) return;
    this.deps.send({ type: 'ack', kind: 'call', id, shownAt: record.shownAt, ...(record.audioStartedAt !== undefined && { audioStartedAt: record.audioStartedAt }) });
  }
}
