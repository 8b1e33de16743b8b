/**
 * The store interface. Reads are synchronous snapshots; writes go through `transact`, which runs
 * serialized with every other write and resolves only once the change is durable. The lowdb file is
 * the embedded default; a PostgreSQL adapter implements the same interface.
 */
import type { CollectionName, Item } from './data';

/** Read access to the current state. Returned arrays must not be mutated. */
export interface StoreReader {
  list<C extends CollectionName>(collection: C): readonly Item<C>[];
  get<C extends CollectionName>(collection: C, id: string): Item<C> | undefined;
}

/** A write in progress: sees its own changes; applied all together or not at all. */
export interface Transaction extends StoreReader {
  insert<C extends CollectionName>(collection: C, item: Item<C>): Item<C>;
  /** Replaces the item with the same id; throws if absent. */
  replace<C extends CollectionName>(collection: C, item: Item<C>): Item<C>;
  remove<C extends CollectionName>(collection: C, id: string): boolean;
  /** Keeps only the items for which `keep` is true (pruning, cascades). */
  retain<C extends CollectionName>(collection: C, keep: (item: Item<C>) => boolean): number;
}

export interface Store extends StoreReader {
  /**
   * Runs `fn` against the latest state, after every earlier write, and persists what it changed.
   * If `fn` throws, nothing changes. Resolves with `fn`'s result once the data is on disk.
   */
  transact<T>(fn: (tx: Transaction) => T): Promise<T>;
  close(): Promise<void>;
  /** Problems that do not stop writes but need an operator (the embedded store's failing compaction), for `/healthz`. */
  warnings?(): string[];
}
