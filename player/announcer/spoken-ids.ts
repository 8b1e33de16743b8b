/**
 * The calls this screen has already announced, kept in localStorage so that a reload (or the
 * server replaying recent calls after a reconnect) never speaks a call twice. A call is its id and
 * createdAt (queue/call-key.ts): a reused id on a new call is spoken. Bounded: only the newest
 * SPOKEN_IDS_LIMIT entries are kept — a call older than that is long expired anyway.
 * Stored as a JSON array of strings; entries written before createdAt was kept are plain ids.
 */
import type { QueueCall } from '../../content/model';
import { callKey } from '../queue/call-key';

/** How many announced calls are remembered. */
export const SPOKEN_IDS_LIMIT = 200;

/** The slice of `Storage` we use, so tests pass a plain object. */
export type KeyValueStorage = Pick<Storage, 'getItem' | 'setItem'>;

/** What SpokenIds needs of a call. */
export type SpokenCall = Pick<QueueCall, 'id' | 'createdAt'>;

/** A bounded, persisted, insertion-ordered set of announced calls. */
export class SpokenIds {
  private readonly keys: string[] = [];
  private readonly set = new Set<string>();

  /**
   * `loadedAt` (server-corrected ms) bounds the old plain-id entries: such an id stands for a call
   * posted before this page loaded, so it matches only a call with that id created at or before
   * then (the replay of the one spoken), never a newer call that reuses the id. Without it they match
   * by id alone.
   */
  constructor(
    private readonly storage: KeyValueStorage | null,
    private readonly key: string,
    private readonly limit = SPOKEN_IDS_LIMIT,
    private readonly loadedAt = Infinity,
  ) {
    for (const k of this.load()) this.remember(k);
  }

  has(call: SpokenCall): boolean {
    if (this.set.has(callKey(call))) return true;
    return this.set.has(call.id) && !(Date.parse(call.createdAt) > this.loadedAt);
  }

  /** Remember `call` (and write the set through to storage). */
  add(call: SpokenCall): void {
    const k = callKey(call);
    if (this.set.has(k)) return;
    this.remember(k);
    this.save();
  }

  private remember(k: string): void {
    this.keys.push(k);
    this.set.add(k);
    while (this.keys.length > this.limit) this.set.delete(this.keys.shift()!);
  }

  private load(): string[] {
    try {
      const raw = this.storage?.getItem(this.key);
      const parsed: unknown = raw ? JSON.parse(raw) : [];
      // Old plain ids (no separator) are kept as they are: see `loadedAt`.
      return Array.isArray(parsed) ? parsed.filter((v): v is string => typeof v === 'string').slice(-this.limit) : [];
    } catch {
      // A hand-edited or corrupt entry must not stop the announcer; we start afresh.
      return [];
    }
  }

  private save(): void {
    try {
      this.storage?.setItem(this.key, JSON.stringify(this.keys));
    } catch (err) {
      // Full or disabled storage: we still announce once per call while the page lives.
      console.warn('[announcer] cannot persist spoken ids', err);
    }
  }
}

