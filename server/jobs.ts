/**
 * Timed jobs (node-cron 4): housekeeping that must happen even when nobody edits anything.
 * `noOverlap` keeps a slow run from stacking on the next one.
 */
import cron from 'node-cron';
import type { Bus } from './bus';
import type { Logger } from './log';
import { overrideLive } from './manifest';
import type { Store } from './store/store';

export function startJobs(deps: { store: Store; bus: Bus; clock: () => number; logger: Logger }) {
  const log = deps.logger.child({ module: 'jobs' });
  const prune = cron.schedule(
    '* * * * *',
    async () => {
      const now = deps.clock();
      const removed = await deps.store.transact(
        (tx) => tx.retain('overrides', (o) => overrideLive(o, now)) + tx.retain('sessions', (s) => Date.parse(s.expiresAt) > now),
      );
      if (removed > 0) {
        log.info({ removed }, 'pruned expired overrides and sessions');
        deps.bus.publish({ type: 'changed', collection: 'overrides' });
      }
    },
    { name: 'prune-expired', noOverlap: true },
  );
  return {
    stop: async (): Promise<void> => {
      await prune.stop();
    },
  };
}
