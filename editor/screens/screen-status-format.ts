/**
 * Health figures of a screen as staff read them on the wall: megabytes, uptime in days and hours, the
 * clock offset with its sign and a warning past what a call display can live with.
 */

/** Past this a screen's clock visibly disagrees with the hall's other screens (calls, clocks, schedules). */
export const CLOCK_OFFSET_WARN_MS = 2000;

/** `123 MB` (binary megabytes, rounded); '—' when unknown. */
export function formatMegabytes(bytes: number | undefined): string {
  if (bytes === undefined || !Number.isFinite(bytes)) return '—';
  const mb = bytes / 1024 / 1024;
  return `${mb < 10 ? mb.toFixed(1) : Math.round(mb)} MB`;
}

/** `45 秒`, `12 分钟`, `3 小时 5 分`, `2 天 4 小时`; '—' when unknown. */
export function formatUptime(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return '—';
  const s = Math.floor(seconds);
  if (s < 60) return `${s} 秒`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} 分钟`;
  const hours = Math.floor(m / 60);
  if (hours < 24) return m % 60 ? `${hours} 小时 ${m % 60} 分` : `${hours} 小时`;
  const days = Math.floor(hours / 24);
  return hours % 24 ? `${days} 天 ${hours % 24} 小时` : `${days} 天`;
}

/**
 * `+120 ms` / `-3.4 秒`: server time minus device time, so a positive offset means the device is behind.
 * `warn` when it is large enough to notice.
 */
export function formatClockOffset(ms: number | undefined): { text: string; warn: boolean } {
  if (ms === undefined || !Number.isFinite(ms)) return { text: '—', warn: false };
  const sign = ms > 0 ? '+' : ms < 0 ? '-' : '±';
  const abs = Math.abs(ms);
  const text = abs < 1000 ? `${sign}${Math.round(abs)} ms` : `${sign}${(abs / 1000).toFixed(abs < 10_000 ? 1 : 0)} 秒`;
  return { text, warn: abs > CLOCK_OFFSET_WARN_MS };
}

/**
 * `58 fps`; '—' when unknown. No warning: players draw only while something moves, so a still
 * counter strip honestly reports 1 fps.
 */
export function formatFps(fps: number | undefined): string {
  if (fps === undefined || !Number.isFinite(fps)) return '—';
  return `${Math.round(fps)} fps`;
}
