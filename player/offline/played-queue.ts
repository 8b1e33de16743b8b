/**
 * Proof of play recorded while the server is away: kept in localStorage (a reload or reboot during
 * the outage keeps it), bounded at PLAYED_QUEUE_MAX with the oldest dropped first and counted, and
 * handed out in batches for `playedBatch` once the screen is back.
 */
import { PLAYED_QUEUE_MAX, type PlayRecord } from '../../content/protocol';

interface Stored {
  items: PlayRecord[];
  dropped: number;
}

/** A bounded, persisted FIFO of play records. */
export class PlayedQueue {
  private items: PlayRecord[] = [];
  private droppedCount = 0;

  constructor(
    private readonly storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | null,
    private readonly key = 'hall-signage:played',
    private readonly max = PLAYED_QUEUE_MAX,
  ) {
    this.load();
  }

  get size(): number {
    return this.items.length;
  }

  /** Records dropped because the queue was full, since the last `takeDropped`. */
  get dropped(): number {
    return this.droppedCount;
  }

  push(record: PlayRecord): void {
    this.items.push(record);
    const over = this.items.length - this.max;
    if (over > 0) {
      this.items.splice(0, over);
      this.droppedCount += over;
    }
    this.save();
  }

  /** The oldest `n` records, left in the queue until `remove(n)` confirms they went out. */
  peek(n: number): PlayRecord[] {
    return this.items.slice(0, n);
  }

  remove(n: number): void {
    this.items.splice(0, n);
    this.save();
  }

  /** The dropped count, reset to 0 (it is reported once). */
  takeDropped(): number {
    const n = this.droppedCount;
    this.droppedCount = 0;
    this.save();
    return n;
  }

  private load(): void {
    try {
      const raw = this.storage?.getItem(this.key);
      if (!raw) return;
      const stored = JSON.parse(raw) as Partial<Stored>;
      if (Array.isArray(stored.items)) this.items = stored.items.slice(-this.max);
      if (typeof stored.dropped === 'number') this.droppedCount = stored.dropped;
    } catch {
      console.warn('[played] stored queue unreadable, starting empty');
    }
  }

  private save(): void {
    try {
      if (this.items.length === 0 && this.droppedCount === 0) this.storage?.removeItem(this.key);
      else this.storage?.setItem(this.key, JSON.stringify({ items: this.items, dropped: this.droppedCount } satisfies Stored));
    } catch (err) {
      // Storage full or blocked: the records still go out from memory if the page lives until reconnect.
      console.warn('[played] cannot persist the offline queue', err);
    }
  }
}
