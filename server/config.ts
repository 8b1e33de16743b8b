/** Configuration from the environment, read once in main.ts and passed down (nothing else reads env). */
import path from 'node:path';
import { parseTrustProxy, type TrustProxy } from './trust-proxy';

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  adminPassword?: string;
  queueToken?: string;
  /** Base URL printed and used for playerUrl when set (e.g. behind a proxy); else taken from the request. */
  publicUrl?: string;
  logLevel: string;
  /** Largest upload accepted by POST /api/media. */
  maxUploadBytes: number;
  /** Days the append-only logs (calls, audit, proof of play) are kept. */
  logRetentionDays: number;
  /** Proxies whose X-Forwarded-For is believed (TRUST_PROXY); none by default. */
  trustProxy: TrustProxy;
  /** Cluster mode: PostgreSQL becomes the store (DATABASE_URL=postgres://…). */
  databaseUrl?: string;
  /** Cluster mode: Redis becomes the bus and holds shared short-lived state (REDIS_URL=redis://…). */
  redisUrl?: string;
  /** Prefix of this installation's Redis channel and keys (REDIS_PREFIX; default `hs:<database name>:`). */
  redisPrefix: string;
  /** Media files (MEDIA_DIR, default DATA_DIR/media): one shared folder for every instance of a cluster. */
  mediaDir: string;
  /** Where uploads wait while processed: inside MEDIA_DIR when it is set, so the final rename stays on one file system. */
  uploadDir: string;
  /** MEDIA_DIR when set: recorded voice clips and screenshots go in its dot folders, so every instance sees them. */
  sharedDir: string | undefined;
  /** WEB_CONCURRENCY: worker processes sharing PORT (node:cluster); 1 = this process serves. */
  webConcurrency: number;
  /** 设备告警: how often the rules run (ALERT_CHECK_MS, default 15 s). */
  alertCheckMs?: number;
  /** Tests and demos (ALERT_OFFLINE_MS): one offline threshold in ms for every hall, instead of each hall's minutes. */
  alertOfflineMs?: number;
}

function urlFromEnv(name: string, value: string | undefined, protocols: string[]): string | undefined {
  if (!value) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`${name} must be a URL, got "${value}"`);
  }
  if (!protocols.includes(url.protocol)) throw new Error(`${name} must start with ${protocols.join(' or ')}, got "${url.protocol}"`);
  return value;
}

function intFromEnv(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, got "${value}"`);
  return n;
}

/** Reads the documented env vars (README "Configuration"). Throws on a malformed value. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const dataDir = path.resolve(env.DATA_DIR || './data');
  const mediaDir = env.MEDIA_DIR ? path.resolve(env.MEDIA_DIR) : path.join(dataDir, 'media');
  return {
    port: intFromEnv('PORT', env.PORT, 8080),
    host: env.HOST || '0.0.0.0',
    dataDir,
    adminPassword: env.ADMIN_PASSWORD || undefined,
    queueToken: env.QUEUE_TOKEN || undefined,
    publicUrl: env.PUBLIC_URL ? env.PUBLIC_URL.replace(/\/+$/, '') : undefined,
    logLevel: env.LOG_LEVEL || 'info',
    maxUploadBytes: intFromEnv('MAX_UPLOAD_MB', env.MAX_UPLOAD_MB, 200) * 1024 * 1024,
    logRetentionDays: intFromEnv('LOG_RETENTION_DAYS', env.LOG_RETENTION_DAYS, 180),
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    databaseUrl: urlFromEnv('DATABASE_URL', env.DATABASE_URL, ['postgres:', 'postgresql:']),
    redisUrl: urlFromEnv('REDIS_URL', env.REDIS_URL, ['redis:', 'rediss:']),
    redisPrefix: env.REDIS_PREFIX || `hs:${env.DATABASE_URL ? new URL(env.DATABASE_URL).pathname.slice(1) || 'postgres' : 'embedded'}:`,
    mediaDir,
    uploadDir: env.MEDIA_DIR ? path.join(mediaDir, '.incoming') : path.join(dataDir, 'tmp'),
    sharedDir: env.MEDIA_DIR ? mediaDir : undefined,
    webConcurrency: Math.max(1, intFromEnv('WEB_CONCURRENCY', env.WEB_CONCURRENCY, 1)),
    ...(env.ALERT_CHECK_MS && { alertCheckMs: Math.max(50, intFromEnv('ALERT_CHECK_MS', env.ALERT_CHECK_MS, 15_000)) }),
    ...(env.ALERT_OFFLINE_MS && { alertOfflineMs: intFromEnv('ALERT_OFFLINE_MS', env.ALERT_OFFLINE_MS, 0) }),
  };
}
