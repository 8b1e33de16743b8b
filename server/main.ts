/**
 * Composition root: reads config, opens the store, seeds on first start, wires the app and listens.
 * `--dev` serves player and editor through Vite's middleware instead of `dist/`.
 */
import { createServer } from 'node:http';
import path from 'node:path';
import { createApp } from './app';
import { loadConfig } from './config';
import { createLogger } from './log';
import { deviceKey } from './auth/secrets';
import { openRuntime } from './cluster/runtime';
import { runWorkers } from './cluster/workers';
import { startJobs } from './jobs';
import { createFsMediaStore } from './media/fs-media-store';
import { seed } from './seed';

const root = path.resolve(import.meta.dirname, '..');

async function main(): Promise<void> {
  // Everything written under DATA_DIR (uploads, renditions, screenshots, recordings) is for this user only;
  // the store, logs and secret set their modes themselves as well.
  process.umask(0o077);
  const config = loadConfig();
  const dev = process.argv.includes('--dev');
  const logger = createLogger(config.logLevel);
  if (await runWorkers(config)) return;
  // lowdb + in-process bus, or PostgreSQL / Redis when DATABASE_URL / REDIS_URL are set (cluster mode).
  const runtime = await openRuntime(config, logger);
  // One media store for seeding, the app and the nightly cleanup (the folder MEDIA_DIR; an S3 adapter would go here).
  const media = createFsMediaStore(config.mediaDir);
  const { store, bus, secret } = runtime;
  // In a cluster, instances starting together seed one after another: only the first finds an empty store.
  const seeded = await runtime.setupLock(() =>
    seed(store, { fresh: store.created, adminPassword: config.adminPassword, queueToken: config.queueToken, now: Date.now(), dataDir: config.dataDir, media, uploadDir: config.uploadDir }),
  );

  let devMiddleware;
  if (dev) {
    const { createServer: createVite } = await import('vite');
    const vite = await createVite({ root, server: { middlewareMode: true }, appType: 'mpa' });
    devMiddleware = vite.middlewares;
  }
  const built = createApp({
    store,
    bus,
    logger,
    secret,
    dataDir: config.dataDir,
    media,
    uploadDir: config.uploadDir,
    sharedDir: config.sharedDir,
    cluster: { health: runtime.health, callClaims: runtime.callClaims, sync: runtime.sync, openLog: runtime.openLog, logSource: runtime.logSource, logWarnings: runtime.logWarnings, peers: runtime.redis, pairingBook: runtime.pairingBook, rateLimits: runtime.rateLimits, hallWriter: runtime.hallWriter, onResync: runtime.onResync },
    publicUrl: config.publicUrl,
    maxUploadBytes: config.maxUploadBytes,
    trustProxy: config.trustProxy,
    distDir: dev ? undefined : path.join(root, 'dist'),
    devMiddleware,
    version: process.env.npm_package_version,
    alerts: { checkEveryMs: config.alertCheckMs, offlineMsOverride: config.alertOfflineMs },
  });
  const server = createServer(built.app);
  built.attach(server);
  const jobs = startJobs({ store, bus, clock: Date.now, logger, audit: built.ctx.audit, logDir: path.join(config.dataDir, 'logs'), retentionDays: config.logRetentionDays, media });
  // Cluster: the database's log records are pruned once per cluster and day, not once per instance.
  const stopRetention = runtime.pg
    ? (await import('./cluster/retention')).startRetention(runtime.pg.pool, config.logRetentionDays, Date.now, (msg, err) => (err ? logger.warn({ err }, msg) : logger.info(msg)))
    : () => {};
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, resolve);
  });

  const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  const base = config.publicUrl ?? `http://${shownHost}:${config.port}`;
  const lines = [
    '',
    `营业厅信息发布系统 hall signage 已启动 — data: ${config.dataDir}, store: ${runtime.health.store}, bus: ${runtime.health.bus}${seeded.seededDemo ? '（已导入演示营业厅）' : ''}`,
    `  编辑器 editor:  ${base}/editor/`,
    seeded.generatedAdminPassword
      ? `  管理员 admin:   用户名 admin，初始密码 ${seeded.generatedAdminPassword}（仅显示这一次，请登录后妥善保管）`
      : '  管理员 admin:   用户名 admin，密码为首次启动时 ADMIN_PASSWORD 的值（或首次启动时打印的随机密码）',
    // Device keys go to the console once, on the first start (the operator sets the screens up then); a key
    // printed at every start ends up in every log collector that reads stdout.
    ...(seeded.seededDemo
      ? ['  播放地址 player URLs（仅首次启动显示）:', ...store.list('screens').map((s) => `    ${s.name.padEnd(18)} ${base}/player/?screen=${s.id}&key=${deviceKey(secret, s.id, s.keyGeneration)}`)]
      : [`  播放地址 player URLs: 管理员在编辑器「屏幕」页查看（${base}/editor/ → 屏幕 → 播放地址），或 GET /api/screens 的 playerUrl`]),
    '',
  ];
  console.log(lines.join('\n'));

  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    // Never hang on the way out: a supervisor restart must not wait on a stuck socket or job.
    setTimeout(() => process.exit(0), 5000).unref();
    await jobs.stop();
    stopRetention();
    await built.close();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await runtime.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

// A bug in one request must not take the hall's screens down with it: log and keep serving.
process.on('unhandledRejection', (reason) => console.error('[main] unhandled rejection:', reason));

main().catch((err) => {
  console.error('[main] failed to start:', err instanceof Error ? err.message : err);
  process.exit(1);
});
