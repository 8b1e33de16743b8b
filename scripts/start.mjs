/**
 * `npm start`: plain JavaScript, so a restart loads no TypeScript loader at all. When a source is newer than the
 * build (or there is none: a fresh clone) it runs scripts/build-if-stale.ts through tsx, which builds the player,
 * editor and server bundle; then it runs the server bundle, dist/server/main.js, in this same process.
 * The inputs checked here are the ones build-if-stale.ts and build-server.ts check.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const root = path.resolve(import.meta.dirname, '..');
const at = (...p) => path.join(root, ...p);
/** @param {string} p */
const mtime = (p) => (existsSync(p) ? statSync(p).mtimeMs : 0);
/** @param {string} dir @returns {number} */
function newest(dir) {
  if (!existsSync(dir)) return 0;
  let n = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    n = Math.max(n, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return n;
}

const lock = mtime(at('package-lock.json'));
const clientBuilt = existsSync(at('dist', 'player', 'index.html')) ? mtime(at('dist', 'editor', 'index.html')) : 0;
const clientInputs = Math.max(newest(at('player')), newest(at('editor')), newest(at('content')), mtime(at('vite.config.ts')), lock);
const serverInputs = Math.max(newest(at('server')), newest(at('content')), mtime(at('scripts', 'build-server.ts')), lock);
const bundle = at('dist', 'server', 'main.js');
if (clientBuilt < clientInputs || mtime(bundle) < serverInputs) {
  execFileSync(process.execPath, [at('node_modules', 'tsx', 'dist', 'cli.mjs'), at('scripts', 'build-if-stale.ts')], { cwd: root, stdio: 'inherit' });
}
await import(pathToFileURL(bundle).href);
