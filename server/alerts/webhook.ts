/**
 * Delivers an alert's opening and closing to the hall's webhook, in the background: each POST has its
 * own timeout, a failure is retried with exponential backoff (1 s, 2 s, 4 s … capped) up to a number of
 * tries, and the deliveries of one alert go out in order (a close never overtakes its open). Nobody
 * awaits a delivery on a request path; `idle()` is for tests and shutdown.
 */
import type { Alert, WebhookFormat } from '../../content/model';
import { ALERT_KIND_LABELS } from '../../content/model';
import { formatWallClock } from '../../content/wall-clock';

export type AlertEvent = 'opened' | 'closed';

export interface WebhookOptions {
  /** First retry delay; each next one doubles, up to `maxDelayMs`. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Attempts in all, the first one included. */
  tries?: number;
  timeoutMs?: number;
  warn: (msg: string) => void;
}
export const WEBHOOK_DEFAULTS = { baseDelayMs: 1000, maxDelayMs: 30_000, tries: 6, timeoutMs: 5000 };

/** The text a person reads in the group chat. */
export function webhookText(alert: Alert, event: AlertEvent, ctx: { hallName: string; timeZone: string }): string {
  const kind = ALERT_KIND_LABELS[alert.kind];
  const start = formatWallClock(Date.parse(alert.startedAt), ctx.timeZone);
  if (event === 'opened') return `【设备告警】${ctx.hallName} · ${kind}\n${alert.message}\n开始：${start}`;
  const end = alert.endedAt ? Date.parse(alert.endedAt) : Date.parse(alert.startedAt);
  const minutes = Math.max(0, Math.round((end - Date.parse(alert.startedAt)) / 60_000));
  return `【告警恢复】${ctx.hallName} · ${kind}\n${alert.message}\n开始：${start}，恢复：${formatWallClock(end, ctx.timeZone)}（持续约 ${minutes} 分钟）`;
}

/** The request body for a format: 企业微信 and 钉钉 robots both take `{ msgtype: 'text', text: { content } }`. */
export function webhookBody(format: WebhookFormat, alert: Alert, event: AlertEvent, ctx: { hallName: string; timeZone: string }): unknown {
  if (format === 'json') return { event, alert, hallName: ctx.hallName };
  return { msgtype: 'text', text: { content: webhookText(alert, event, ctx) } };
}

/** Retried: network errors, timeouts, 408, 429 and 5xx. Another 4xx will not get better by itself. */
const retryable = (status: number): boolean => status === 408 || status === 429 || status >= 500;

export function createWebhookSender(opts: WebhookOptions) {
  const o = { ...WEBHOOK_DEFAULTS, ...opts };
  const chains = new Map<string, Promise<void>>();
  const pending = new Set<Promise<void>>();
  let closed = false;
  const timers = new Set<{ timer: ReturnType<typeof setTimeout>; resolve: () => void }>();
  const wait = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const entry = { timer: setTimeout(() => (timers.delete(entry), resolve()), ms), resolve };
      timers.add(entry);
    });

  /** One POST: undefined when delivered, else why not and whether to try again. */
  const attempt = async (url: string, body: string): Promise<{ why: string; again: boolean } | undefined> => {
    try {
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body, signal: AbortSignal.timeout(o.timeoutMs), redirect: 'error' });
      const text = await res.text().catch(() => '');
      if (!res.ok) return { why: `HTTP ${res.status}`, again: retryable(res.status) };
      // Robots answer 200 with `errcode` ≠ 0 for a bad key or a blocked keyword: worth a log, not a retry.
      const errcode = /"errcode"\s*:\s*(-?\d+)/.exec(text)?.[1];
      if (errcode && errcode !== '0') o.warn(`[alerts] webhook ${redact(url)} accepted the POST but answered errcode ${errcode}: ${text.slice(0, 200)}`);
      return undefined;
    } catch (err) {
      return { why: err instanceof Error ? (err.name === 'TimeoutError' ? `no answer in ${o.timeoutMs} ms` : err.message) : String(err), again: true };
    }
  };

  const deliver = async (url: string, body: string, label: string): Promise<void> => {
    for (let i = 0; i < o.tries; i++) {
      if (closed) return;
      const failure = await attempt(url, body);
      if (!failure) return;
      const last = i + 1 >= o.tries || !failure.again;
      o.warn(`[alerts] webhook ${redact(url)} for ${label} failed (try ${i + 1}/${o.tries}): ${failure.why}${last ? '; giving up' : ''}`);
      if (last) return;
      await wait(Math.min(o.maxDelayMs, o.baseDelayMs * 2 ** i));
    }
  };

  return {
    /** Queues the delivery behind earlier ones of the same alert and returns at once. */
    send(url: string, format: WebhookFormat, alert: Alert, event: AlertEvent, ctx: { hallName: string; timeZone: string }): void {
      if (closed) return;
      const body = JSON.stringify(webhookBody(format, alert, event, ctx));
      const prev = chains.get(alert.id) ?? Promise.resolve();
      const next = prev.then(() => deliver(url, body, `${alert.id} ${event}`));
      chains.set(alert.id, next);
      pending.add(next);
      void next.finally(() => {
        pending.delete(next);
        if (chains.get(alert.id) === next) chains.delete(alert.id);
      });
    },
    /** Resolves when every queued delivery has finished (delivered or given up). */
    async idle(): Promise<void> {
      while (pending.size) await Promise.all([...pending]);
    },
    /** Stops retrying (the server is stopping): retries that wait are dropped. */
    close(): void {
      closed = true;
      for (const t of timers) {
        clearTimeout(t.timer);
        t.resolve();
      }
      timers.clear();
    },
  };
}
export type WebhookSender = ReturnType<typeof createWebhookSender>;

/** Robot URLs carry their secret key in the query: logs show only the origin and path. */
function redact(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname}${u.search ? '?…' : ''}`;
  } catch {
    return '(invalid url)';
  }
}
