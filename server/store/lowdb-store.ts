/**
 * The embedded store: JSON files through lowdb (the only importer of lowdb). lowdb writes a temp
 * file and renames it, so a crash never leaves half a file; we serialize writes ourselves because
 * lowdb's own `update` does not await its callback; writes queued while one is in flight are written
 * together. Content lives in STORE_FILE; calls and queue states, which change with every call, in
 * LIVE_FILE, so a call rewrites a few hundred KB instead of every screen of the district.
 */
import { existsSync } from 'node:fs';
import { chmod, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { JSONFile } from 'lowdb/node';
import { Data, LIVE_COLLECTIONS, LiveData, emptyData, type CollectionName, type Item } from './data';
import type { Store, Transaction } from './store';

/** The store's file inside DATA_DIR. */
export const STORE_FILE = 'hall-signage.json';
/** Calls and queue states, inside DATA_DIR. */
export const LIVE_FILE = 'hall-signage-live.json';
/** DATA_DIR and what the server writes in it are for the server's user only (staff hashes, keys, calls). */
export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;
const isLive = (c: CollectionName): boolean => (LIVE_COLLECTIONS as readonly string[]).includes(c);

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
  /** Which files this transaction touches. */
  get touches(): { content: boolean; live: boolean } {
    const all = [...this.changed];
    return { content: all.some((c) => !isLive(c)), live: all.some(isLive) };
  }
}

const invalid = (file: string, error: { issues: { path: PropertyKey[]; message: string }[] }): Error => {
  const issue = error.issues[0];
  return new Error(`[store] ${file} is not a valid store file at ${issue?.path.map(String).join('.')}: ${issue?.message}`);
};

/** Opens (or creates) the store file in `dataDir`; throws with the offending path if the file is invalid. */
/** Reads a store file; a JSON syntax error names the file instead of failing anonymously. */
async function readOrExplain<T>(read: () => Promise<T | null>, file: string): Promise<T | null> {
  try {
    return await read();
  } catch (err) {
    throw new Error(`[store] ${file} is not valid JSON: ${(err as Error).message}`);
  }
}

export async function openLowdbStore(dataDir: string): Promise<Store & { readonly file: string; readonly created: boolean }> {
  await mkdir(dataDir, { recursive: true, mode: PRIVATE_DIR_MODE });
  // An existing DATA_DIR made with the default umask is closed too; one we cannot chmod (not ours) is left.
  await chmod(dataDir, PRIVATE_DIR_MODE).catch(() => undefined);
  const file = path.join(dataDir, STORE_FILE);
  // NOTE: not JSONFilePreset: it silently switches to memory under NODE_ENV=test (vitest sets it).
  // The adapters are used directly: the in-memory state is ours, and each write gets its own object.
  const liveFile = path.join(dataDir, LIVE_FILE);
  // lowdb's writer creates each temp file with the process umask; the renamed file is narrowed to 0600 after
  // every write (DATA_DIR is 0700 already, so nobody else can reach it in between).
  const privateFile = <T>(target: string): { read(): Promise<T | null>; write(data: T): Promise<void> } => {
    const adapter = new JSONFile<T>(target);
    return { read: () => adapter.read(), write: async (data) => { await adapter.write(data); await chmod(target, PRIVATE_FILE_MODE); } };
  };
  const contentFile = privateFile<Data>(file);
  const liveAdapter = privateFile<LiveData>(liveFile);
  const created = !existsSync(file);
  // A file whose text is `null` must fail validation, not pass for a new, empty store.
  const parsed = Data.safeParse(created ? emptyData() : await readOrExplain(() => contentFile.read(), file));
  if (!parsed.success) throw invalid(file, parsed.error);
  const hasLive = existsSync(liveFile);
  if (hasLive) {
    const live = LiveData.safeParse(await readOrExplain(() => liveAdapter.read(), liveFile));
    if (!live.success) throw invalid(liveFile, live.error);
    parsed.data.calls = live.data.calls;
    parsed.data.queues = live.data.queues;
  }
  const db = { data: parsed.data };
  /** Writes the files a change touched: the content without the live collections, and the live ones. */
  let rewriteBoth = false;
  const writeFiles = async (data: Data, touches: { content: boolean; live: boolean }): Promise<void> => {
    // After a failed round, both files are rewritten from memory, so a half-written batch cannot linger.
    const both = rewriteBoth;
    const results = await Promise.allSettled([
      (touches.content || both) && contentFile.write({ ...data, calls: [], queues: [] }),
      (touches.live || both) && liveAdapter.write({ calls: data.calls, queues: data.queues }),
    ]);
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    rewriteBoth = failed !== undefined;
    if (failed) throw failed.reason;
  };
  // A store from before the split keeps its calls in the content file: they move on first open.
  if (created || !hasLive) {
    // Live first, then content: a crash in between leaves the calls in both files, never in neither.
    await liveAdapter.write({ calls: db.data.calls, queues: db.data.queues });
    await contentFile.write({ ...db.data, calls: [], queues: [] });
  }

  // Group commit: transactions queued while a write is in flight run one after another against the
  // latest draft and are written together, so a burst (20 calls in a second) costs one file write per
  // round instead of one each. Each resolves only once its change is on disk.
  interface Pending {
    fn: (tx: Transaction) => unknown;
    resolve: (value: unknown) => void;
    reject: (err: unknown) => void;
  }
  let queue: Pending[] = [];
  let running: Promise<void> | undefined;
  let closed = false;

  const drain = async (): Promise<void> => {
    while (queue.length > 0) {
      const batch = queue;
      queue = [];
      if (closed) {
        for (const p of batch) p.reject(new Error('[store] closed'));
        continue;
      }
      const before = db.data;
      let draft = before;
      const touches = { content: false, live: false };
      const ran: { p: Pending; result: unknown }[] = [];
      for (const p of batch) {
        const tx = new DraftTransaction({ ...draft });
        try {
          const result = p.fn(tx);
          // A throwing fn leaves `draft` untouched: the transaction copied every list it changed.
          if (tx.dirty) {
            draft = tx.draft;
            touches.content ||= tx.touches.content;
            touches.live ||= tx.touches.live;
          }
          ran.push({ p, result });
        } catch (err) {
          p.reject(err);
        }
      }
      if (draft !== before) {
        db.data = draft;
        try {
          await writeFiles(draft, touches);
        } catch (err) {
          db.data = before;
          for (const r of ran) r.p.reject(err);
          continue;
        }
      }
      for (const r of ran) r.p.resolve(r.result);
    }
  };
  const kick = (): void => {
    if (running) return;
    running = Promise.resolve()
      .then(drain)
      .finally(() => {
        running = undefined;
        if (queue.length > 0) kick();
      });
  };

  return {
    file,
    created,
    list: (c) => db.data[c] as never,
    get: (c, id) => (db.data[c] as { id: string }[]).find((i) => i.id === id) as never,
    transact<T>(fn: (tx: Transaction) => T): Promise<T> {
      if (closed) return Promise.reject(new Error('[store] closed'));
      return new Promise<T>((resolve, reject) => {
        queue.push({ fn, resolve: resolve as (v: unknown) => void, reject });
        kick();
      });
    },
    async close() {
      while (running) await running;
      closed = true;
    },
  };
}
