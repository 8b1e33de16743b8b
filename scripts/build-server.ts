/**
 * Bundles the server (server/main.ts and what it imports from server/ and content/) into one ES module,
 * dist/server/main.js, so production runs on plain `node` without a TypeScript loader. Packages stay
 * external (sharp, pino, express … load from node_modules as they would under tsx).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { build, type Plugin } from 'esbuild';

const root = path.resolve(import.meta.dirname, '..');
/** Where the server bundle lands; main.ts's `dist` and the e2e harness read it from here. */
export const SERVER_BUNDLE = path.join(root, 'dist', 'server', 'main.js');

/**
 * Every `import.meta.dirname` in a source file means that file's folder (app.ts finds content/voice, main.ts
 * finds dist/ through it). In one bundle all files share the bundle's folder, so each use is rewritten to the
 * source folder, expressed relative to the repository root found from the bundle at run time: the clone may
 * move, and the paths still resolve exactly as they do under tsx.
 */
const sourceDirnames: Plugin = {
  name: 'source-dirnames',
  setup(b) {
    b.onLoad({ filter: /\.ts$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      if (!text.includes('import.meta.dirname')) return undefined;
      const rel = path.relative(root, path.dirname(args.path)).split(path.sep).join('/');
      return { contents: text.replaceAll('import.meta.dirname', `__hsSourceDir(${JSON.stringify(rel)})`), loader: 'ts' };
    });
  },
};

// The bundle sits two folders below the root (dist/server/); `__hsSourceDir` undoes that.
const banner = [
  "import { fileURLToPath as __hsFileURLToPath } from 'node:url';",
  "import __hsPath from 'node:path';",
  "const __hsRoot = __hsPath.resolve(__hsPath.dirname(__hsFileURLToPath(import.meta.url)), '..', '..');",
  'const __hsSourceDir = (rel) => __hsPath.join(__hsRoot, rel);',
].join('\n');

/** Builds the bundle (≈ 0.1–0.3 s); throws with esbuild's messages when the code does not compile. */
export async function buildServer(): Promise<void> {
  mkdirSync(path.dirname(SERVER_BUNDLE), { recursive: true });
  await build({
    entryPoints: [path.join(root, 'server', 'main.ts')],
    outfile: SERVER_BUNDLE,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: 'linked',
    banner: { js: banner },
    plugins: [sourceDirnames],
    logLevel: 'warning',
  });
}

/** Newest modification time of any file below `dir` (0 when it does not exist). */
export function newestMtime(dir: string): number {
  if (!existsSync(dir)) return 0;
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(p));
    else newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

/** True when the bundle is missing or older than a server/content source, this script or the lock file. */
export function serverBundleStale(): boolean {
  const built = existsSync(SERVER_BUNDLE) ? statSync(SERVER_BUNDLE).mtimeMs : 0;
  const inputs = [path.join(root, 'server'), path.join(root, 'content'), import.meta.filename, path.join(root, 'package-lock.json')];
  return built < Math.max(...inputs.map((p) => (existsSync(p) && statSync(p).isFile() ? statSync(p).mtimeMs : newestMtime(p))));
}

/** Bundles the server when stale (the e2e harness and benches call this before spawning it). */
export async function ensureServerBundle(): Promise<void> {
  if (serverBundleStale()) await buildServer();
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  await buildServer();
}
