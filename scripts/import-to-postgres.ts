/**
 * `DATA_DIR=… DATABASE_URL=postgres://… npm run import:postgres`: moves an embedded install into an
 * empty cluster database (server/cluster/import-lowdb.ts). Media files are not in the database: copy
 * DATA_DIR/media to the cluster's shared MEDIA_DIR.
 */
import path from 'node:path';
import { ImportRefused, importLowdbToPg } from '../server/cluster/import-lowdb';

const dataDir = path.resolve(process.env.DATA_DIR ?? 'data');
const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) {
  console.error('请设置 DATABASE_URL（目标 PostgreSQL 数据库，例如 postgres://postgres@127.0.0.1:5432/hall_signage）');
  process.exit(2);
}
try {
  const report = await importLowdbToPg({ dataDir, databaseUrl, onProgress: (msg) => console.log(msg) });
  console.log(`完成：${Object.values(report.items).reduce((a, b) => a + (b ?? 0), 0)} 条内容，${report.logRecords} 条日志。`);
  console.log(`下一步：把 ${path.join(dataDir, 'media')} 复制到集群共享的 MEDIA_DIR，再以 DATABASE_URL / REDIS_URL 启动各实例。`);
} catch (err) {
  console.error(err instanceof ImportRefused ? `未导入：${err.message}` : err);
  process.exit(1);
}
