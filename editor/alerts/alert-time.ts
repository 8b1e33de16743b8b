/** How the 设备告警 page writes times: the hall's wall clock (never the browser's) and a duration. */
import { formatWallClock } from '../../content/wall-clock';

/** `2026-12-02 09:50` on the hall's clock, or `—`. */
export function alertTime(iso: string | null, timeZone: string): string {
  return iso ? formatWallClock(Date.parse(iso), timeZone) : '—';
}

/** `3 分钟`, `2 小时 5 分钟`, `1 天 3 小时`; an open alert counts up to `now`. */
export function alertDuration(startedAt: string, endedAt: string | null, now: number): string {
  const ms = Math.max(0, (endedAt ? Date.parse(endedAt) : now) - Date.parse(startedAt));
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 1) return '不到 1 分钟';
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  if (days) return `${days} 天${hours ? ` ${hours} 小时` : ''}`;
  if (hours) return `${hours} 小时${mins ? ` ${mins} 分钟` : ''}`;
  return `${mins} 分钟`;
}
