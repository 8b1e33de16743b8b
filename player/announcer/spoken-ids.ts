/**
 * The call ids this screen has already announced, kept in localStorage so that a reload (or the
 * server replaying recent calls after a reconnect) never speaks a call twice. Bounded: only the
 * newest SPOKEN_IDS_LIMIT ids are kept — a call older than that is long expired anyway.
 */

/** How many announced ids are remembered. */
export const SPOKEN_IDS_LIMIT = 200;

/** The slice of `Storage` we use, so tests pass a plain object. */
export type KeyValueStorage = Pick<Storage, 'getItem' | 'setItem'>;

/** A bounded, persisted, insertion-ordered set of call ids. */
export class SpokenIds {
  private readonly ids: string[] = [];
  private readonly set = new Set<string>();

  constructor(
    private readonly storage: KeyValueStorage | null,
    private readonly key: string,
    private readonly limit = SPOKEN_IDS_LIMIT,
  ) {
    for (const id of this.load()) this.remember(id);
  }

  has(id: string): boolean {
    return this.set.has(id);
  }

  /** Remember `id` (and write the set through to storage). */
  add(id: string): void {
    if (this.set.has(id)) return;
    this.remember(id);
    this.save();
  }

  private remember(id: string): void {
    this.ids.push(id);
    this.set.add(id);
    while (this.ids.length > this.limit) this.set.delete(this.ids.shift()!);
  }

  private load(): string[] {
    try {
      const raw = this.storage?.getItem(this.key);
      const parsed: unknown = raw ? JSON.parse(raw) : [];
      return Array.isArray(parsed) ? parsed.filter((v): v is string => typeof v === 'string').slice(-this.limit) : [];
    } catch {
      // A hand-edited or corrupt entry must not stop the announcer; we start afresh.
      return [];
    }
  }

  private save(): void {
    try {
      this.storage?.setItem(this.key, JSON.stringify(this.ids));
    } catch (err) {
      // Full or disabled storage: we still announce once per id while the page lives.
      console.warn('[announcer] cannot persist spoken ids', err);
    }
  }
}
