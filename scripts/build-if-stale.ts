/**
 * `npm start` builds the player and editor only when a source file is newer than the last build,
 * so a restart is instant and a fresh clone still gets a build.
 */
import { execSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const stamp = path.join(root, 'dist', 'editor', 'index.html');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(p));
    else newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

const sources = ['player', 'editor', 'content'].map((d) => newestMtime(path.join(root, d)));
const inputs = Math.max(...sources, statSync(path.join(root, 'vite.config.ts')).mtimeMs, statSync(path.join(root, 'package-lock.json')).mtimeMs);
const builtAt = existsSync(stamp) && existsSync(path.join(root, 'dist', 'player', 'index.html')) ? statSync(stamp).mtimeMs : 0;
if (builtAt < inputs) {
  console.log('[build] building player and editor …');
  execSync('npx vite build --logLevel warn', { cwd: root, stdio: 'inherit' });
}
