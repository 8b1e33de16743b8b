/**
 * What makes two queue calls the same call on a screen: the id *and* the instant it was posted.
 * The server takes a queue system's idempotency key as the call id and, after a restart, only
 * remembers its last stored calls, so a key reused later (a ticket number the next day) comes back
 * as the id of a new call. A real repeat (replay after a reconnect or reload) is the same QueueCall
 * object again, so it carries the same createdAt and is still recognised.
 */
import type { QueueCall } from '../../content/model';

/** Separates id and instant in a key; ids never hold a NUL. */
export const CALL_KEY_SEPARATOR = '\u0000';

/** The dedup key of a call: its id and its createdAt in ms (so two spellings of one instant agree). */
export function callKey(call: Pick<QueueCall, 'id' | 'createdAt'>): string {
  return `${call.id}${CALL_KEY_SEPARATOR}${Date.parse(call.createdAt)}`;
}

/** Whether `a` and `b` are the same call (a repeat), not merely calls that share an id. */
export function sameCall(a: Pick<QueueCall, 'id' | 'createdAt'> | null | undefined, b: Pick<QueueCall, 'id' | 'createdAt'> | null | undefined): boolean {
  return !!a && !!b && a.id === b.id && Date.parse(a.createdAt) === Date.parse(b.createdAt);
}

/** A bounded, insertion-ordered set of calls by callKey: the oldest goes first past `limit`. */
export class CallSet {
  private readonly keys = new Set<string>();

  constructor(private readonly limit: number) {}

  /** Whether this very call (id and createdAt) is in the set. */
  has(call: Pick<QueueCall, 'id' | 'createdAt'>): boolean {
    return this.keys.has(callKey(call));
  }

  /** Add `call`; false when it was there already (a repeat). */
  add(call: Pick<QueueCall, 'id' | 'createdAt'>): boolean {
    const key = callKey(call);
    if (this.keys.has(key)) return false;
    this.keys.add(key);
    if (this.keys.size > this.limit) this.keys.delete(this.keys.values().next().value!);
    return true;
  }
}
