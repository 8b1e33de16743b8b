/**
 * The embedded store: JSON files through lowdb (the only importer of lowdb). lowdb writes a temp
 * file and renames it, so a crash never leaves half a file; we serialize writes ourselves because
 * lowdb's own `update` does not await its callback; writes queued while one is in flight are written
 * together. Content lives in STORE_FILE; calls and queue states, which change with every call, in
 * LIVE_FILE (a snapshot) plus LIVE_JOURNAL (one appended line per write round, live-journal.ts), so a
 * call appends the few hundred bytes it changed instead of rewriting every call and board. The journal
 * is folded into the snapshot on open and whenever it has grown past JOURNAL_COMPACT_BYTES; the snapshot
 * is replaced durably (durable-file.ts: fsynced temp file, rename, fsynced directory) before the journal
 * is emptied. A compaction that fails leaves the journal as it was: appends go on, and it is retried
 * with backoff (compaction-retry.ts), the streak in `warnings()` (shown by `/healthz`).
 */
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { JSONFile } from 'lowdb/node';
import { Data, LIVE_COLLECTIONS, LiveData, emptyData, type CollectionName, type Item } from './data';
import { createCompactionRetry, type CompactionFailures } from './compaction-retry';
import { nodeFs, writeFileDurably, type StoreFs } from './durable-file';
import { OpRecorder, applyJournal, encodeLine, readJournal, type JournalOp } from './live-journal';
import type { Store, Transaction } from './store';

/** The store's file inside DATA_DIR. */
export const STORE_FILE = 'hall-signage.json';
/** Calls and queue states, inside DATA_DIR. */
export const LIVE_FILE = 'hall-signage-live.json';
/** The live collections' changes since LIVE_FILE was written, one line per write round, inside DATA_DIR. */
export const LIVE_JOURNAL = 'hall-signage-live.journal';
/** The journal is folded into the snapshot once it is this big (or 4× the snapshot, whichever is more). */
export const JOURNAL_COMPACT_BYTES = 4 * 1024 * 1024;
/** DATA_DIR and what the server writes in it are for the server's user only (staff hashes, keys, calls). */
export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;
const isLive = (c: CollectionName): boolean => (LIVE_COLLECTIONS as readonly string[]).includes(c);

class DraftTransaction implements Transaction {
  private readonly changed = new Set<CollectionName>();
  /** What it did to the live collections, for the journal. */
  readonly recorder = new OpRecorder();
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
    this.recorder.insert(c, item);
    return item;
  }
  replace<C extends CollectionName>(c: C, item: Item<C>): Item<C> {
    const list = this.own(c);
    const at = list.findIndex((i) => i.id === item.id);
    if (at < 0) throw new Error(`[store] no ${item.id} in ${c}`);
    this.recorder.replace(c, list[at], item);
    list[at] = item;
    return item;
  }
  remove<C extends CollectionName>(c: C, id: string): boolean {
    return this.retain(c, (i) => i.id !== id) > 0;
  }
  retain<C extends CollectionName>(c: C, keep: (item: Item<C>) => boolean): number {
    const list = this.draft[c] as Item<C>[];
    const kept: Item<C>[] = [];
    const gone: string[] = [];
    for (const item of list) (keep(item) ? kept.push(item) : gone.push(item.id));
    if (gone.length === 0) return 0;
    (this.draft[c] as unknown[]) = kept;
    this.changed.add(c);
    this.recorder.remove(c, gone);
    return gone.length;
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

export interface LowdbStoreOptions {
  /** Journal size that triggers a compaction (tests use a small one); default JOURNAL_COMPACT_BYTES. */
  compactBytes?: number;
  /** The live files' file operations (tests inject failing ones). */
  fs?: Partial<StoreFs>;
  /** For the compaction's retry times. */
  clock?: () => number;
  /** Told once when compactions start failing and once when one succeeds again. */
  warn?: (msg: string, err?: unknown) => void;
}

/** The journal's compaction, for health checks and alerts. */
export interface JournalStatus extends CompactionFailures {
  /** Bytes appended since the journal was last emptied. */
  journalBytes: number;
}

export async function openLowdbStore(
  dataDir: string,
  options: LowdbStoreOptions = {},
): Promise<Store & { readonly file: string; readonly created: boolean; journalStatus(): JournalStatus }> {
  const minCompact = options.compactBytes ?? JOURNAL_COMPACT_BYTES;
  const fs: StoreFs = { ...nodeFs, ...options.fs };
  const retry = createCompactionRetry(options.clock ?? Date.now, options.warn ?? ((msg, err) => console.warn(msg, err ?? '')), `the live journal ${LIVE_JOURNAL}`);
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
  let snapshotSeq = 0;
  if (hasLive) {
    const live = LiveData.safeParse(await readOrExplain(() => liveAdapter.read(), liveFile));
    if (!live.success) throw invalid(liveFile, live.error);
    parsed.data.calls = live.data.calls;
    parsed.data.queues = live.data.queues;
    snapshotSeq = live.data.journalSeq ?? 0;
  }
  /** The last journal line written (or folded into the snapshot). */
  let seq = snapshotSeq;
  const journalFile = path.join(dataDir, LIVE_JOURNAL);
  const journalText = existsSync(journalFile) ? await readFile(journalFile, 'utf8') : undefined;
  if (journalText) {
    const { lines } = readJournal(journalText, snapshotSeq, journalFile);
    if (lines.length > 0) {
      const live = { calls: [...parsed.data.calls], queues: [...parsed.data.queues] };
      applyJournal(live, lines, journalFile);
      const checked = LiveData.safeParse(live);
      if (!checked.success) throw invalid(journalFile, checked.error);
      parsed.data.calls = checked.data.calls;
      parsed.data.queues = checked.data.queues;
      seq = lines[lines.length - 1]!.s;
    }
  }
  const db = { data: parsed.data };

  /** Bytes appended to the journal since it was last emptied. */
  let journalBytes = 0;
  let compactAt = minCompact;
  /** Set after a failed round: the next one rewrites the snapshot, so a half-appended line cannot linger. */
  let mustCompact = false;
  const resetJournal = async (): Promise<void> => {
    // Every line in it is in the snapshot (journalSeq) already: emptying it loses nothing, even half-way.
    await fs.writeFile(journalFile, '', { mode: PRIVATE_FILE_MODE });
    await fs.chmod(journalFile, PRIVATE_FILE_MODE);
    journalBytes = 0;
  };
  /** Writes the snapshot of everything in memory; the journal's lines up to `seq` are in it from then on. */
  const writeSnapshot = async (data: Data): Promise<void> => {
    const text = JSON.stringify({ calls: data.calls, queues: data.queues, journalSeq: seq } satisfies LiveData, null, 2);
    await writeFileDurably(fs, liveFile, text, PRIVATE_FILE_MODE);
    compactAt = Math.max(minCompact, 4 * Buffer.byteLength(text));
  };
  /** Folds everything in memory into the snapshot, then empties the journal. */
  const compact = async (data: Data): Promise<void> => {
    try {
      await writeSnapshot(data);
      await resetJournal();
    } catch (err) {
      retry.failed(err);
      throw err;
    }
    retry.succeeded();
  };

  /** Writes what a round changed: the content without the live collections; the live ones as a journal line. */
  let rewriteBoth = false;
  const writeFiles = async (data: Data, touches: { content: boolean; live: boolean }, ops: JournalOp[]): Promise<void> => {
    // After a failed round, the content file is rewritten from memory and the live snapshot too, so a
    // half-written batch cannot linger.
    const both = rewriteBoth;
    const live = async (): Promise<void> => {
      // A failed line keeps its number: it may lie whole in the journal, and the next snapshot must outnumber it.
      seq += 1;
      // The journal may hold a line of this failed round (memory went back): a patch after it would
      // apply to the wrong record, so the snapshot, which outnumbers it, goes first.
      if (mustCompact || both) return compact(data);
      const line = encodeLine({ s: seq, o: ops });
      await fs.appendFile(journalFile, line, { mode: PRIVATE_FILE_MODE });
      journalBytes += Buffer.byteLength(line);
    };
    const results = await Promise.allSettled([
      (touches.content || both) && contentFile.write({ ...data, calls: [], queues: [] }),
      (touches.live || both) && (ops.length > 0 || both) && live(),
    ]);
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    rewriteBoth = failed !== undefined;
    mustCompact = failed !== undefined;
    if (failed) throw failed.reason;
  };
  // A new store, a store from before the split (its calls are in the content file: they move on first
  // open), or a journal left by the last run: folded into a fresh snapshot before the first write.
  if (created || !hasLive || journalText !== '') {
    // Live first, then content: a crash in between leaves the calls in both files, never in neither.
    await writeSnapshot(db.data);
    if (created || !hasLive) await contentFile.write({ ...db.data, calls: [], queues: [] });
    await resetJournal();
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
      const ops: JournalOp[] = [];
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
            ops.push(...tx.recorder.ops);
          }
          ran.push({ p, result });
        } catch (err) {
          p.reject(err);
        }
      }
      if (draft !== before) {
        db.data = draft;
        try {
          await writeFiles(draft, touches, ops);
        } catch (err) {
          db.data = before;
          for (const r of ran) r.p.reject(err);
          continue;
        }
      }
      for (const r of ran) r.p.resolve(r.result);
      // After the answers: the round that grew the journal past its limit has been acknowledged already.
      // A failure leaves the journal whole (the snapshot is replaced first, atomically): keep appending.
      if (journalBytes > compactAt && !closed && retry.due()) await compact(db.data).catch(() => undefined);
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
    journalStatus: () => ({ journalBytes, ...retry.status() }),
    warnings: () => {
      const f = retry.status();
      return f.failures === 0 ? [] : [`实时日志压缩连续失败 ${f.failures} 次（自 ${f.failingSince}，${f.lastError}），写入照常追加，日志已 ${Math.round(journalBytes / 1024)} KB；下次重试 ${f.retryAt}`];
    },
  };
}
