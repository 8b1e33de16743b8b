/**
 * Server-side secrets: the install secret (kept in DATA_DIR/secret.key, never in the store file),
 * device keys derived from it, and hashing of bearer tokens.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** Reads the install secret, creating it (mode 600) on first start. */
export async function loadInstallSecret(dataDir: string): Promise<Buffer> {
  const file = path.join(dataDir, 'secret.key');
  try {
    return Buffer.from((await readFile(file, 'utf8')).trim(), 'base64url');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    const secret = randomBytes(32);
    await writeFile(file, secret.toString('base64url'), { mode: 0o600, flag: 'wx' });
    return secret;
  }
}

/**
 * The install secret of a cluster, shared through the database: the first instance stores it, taking
 * over DATA_DIR/secret.key when this install ran embedded before (its playerUrls keep working).
 * `share` stores the proposed text unless one is stored already and returns the stored one.
 */
export async function loadClusterSecret(dataDir: string, share: (proposed: () => string) => Promise<string>): Promise<Buffer> {
  let local: string | undefined;
  try {
    local = (await readFile(path.join(dataDir, 'secret.key'), 'utf8')).trim();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  return Buffer.from(await share(() => local || randomBytes(32).toString('base64url')), 'base64url');
}

/** sha256 hex of a token: tokens and session ids are stored only as this. */
export const sha256Hex = (s: string): string => createHash('sha256').update(s).digest('hex');

/**
 * A screen's provisioning key: HMAC(secret, screenId:generation). Nothing secret is stored per
 * screen, yet the server can show the playerUrl again; bumping the generation revokes old keys.
 */
export function deviceKey(secret: Buffer, screenId: string, generation: number): string {
  return createHmac('sha256', secret).update(`${screenId}:${generation}`).digest('base64url').slice(0, 32);
}

/** Constant-time comparison of a presented key with the expected one. */
export function keysEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** A new bearer token or session token (URL-safe). */
export const newToken = (): string => randomBytes(24).toString('base64url');
