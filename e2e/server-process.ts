/**
 * Starts the real server as `npm start` runs it (plain node on the bundle dist/server/main.js, serving dist/) in a
 * child process. The bundle is (re)made first when a source is newer (vite empties dist/ before the e2e run).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { freePort } from '../server/main-process';
import os from 'node:os';
import path from 'node:path';
import { ensureServerBundle, SERVER_BUNDLE } from '../scripts/build-server';

export interface ServerProcess {
  baseUrl: string;
  dataDir: string;
  child: ChildProcess;
  /** Everything the server printed to stdout so far. */
  output(): string;
  /** Stops the server; with `keepData` the data dir survives for a restart. */
  stop(opts?: { keepData?: boolean }): Promise<void>;
}

export { freePort };

export async function startServer(env: Record<string, string>, opts: { port?: number; dataDir?: string } = {}): Promise<ServerProcess> {
  const root = path.resolve(import.meta.dirname, '..');
  const port = opts.port ?? (await freePort());
  await ensureServerBundle();
  const dataDir = opts.dataDir ?? mkdtempSync(path.join(os.tmpdir(), 'hs-e2e-'));
  const child = spawn(process.execPath, ['--enable-source-maps', SERVER_BUNDLE], {
    cwd: root,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn', NODE_ENV: 'production', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`[e2e] server exited early:\n${out}`);
    try {
      if ((await fetch(`${baseUrl}/healthz`)).ok) break;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) throw new Error(`[e2e] server did not start in 30 s:\n${out}`);
    await new Promise((r) => setTimeout(r, 150));
  }
  return {
    baseUrl,
    dataDir,
    child,
    output: () => out,
    async stop({ keepData = false } = {}) {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await new Promise((r) => child.once('exit', r));
      }
      if (!keepData) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
