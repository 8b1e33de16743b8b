/**
 * `npm start` builds the player and editor, and bundles the server, only when a source file is newer than the
 * last build, so a restart is instant and a fresh clone still gets a build.
 */
import { execSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { buildServer, newestMtime, serverBundleStale } from './build-server';

const root = path.resolve(import.meta.dirname, '..');
const stamp = path.join(root, 'dist', 'editor', 'index.html');

const mtime = (p: string): number => (existsSync(p) ? statSync(p).mtimeMs : 0);

const lock = mtime(path.join(root, 'package-lock.json'));
const clientInputs = Math.max(...['player', 'editor', 'content'].map((d) => newestMtime(path.join(root, d))), mtime(path.join(root, 'vite.config.ts')), lock);
const builtAt = existsSync(path.join(root, 'dist', 'player', 'index.html')) ? mtime(stamp) : 0;
let clientBuilt = false;
if (builtAt < clientInputs) {
  console.log('[build] building player and editor …');
  // NOTE: vite empties dist/, the server bundle included, so the server is bundled again below.
  execSync('npx vite build --logLevel warn', { cwd: root, stdio: 'inherit' });
  clientBuilt = true;
}
if (clientBuilt || serverBundleStale()) {
  console.log('[build] bundling the server …');
  await buildServer();
}
