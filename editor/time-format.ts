/**
 * Dates as staff read and type them. `datetime-local` inputs speak the browser's wall clock (staff sit
 * in the hall's zone); the API speaks ISO instants.
 */

const dateTime = new Intl.DateTimeFormat('zh-CN', {
  year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false,
});

/** `2026-11-27 08:00` (browser time zone); '—' for nothing. */
export function formatDateTime(iso: string | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return dateTime.format(d).replace(/\//g, '-');
}

const pad = (n: number) => String(n).padStart(2, '0');

/** ISO instant → `YYYY-MM-DDTHH:MM` for a datetime-local input. */
export function toLocalInput(iso: string | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/**
 * datetime-local value → ISO instant; empty → undefined. An unparsable value passes through unchanged
 * so the zod schema reports it next to the field instead of it vanishing.
 */
export function fromLocalInput(value: string): string | undefined {
  if (!value) return undefined;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? value : d.toISOString();
}

/** `10 秒`, `1 分 30 秒`. */
export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} 秒`;
  const m = Math.floor(s / 60);
  return s % 60 ? `${m} 分 ${s % 60} 秒` : `${m} 分钟`;
}

/** `刚刚`, `5 分钟前`, or the date for anything older than a day. */
export function formatAgo(iso: string | undefined, now = Date.now()): string {
  if (!iso) return '从未';
  const diff = now - new Date(iso).getTime();
  if (Number.isNaN(diff)) return '—';
  if (diff < 60_000) return '刚刚';
  if (diff < 3600_000) return `${Math.floor(diff / 60_000)} 分钟前`;
  if (diff < 86_400_000) return `${Math.floor(diff / 3600_000)} 小时前`;
  return formatDateTime(iso);
}

/** Seconds typed by staff → milliseconds; empty → undefined (server default). Keeps NaN for zod to flag. */
export function secondsToMs(value: string): number | undefined {
  const t = value.trim();
  if (!t) return undefined;
  return Math.round(Number(t) * 1000);
}

const timeOfDay = new Intl.DateTimeFormat('zh-CN', { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });

/** `14:03:27` (browser time zone); '—' for nothing. Calls are read by the second. */
export function formatTime(iso: string | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : timeOfDay.format(d);
}
