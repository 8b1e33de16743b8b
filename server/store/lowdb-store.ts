/**
 * The embedded store: one JSON file through lowdb (the only importer of lowdb). lowdb writes a temp
 * file and renames it, so a crash never leaves half a file; we serialize writes ourselves because
 * lowdb's own `update` does not await its callback.
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { Low } from 'lowdb';
import { JSONFile } from 'lowdb/node';
import { Data, emptyData, type CollectionName, type Item } from './data';
import type { Store, Transaction } from './store';

/** The store's file inside DATA_DIR. */
export const STORE_FILE = 'hall-signage.json';

class DraftTransaction implements Transaction {
  private readonly changed = new Set<CollectionName>();
  constructor(readonly draft: Data) {}

  private own<C extends CollectionName>(c: C): Item<C>[] {
    if (!this.changed.has(c)) {
      (this.draft[c] as unknown[]) = [...this.draft[c]];
      this.changed.add(c);
    }
    return this.draft[c] as Item<C>[];
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
    return item;
  }
  replace<C extends CollectionName>(c: C, item: Item<C>): Item<C> {
    const list = this.own(c);
    const at = list.findIndex((i) => i.id === item.id);
    if (at < 0) throw new Error(`[store] no ${item.id} in ${c}`);
    list[at] = item;
    return item;
  }
  remove<C extends CollectionName>(c: C, id: string): boolean {
    return this.retain(c, (i) => i.id !== id) > 0;
  }
  retain<C extends CollectionName>(c: C, keep: (item: Item<C>) => boolean): number {
    const before = this.draft[c].length;
    if (!(this.draft[c] as Item<C>[]).some((i) => !keep(i))) return 0;
    (this.draft[c] as unknown[]) = (this.draft[c] as Item<C>[]).filter(keep);
    this.changed.add(c);
    return before - this.draft[c].length;
  }
  get dirty(): boolean {
    return this.changed.size > 0;
  }
}

/** Opens (or creates) the store file in `dataDir`; throws with the offending path if the file is invalid. */
export async function openLowdbStore(dataDir: string): Promise<Store & { readonly file: string; readonly created: boolean }> {
  await mkdir(dataDir, { recursive: true });
  const file = path.join(dataDir, STORE_FILE);
  // NOTE: not JSONFilePreset: it silently switches to memory under NODE_ENV=test (vitest sets it).
  const db = new Low<Data>(new JSONFile<Data>(file), emptyData());
  const created = !existsSync(file);
  await db.read();
  const parsed = Data.safeParse(db.data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`[store] ${file} is not a valid store file at ${issue?.path.join('.')}: ${issue?.message}`);
  }
  db.data = parsed.data;
  if (created) await db.write();

  let tail: Promise<unknown> = Promise.resolve();
  let closed = false;
  return {
    file,
    created,
    list: (c) => db.data[c] as never,
    get: (c, id) => (db.data[c] as { id: string }[]).find((i) => i.id === id) as never,
    transact<T>(fn: (tx: Transaction) => T): Promise<T> {
      const run = async (): Promise<T> => {
        if (closed) throw new Error('[store] closed');
        const before = db.data;
        const tx = new DraftTransaction({ ...before });
        const result = fn(tx);
        if (!tx.dirty) return result;
        db.data = tx.draft;
        try {
          await db.write();
        } catch (err) {
          db.data = before;
          throw err;
        }
        return result;
      };
      const p = tail.then(run, run);
      tail = p.catch(() => undefined);
      return p;
    },
    async close() {
      await tail;
      closed = true;
    },
  };
}
