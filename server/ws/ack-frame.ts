/**
 * A cheap reader for the frame a player sends most: the ack of a call (one per screen per call, so
 * a call to 1,000 screens is 1,000 of them within milliseconds). Players write it with
 * `JSON.stringify` in a fixed key order; this pattern accepts exactly that form and only values the
 * `PlayerMessage` schema accepts too (kind enum, id 1–64 plain characters, finite numbers), so it is
 * a validation, not a shortcut around one. Anything else (other key order, escapes, exponents) goes
 * through JSON.parse and the schema as before.
 */
import type { PlayerMessage } from '../../content/protocol';

type Ack = Extract<PlayerMessage, { type: 'ack' }>;

const NUM = '(-?(?:0|[1-9]\\d{0,15})(?:\\.\\d{1,20})?)';
const ACK = new RegExp(`^\\{"type":"ack","kind":"(call|override)","id":"([A-Za-z0-9_.:~-]{1,64})","shownAt":${NUM}(?:,"audioStartedAt":${NUM})?\\}$`);
/** Frames longer than this cannot be an ack of the canonical form. */
const MAX_ACK_CHARS = 200;

/** The ack in `raw`, or undefined when `raw` is not a canonical ack frame (then parse it in full). */
export function readAckFrame(raw: string): Ack | undefined {
  if (raw.length > MAX_ACK_CHARS || !raw.startsWith('{"type":"ack"')) return undefined;
  const m = ACK.exec(raw);
  if (!m) return undefined;
  const ack: Ack = { type: 'ack', kind: m[1] as Ack['kind'], id: m[2]!, shownAt: Number(m[3]) };
  if (m[4] !== undefined) ack.audioStartedAt = Number(m[4]);
  return ack;
}
