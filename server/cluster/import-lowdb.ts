/**
 * Moving an embedded install into cluster mode: copies the lowdb store (every collection), the install
 * secret (so every screen's playerUrl key stays valid) and the NDJSON logs (audit, calls, proof of
 * play, kiosk sessions, queue events: the reports' history) into an empty PostgreSQL database.
 * Refuses a database that already holds content: merging two installs is not an import.
 */
import { createReadStream, existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { CollectionName } from '../store/data';
import { emptyData } from '../store/data';
import { openLowdbStore, STORE_FILE } from '../store/lowdb-store';
import { openPgStore } from '../store/pg-store';

/** Log rows inserted per statement. */
const LOG_BATCH = 1000;
const LOG_FILE = /^(.+)-(\d{4}-\d{2}-\d{2})\.ndjson$/;

export interface ImportReport {
  items: Partial<Record<CollectionName, number>>;
  logRecords: number;
  /** Lines of the NDJSON logs that were not JSON (a torn last line after a crash): skipped. */
  skippedLines: number;
  secret: 'copied' | 'none';
}

export class ImportRefused extends Error {}

export async function importLowdbToPg(opts: { dataDir: string; databaseUrl: string; onProgress?: (msg: string) => void }): Promise<ImportReport> {
  const say = opts.onProgress ?? (() => {});
  if (!existsSync(path.join(opts.dataDir, STORE_FILE))) throw new ImportRefused(`${opts.dataDir} 中没有 ${STORE_FILE}：请用 DATA_DIR 指向单机版的数据目录`);
  const source = await openLowdbStore(opts.dataDir);
  const target = await openPgStore(opts.databaseUrl, { onError: () => {} });
  try {
    const collections = Object.keys(emptyData()).filter((k) => k !== 'schemaVersion') as CollectionName[];
    const held = collections.filter((c) => target.list(c).length > 0);
    if (held.length > 0) throw new ImportRefused(`目标数据库已有数据（${held.join('、')}），导入只写入空数据库：请换一个新数据库，或先备份后清空`);

    const items: ImportReport['items'] = {};
    // One transaction: the database holds the whole install or nothing of it.
    await target.transact((tx) => {
      for (const c of collections) {
        const list = source.list(c);
        for (const item of list) tx.insert(c, item as never);
        if (list.length > 0) items[c] = list.length;
      }
    });
    say(`内容已导入：${Object.entries(items).map(([c, n]) => `${c} ${n}`).join('，')}`);

    let secret: ImportReport['secret'] = 'none';
    const local = await readFile(path.join(opts.dataDir, 'secret.key'), 'utf8').then((s) => s.trim(), () => '');
    if (local) {
      // The database is empty of content, so no instance has handed out keys made with another secret.
      await target.pool.query('insert into hs_secrets (name, value) values ($1, $2) on conflict (name) do update set value = excluded.value', ['install', local]);
      secret = 'copied';
      say('安装密钥已导入：各屏幕的播放地址保持有效');
    }

    const { records, skipped } = await importLogs(path.join(opts.dataDir, 'logs'), target.pool, say);
    return { items, logRecords: records, skippedLines: skipped, secret };
  } finally {
    await Promise.allSettled([source.close(), target.close()]);
  }
}

async function importLogs(dir: string, pool: import('pg').Pool, say: (msg: string) => void): Promise<{ records: number; skipped: number }> {
  const files = existsSync(dir) ? (await readdir(dir)).filter((f) => LOG_FILE.test(f)).sort() : [];
  let records = 0;
  let skipped = 0;
  for (const file of files) {
    const [, name, day] = LOG_FILE.exec(file)!;
    let batch: string[] = [];
    const insert = async (): Promise<void> => {
      if (batch.length === 0) return;
      await pool.query('insert into hs_log (name, day, record) select $1, $2::date, r::json from unnest($3::text[]) as t(r)', [name, day, batch]);
      records += batch.length;
      batch = [];
    };
    const lines = createInterface({ input: createReadStream(path.join(dir, file)), crlfDelay: Infinity });
    for await (const line of lines) {
      if (line.trim() === '') continue;
      try {
        JSON.parse(line);
      } catch {
        skipped++;
        continue;
      }
      batch.push(line);
      if (batch.length >= LOG_BATCH) await insert();
    }
    await insert();
  }
  if (files.length > 0) say(`日志已导入：${files.length} 个文件，${records} 条记录${skipped ? `（跳过 ${skipped} 行残缺记录）` : ''}`);
  return { records, skipped };
}
