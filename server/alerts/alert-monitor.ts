/**
 * The I/O side of 设备告警: every `checkEveryMs` it reads the halls, screens, live statuses and recent
 * call acks, asks the pure rules (alert-rules.ts) what holds, and writes the alerts that open or close in
 * one store transaction (so an instance restart keeps open alerts, and in a cluster two instances never
 * open the same alert twice: the second sees the first one's alert inside its transaction). Then it tells
 * editors (`changed` alerts) and hands the hall's webhook deliveries to the background sender.
 */
import { DISTRICT_SETTINGS_ID, type Alert, type Screen } from '../../content/model';
import type { ScreenStatus } from '../../content/protocol';
import type { Bus } from '../bus';
import { newId } from '../ids';
import type { Logger } from '../log';
import type { AckTracker } from '../queue/acks';
import type { Store, StoreReader } from '../store/store';
import { alertCauses, LOW_FPS, CALL_ACK_WINDOW_MS, pruneAlerts, reconcileAlerts, type CallFacts } from './alert-rules';
import type { WebhookSender } from './webhook';

/** How often the rules run (ALERT_CHECK_MS): an alert opens at most this late. */
export const ALERT_CHECK_MS = 15_000;

export interface AlertMonitorDeps {
  store: Store;
  bus: Bus;
  clock: () => number;
  logger: Logger;
  status: (screenId: string) => ScreenStatus;
  acks: AckTracker;
  webhooks: WebhookSender;
  checkEveryMs?: number;
  /** Tests (ALERT_OFFLINE_MS): one offline threshold for every hall instead of its minutes. */
  offlineMsOverride?: number;
}

export function createAlertMonitor(deps: AlertMonitorDeps) {
  const { store, bus, clock, logger } = deps;
  const watchingSince = clock();
  const lowFpsSince = new Map<string, number>();
  const onlineSince = new Map<string, number>();
  let running: Promise<{ opened: Alert[]; closed: Alert[] }> | undefined;

  /** What only a series of samples shows: how long a screen has been online, or below LOW_FPS. */
  const sample = (screens: readonly Screen[], now: number): void => {
    const present = new Set<string>();
    for (const screen of screens) {
      present.add(screen.id);
      const s = deps.status(screen.id);
      if (s.online) {
        if (!onlineSince.has(screen.id)) onlineSince.set(screen.id, now);
      } else onlineSince.delete(screen.id);
      if (s.online && s.fps !== undefined && s.fps < LOW_FPS) {
        if (!lowFpsSince.has(screen.id)) lowFpsSince.set(screen.id, now);
      } else lowFpsSince.delete(screen.id);
    }
    for (const id of onlineSince.keys()) if (!present.has(id)) onlineSince.delete(id);
    for (const id of lowFpsSince.keys()) if (!present.has(id)) lowFpsSince.delete(id);
  };

  const recentCalls = (now: number): { calls: CallFacts[]; untrackedCallHalls: Set<string> } => {
    const calls: CallFacts[] = [];
    const untrackedCallHalls = new Set<string>();
    for (const call of store.list('calls')) {
      if (now - Date.parse(call.createdAt) > CALL_ACK_WINDOW_MS) continue;
      const t = deps.acks.get('call', call.id);
      if (!t) {
        if (call.hallId) untrackedCallHalls.add(call.hallId);
        continue;
      }
      calls.push({ call, receivedAt: t.receivedAt, targeted: new Set(t.screenIds), acked: new Set(t.acks.keys()) });
    }
    return { calls, untrackedCallHalls };
  };

  const offlineSince = (screen: Screen): number => {
    const last = deps.status(screen.id).lastSeen;
    // Never seen since this server started watching: count from then (or from the screen's creation).
    return last ? Date.parse(last) : Math.max(watchingSince, Date.parse(screen.createdAt));
  };

  const run = async (): Promise<{ opened: Alert[]; closed: Alert[] }> => {
    const now = clock();
    sample(store.list('screens'), now);
    const calls = recentCalls(now);
    const decide = (read: StoreReader) => {
      const { causes, unsure } = alertCauses({
        now,
        halls: read.list('halls'),
        screens: read.list('screens'),
        status: deps.status,
        offlineSince,
        lowFpsSince,
        onlineSince,
        ...calls,
        districtExceptions: read.get('district', DISTRICT_SETTINGS_ID)?.exceptions,
        offlineMsOverride: deps.offlineMsOverride,
      });
      return reconcileAlerts(read.list('alerts'), causes, now, { unsure, newId: () => newId('alr') });
    };
    // Most checks change nothing: they read the snapshot and write no file.
    const preview = decide(store);
    if (!preview.opened.length && !preview.closed.length) return preview;
    const result = await store.transact((tx) => {
      // Again on the latest state: another instance may have opened or closed the same alerts meanwhile.
      const change = decide(tx);
      for (const a of change.closed) tx.replace('alerts', a);
      for (const a of change.opened) tx.insert('alerts', a);
      if (change.opened.length || change.closed.length) {
        const keep = pruneAlerts(tx.list('alerts'), now);
        tx.retain('alerts', (a) => keep.has(a.id));
      }
      return change;
    });
    if (result.opened.length || result.closed.length) {
      bus.publish({ type: 'changed', collection: 'alerts' });
      for (const a of result.opened) logger.warn({ module: 'alerts', alertId: a.id, hallId: a.hallId, screenId: a.screenId, kind: a.kind }, `[alerts] opened: ${a.message}`);
      for (const a of result.closed) logger.info({ module: 'alerts', alertId: a.id, hallId: a.hallId, screenId: a.screenId, kind: a.kind }, '[alerts] closed');
      deliver(result.closed, 'closed');
      deliver(result.opened, 'opened');
    }
    return result;
  };

  const deliver = (alerts: readonly Alert[], event: 'opened' | 'closed'): void => {
    for (const a of alerts) {
      const hall = store.get('halls', a.hallId);
      const hook = hall?.alerts?.webhook;
      if (hall && hook) deps.webhooks.send(hook.url, hook.format, a, event, { hallName: hall.name, timeZone: hall.timezone });
    }
  };

  /** One check; overlapping calls share the running one. */
  const check = (): Promise<{ opened: Alert[]; closed: Alert[] }> => {
    running ??= run().finally(() => (running = undefined));
    return running;
  };

  const timer = setInterval(() => {
    check().catch((err: unknown) => logger.error({ module: 'alerts', err }, '[alerts] check failed'));
  }, deps.checkEveryMs ?? ALERT_CHECK_MS);
  timer.unref();

  return {
    check,
    close(): void {
      clearInterval(timer);
      deps.webhooks.close();
    },
  };
}
export type AlertMonitor = ReturnType<typeof createAlertMonitor>;
