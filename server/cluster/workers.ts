/**
 * WEB_CONCURRENCY=N: the primary process forks N workers that share PORT (node:cluster hands out
 * connections round-robin), so a call fans out on every core. Workers are ordinary cluster instances,
 * hence N > 1 needs DATABASE_URL and REDIS_URL: one lowdb file cannot have several writers.
 */
import cluster from 'node:cluster';
import type { Config } from '../config';

/** In the primary with N > 1: forks and supervises workers, then resolves true (the caller serves nothing). */
export async function runWorkers(config: Config): Promise<boolean> {
  if (config.webConcurrency <= 1 || !cluster.isPrimary) return false;
  if (!config.databaseUrl || !config.redisUrl)
    throw new Error(`WEB_CONCURRENCY=${config.webConcurrency} needs DATABASE_URL and REDIS_URL (cluster mode): one lowdb file cannot have several writers`);
  let stopping = false;
  const fork = (): void => void cluster.fork();
  for (let i = 0; i < config.webConcurrency; i++) fork();
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) return;
    console.error(`[cluster] worker ${worker.process.pid} exited (${signal ?? code}); starting another`);
    setTimeout(fork, 1000);
  });
  const stop = (signal: NodeJS.Signals): void => {
    stopping = true;
    for (const w of Object.values(cluster.workers ?? {})) w?.process.kill(signal);
    setTimeout(() => process.exit(0), 6000).unref();
    cluster.on('exit', () => {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
    });
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  return true;
}
