/**
 * A PostgreSQL store transaction in memory: copy-on-write lists over the snapshot, plus the ids it
 * wrote and removed, so the commit writes only changed rows.
 */
import type { CollectionName, Data, Item } from './data';
import type { Transaction } from './store';

/** Rows a batch of transactions wrote (upserts) or removed, per collection. */
export interface ChangeSet {
  upserts: Map<CollectionName, Set<string>>;
  deletes: Map<CollectionName, Set<string>>;
}

export const emptyChanges = (): ChangeSet => ({ upserts: new Map(), deletes: new Map() });

const setOf = (m: Map<CollectionName, Set<string>>, c: CollectionName): Set<string> => {
  let s = m.get(c);
  if (!s) m.set(c, (s = new Set()));
  return s;
};

/** Folds `next` into `into` (later writes win: an id removed then inserted again is an upsert). */
export function mergeChanges(into: ChangeSet, next: ChangeSet): void {
  for (const [c, ids] of next.deletes) for (const id of ids) {
    setOf(into.deletes, c).add(id);
    into.upserts.get(c)?.delete(id);
  }
  for (const [c, ids] of next.upserts) for (const id of ids) {
    setOf(into.upserts, c).add(id);
    into.deletes.get(c)?.delete(id);
  }
}

export class PgDraft implements Transaction {
  readonly changes = emptyChanges();
  private readonly owned = new Set<CollectionName>();
  readonly draft: Data;
  constructor(base: Data) {
    this.draft = { ...base };
  }

  private own<C extends CollectionName>(c: C): Item<C>[] {
    if (!this.owned.has(c)) {
      (this.draft[c] as unknown[]) = [...this.draft[c]];
      this.owned.add(c);
    }
    return this.draft[c] as Item<C>[];
  }
  private wrote(c: CollectionName, id: string): void {
    setOf(this.changes.upserts, c).add(id);
    this.changes.deletes.get(c)?.delete(id);
  }
  private removed(c: CollectionName, id: string): void {
    setOf(this.changes.deletes, c).add(id);
    this.changes.upserts.get(c)?.delete(id);
  }
  list<C extends CollectionName>(c: C): readonly Item<C>[] {
    return this.draft[c] as Item<C>[];
  }
  get<C extends CollectionName>(c: C, id: string): Item<C> | undefined {
    return (this.draft[c] as Item<C>[]).find((i) => i.id === id);
  }
  insert<C extends CollectionName>(c: C, item: Item<C>): Item<C> {
    if (this.get(c, item.id)) throw new Error(`[store] duplicate id ${item.id} in ${c}`);
    this.own(c).push(item);
    this.wrote(c, item.id);
    return item;
  }
  replace<C extends CollectionName>(c: C, item: Item<C>): Item<C> {
    const list = this.own(c);
    const at = list.findIndex((i) => i.id === item.id);
    if (at < 0) throw new Error(`[store] no ${item.id} in ${c}`);
    list[at] = item;
    this.wrote(c, item.id);
    return item;
  }
  remove<C extends CollectionName>(c: C, id: string): boolean {
    return this.retain(c, (i) => i.id !== id) > 0;
  }
  retain<C extends CollectionName>(c: C, keep: (item: Item<C>) => boolean): number {
    const list = this.draft[c] as Item<C>[];
    const gone = list.filter((i) => !keep(i));
    if (gone.length === 0) return 0;
    const goneIds = new Set(gone.map((i) => i.id));
    (this.draft[c] as unknown[]) = list.filter((i) => !goneIds.has(i.id));
    this.owned.add(c);
    for (const id of goneIds) this.removed(c, id);
    return gone.length;
  }
  get dirty(): boolean {
    return this.changes.upserts.size > 0 || this.changes.deletes.size > 0;
  }
}

/** Applies rows read from the database to a snapshot: replaced in place, new ones appended (in `seq` order), deleted ones dropped. */
export function applyRows(data: Data, rows: readonly { collection: string; id: string; deleted: boolean; data: unknown }[]): Set<CollectionName> {
  const touched = new Set<CollectionName>();
  const byCollection = new Map<CollectionName, typeof rows[number][]>();
  for (const r of rows) {
    if (!(r.collection in data) || r.collection === 'schemaVersion') continue;
    const c = r.collection as CollectionName;
    let list = byCollection.get(c);
    if (!list) byCollection.set(c, (list = []));
    list.push(r);
  }
  for (const [c, changed] of byCollection) {
    const list = [...(data[c] as { id: string }[])];
    const index = new Map(list.map((item, i) => [item.id, i]));
    const drop = new Set<string>();
    for (const r of changed) {
      const at = index.get(r.id);
      if (r.deleted) {
        if (at !== undefined) drop.add(r.id);
        continue;
      }
      drop.delete(r.id);
      if (at !== undefined) list[at] = r.data as { id: string };
      else index.set(r.id, list.push(r.data as { id: string }) - 1);
    }
    (data[c] as unknown[]) = drop.size ? list.filter((i) => !drop.has(i.id)) : list;
    touched.add(c);
  }
  return touched;
}
