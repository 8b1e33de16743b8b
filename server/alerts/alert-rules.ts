/**
 * The rules of 设备告警, pure: from the halls, screens, their live statuses and the recent calls at an
 * instant, which causes hold now (`alertCauses`); from the stored alerts and those causes, which alerts
 * open and which close (`reconcileAlerts`); and how much history is kept (`pruneAlerts`). No clock, no
 * store, no timers: server/alerts/alert-monitor.ts feeds them and writes the outcome.
 */
import { DEFAULT_OFFLINE_MINUTES, type Alert, type AlertKind, type ExceptionDay, type Hall, type QueueCall, type Screen } from '../../content/model';
import type { ScreenStatus } from '../../content/protocol';
import { effectiveExceptions, exceptionsForArea, openAt, openMsWithin } from '../../content/open-hours';
import { formatWallClock } from '../../content/wall-clock';

/** A screen reporting fewer frames per second than this for LOW_FPS_FOR_MS plays visibly badly. */
export const LOW_FPS = 5;
export const LOW_FPS_FOR_MS = 3 * 60_000;
/** A failed offline-cache report keeps its alert open this long (players report failures, never recovery). */
export const CACHE_FAILED_FOR_MS = 15 * 60_000;
/** A call is judged once it is this old: a burst of 20 calls takes up to 60 s to pass through one screen. */
export const CALL_ACK_GRACE_MS = 90_000;
/** Calls older than this no longer hold an alert open. */
export const CALL_ACK_WINDOW_MS = 10 * 60_000;
/** History: closed alerts kept for 30 days, at most this many. */
export const ALERT_HISTORY_MAX = 1000;
export const ALERT_HISTORY_MS = 30 * 86_400_000;
/** Offline time is counted at most this far back (the largest threshold is one day). */
const OFFLINE_LOOKBACK_MS = 2 * 86_400_000;

/** A recent call as the ack tracker knows it; `targeted` are the screens that should show it. */
export interface CallFacts {
  call: QueueCall;
  receivedAt: number;
  targeted: ReadonlySet<string>;
  acked: ReadonlySet<string>;
}

export interface RuleInput {
  now: number;
  halls: readonly Hall[];
  screens: readonly Screen[];
  status: (screenId: string) => ScreenStatus;
  /** Since when a screen that is offline now has been silent (last frame, else when the server started watching). */
  offlineSince: (screen: Screen) => number;
  /** Since when each online screen has reported fps below LOW_FPS without a break. */
  lowFpsSince: ReadonlyMap<string, number>;
  /** Since when each online screen has been online without a break (a call sent before that may have been missed). */
  onlineSince: ReadonlyMap<string, number>;
  /** Recent calls this instance tracks acks for. */
  calls: readonly CallFacts[];
  /** Calls of the store's recent list that this instance does not track (another instance accepted them). */
  untrackedCallHalls: ReadonlySet<string>;
  /** The district's default exception days (节假日): a closed day counts as outside business hours. */
  districtExceptions?: readonly ExceptionDay[];
  /** Tests: replaces every hall's offline threshold. */
  offlineMsOverride?: number;
}

/** A condition that holds now; `key` finds its open alert again. */
export interface AlertCause {
  key: string;
  hallId: string;
  screenId?: string;
  kind: AlertKind;
  message: string;
}

export const alertKey = (kind: AlertKind, screenId: string): string => `${kind}:${screenId}`;

// The one definition of "open", shared with the resolver's standby (weekly hours and exception days).
export { openMsWithin } from '../../content/open-hours';

export const offlineThresholdMs = (hall: Hall, override?: number): number => override ?? (hall.alerts?.offlineMinutes ?? DEFAULT_OFFLINE_MINUTES) * 60_000;

const durationText = (ms: number): string => (ms >= 60_000 ? `${Math.floor(ms / 60_000)} 分钟` : `${Math.max(1, Math.round(ms / 1000))} 秒`);

/** The causes that hold at `input.now`, and the keys this instance cannot judge (left as they are). */
export function alertCauses(input: RuleInput): { causes: AlertCause[]; unsure: Set<string> } {
  const { now } = input;
  const halls = new Map(input.halls.map((h) => [h.id, h]));
  const causes: AlertCause[] = [];
  const unsure = new Set<string>();
  const unacked = unackedCalls(input);
  for (const screen of input.screens) {
    const hall = halls.get(screen.hallId);
    if (!hall) continue;
    const tz = hall.timezone;
    const hours = hall.hours?.[screen.area];
    const exceptions = exceptionsForArea(effectiveExceptions(hall.exceptions, input.districtExceptions), screen.area, hours);
    const s = input.status(screen.id);
    const add = (kind: AlertKind, message: string): void => {
      causes.push({ key: alertKey(kind, screen.id), hallId: hall.id, screenId: screen.id, kind, message });
    };
    const name = `屏幕「${screen.name}」`;
    if (!s.online) {
      const since = input.offlineSince(screen);
      const threshold = offlineThresholdMs(hall, input.offlineMsOverride);
      if (openMsWithin(hours, exceptions, tz, Math.max(since, now - OFFLINE_LOOKBACK_MS), now) > threshold) {
        const last = s.lastSeen ? `最后在线 ${formatWallClock(Date.parse(s.lastSeen), tz)}` : '服务启动后未连接';
        add('offline', `${name}在营业时间内离线超过 ${durationText(threshold)}（${last}）`);
      }
      continue;
    }
    const lowSince = input.lowFpsSince.get(screen.id);
    if (lowSince !== undefined && now - lowSince >= LOW_FPS_FOR_MS)
      add('lowFps', `${name}帧率过低：${s.fps ?? 0} 帧/秒，已持续 ${durationText(now - lowSince)}，画面可能卡顿`);
    const cacheFailedAt = s.cacheFailedAt ? Date.parse(s.cacheFailedAt) : NaN;
    if (now - cacheFailedAt < CACHE_FAILED_FOR_MS) add('cacheFailed', `${name}有素材未能离线缓存，断网时可能无法播放${s.lastReport?.code === 'asset_failed' ? `：${s.lastReport.message}` : ''}`);
    const missed = unacked.get(screen.id);
    if (missed && openAt(hours, exceptions, now, tz).open) {
      const latest = missed[missed.length - 1]!;
      const more = missed.length > 1 ? `等 ${missed.length} 个叫号` : '';
      add('callUnacked', `${name}未确认叫号 ${latest.ticket}（${latest.counter} 号窗口）${more}，叫号可能未显示`);
    } else if (!missed && input.untrackedCallHalls.has(hall.id)) unsure.add(alertKey('callUnacked', screen.id));
  }
  return { causes, unsure };
}

/**
 * Per screen, the judged calls it should have shown and did not confirm, oldest first. A call is left
 * out when a newer call at its counter superseded it (it is never shown), when the screen was not
 * online since before it, or when the screen confirmed a later call (it shows calls again).
 */
function unackedCalls(input: RuleInput): Map<string, QueueCall[]> {
  const { now } = input;
  const judged = input.calls.filter((c) => now - c.receivedAt >= CALL_ACK_GRACE_MS && now - c.receivedAt <= CALL_ACK_WINDOW_MS).sort((a, b) => a.receivedAt - b.receivedAt);
  const newestAt = new Map<string, number>();
  for (const c of input.calls) {
    const k = `${c.call.hallId ?? ''}\n${c.call.counter}`;
    newestAt.set(k, Math.max(newestAt.get(k) ?? -Infinity, c.receivedAt));
  }
  const lastAcked = new Map<string, number>();
  for (const c of input.calls) for (const id of c.acked) lastAcked.set(id, Math.max(lastAcked.get(id) ?? -Infinity, c.receivedAt));
  const out = new Map<string, QueueCall[]>();
  for (const c of judged) {
    if ((newestAt.get(`${c.call.hallId ?? ''}\n${c.call.counter}`) ?? 0) > c.receivedAt) continue;
    for (const screenId of c.targeted) {
      if (c.acked.has(screenId)) continue;
      const since = input.onlineSince.get(screenId);
      if (since === undefined || since > c.receivedAt) continue;
      if ((lastAcked.get(screenId) ?? -Infinity) > c.receivedAt) continue;
      const list = out.get(screenId) ?? [];
      list.push(c.call);
      out.set(screenId, list);
    }
  }
  return out;
}

/**
 * Open alerts whose cause holds stay as they are; new causes open an alert; open alerts whose cause is
 * gone close at `now`, except those this instance cannot judge (`unsure`).
 */
export function reconcileAlerts(
  alerts: readonly Alert[],
  causes: readonly AlertCause[],
  now: number,
  opts: { unsure?: ReadonlySet<string>; newId: () => string },
): { opened: Alert[]; closed: Alert[] } {
  const at = new Date(now).toISOString();
  const open = new Map(alerts.filter((a) => a.endedAt === null).map((a) => [a.key, a]));
  const holding = new Set(causes.map((c) => c.key));
  const opened: Alert[] = [];
  for (const c of causes) {
    if (open.has(c.key)) continue;
    const alert: Alert = { id: opts.newId(), key: c.key, hallId: c.hallId, ...(c.screenId && { screenId: c.screenId }), kind: c.kind, message: c.message, startedAt: at, endedAt: null };
    open.set(c.key, alert);
    opened.push(alert);
  }
  const closed: Alert[] = [];
  for (const a of alerts) if (a.endedAt === null && !holding.has(a.key) && !opts.unsure?.has(a.key)) closed.push({ ...a, endedAt: at });
  return { opened, closed };
}

/** Which alerts to keep: every open one, closed ones of the last 30 days, at most ALERT_HISTORY_MAX of them. */
export function pruneAlerts(alerts: readonly Alert[], now: number): Set<string> {
  const keep = new Set(alerts.filter((a) => a.endedAt === null).map((a) => a.id));
  const closed = alerts
    .filter((a) => a.endedAt !== null && now - Date.parse(a.endedAt) <= ALERT_HISTORY_MS)
    .sort((a, b) => Date.parse(b.endedAt!) - Date.parse(a.endedAt!))
    .slice(0, ALERT_HISTORY_MAX);
  for (const a of closed) keep.add(a.id);
  return keep;
}

/** Open alerts first (newest start first), then closed ones by end, newest first. */
export function sortAlerts(alerts: readonly Alert[]): Alert[] {
  return [...alerts].sort((a, b) => {
    if ((a.endedAt === null) !== (b.endedAt === null)) return a.endedAt === null ? -1 : 1;
    return (b.endedAt ?? b.startedAt).localeCompare(a.endedAt ?? a.startedAt);
  });
}
