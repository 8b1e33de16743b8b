/**
 * Test support: starts `server/main.ts` as a child process (tsx, no bundle), with its own port, and waits
 * until `/healthz` answers and the start banner is out. Used by the tests that need the real composition root.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');

/** A port nobody listens on right now. */
export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });

export interface MainProcess {
  base: string;
  port: number;
  child: ChildProcess;
  /** Everything printed to stdout and stderr so far. */
  output(): string;
  /** SIGTERM, then SIGKILL after 8 s; resolves once it has exited. */
  stop(): Promise<void>;
}

/**
 * Starts main.ts with `env` on top of the parent's environment (LOG_LEVEL warn, NODE_ENV production);
 * resolves once `banners` start banners are out (one per worker with WEB_CONCURRENCY) and /healthz answers.
 */
export async function startMain(env: Record<string, string>, opts: { timeoutMs?: number; banners?: number } = {}): Promise<MainProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: root,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', NODE_ENV: 'production', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const base = `http://127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 8000);
    await exited;
    clearTimeout(timer);
  };
  const deadline = Date.now() + (opts.timeoutMs ?? 20_000);
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited early:\n${out}`);
    try {
      if (out.split('已启动').length > (opts.banners ?? 1) && (await fetch(`${base}/healthz`)).ok) break;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`server did not start in time:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { base, port, child, output: () => out, stop };
}
