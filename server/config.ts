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
}

function intFromEnv(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, got "${value}"`);
  return n;
}

/** Reads the documented env vars (README "Configuration"). Throws on a malformed value. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    port: intFromEnv('PORT', env.PORT, 8080),
    host: env.HOST || '0.0.0.0',
    dataDir: path.resolve(env.DATA_DIR || './data'),
    adminPassword: env.ADMIN_PASSWORD || undefined,
    queueToken: env.QUEUE_TOKEN || undefined,
    publicUrl: env.PUBLIC_URL ? env.PUBLIC_URL.replace(/\/+$/, '') : undefined,
    logLevel: env.LOG_LEVEL || 'info',
    maxUploadBytes: intFromEnv('MAX_UPLOAD_MB', env.MAX_UPLOAD_MB, 200) * 1024 * 1024,
    logRetentionDays: intFromEnv('LOG_RETENTION_DAYS', env.LOG_RETENTION_DAYS, 180),
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
  };
}
