/**
 * Pure helpers of the media library: client-side search (the fallback when the server ignores `q`),
 * usage counts in whichever shape the server sends, sizes and tag parsing.
 */
import type { Media } from '../../content/model';
import type { MediaUsage } from '../api';

export type MediaKindFilter = '' | 'image' | 'video';

/** Items whose name or a tag contains every word of `q` (case-insensitive), of `kind` when given. */
export function filterMedia<M extends Pick<Media, 'name' | 'kind'> & { tags?: readonly string[] }>(list: readonly M[], q: string, kind: MediaKindFilter): M[] {
  const words = q.toLowerCase().split(/\s+/).filter(Boolean);
  return list.filter((m) => {
    if (kind && m.kind !== kind) return false;
    const hay = [m.name, ...(m.tags ?? [])].join('\n').toLowerCase();
    return words.every((w) => hay.includes(w));
  });
}

/** How many slides use the file; undefined when the server does not say (yet). */
export function usageCount(usage: MediaUsage | undefined): number | undefined {
  if (typeof usage === 'number') return usage;
  if (Array.isArray(usage)) return usage.length;
  return undefined;
}

/** Tags typed as `a，b, c` (Chinese or ASCII commas, 、 or spaces), trimmed, without duplicates. */
export function parseTags(text: string): string[] {
  return [...new Set(text.split(/[,，、;；\s]+/).map((t) => t.trim()).filter(Boolean))];
}

/** `1.2 MB`. */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(0)} KB`;
  return `${(n / 1024 ** 2).toFixed(1)} MB`;
}

/** A video's length as a player shows it: `0:07`, `12:30`, `1:02:03`. */
export function formatClock(ms: number): string {
  const total = Math.round(ms / 1000);
  const s = total % 60;
  const m = Math.floor(total / 60) % 60;
  const hr = Math.floor(total / 3600);
  const pad = (n: number) => String(n).padStart(2, '0');
  return hr ? `${hr}:${pad(m)}:${pad(s)}` : `${m}:${pad(s)}`;
}
