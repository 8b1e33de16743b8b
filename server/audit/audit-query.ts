/**
 * Reads the audit trail back: the daily `audit-YYYY-MM-DD.ndjson` files (or, in cluster mode, the
 * database's `audit` log) between two instants, newest
 * first, filtered by hall, user, action and object, in pages (`cursor` = where the last page ended).
 * Line by line, never a whole file in memory; a torn or hand-edited line is skipped.
 */
import { createReadStream } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { z } from 'zod';
import { IsoDate, IsoInstant } from '../../content/model';
import { zonedInstant } from '../../content/wall-clock';
import type { Halls } from '../policy/access';
import { canSee } from '../policy/access';
import { hallsOfRecord } from '../policy/object-halls';
import type { DayLogSource } from '../reports/day-logs';

/** One audit line as the API returns it. */
export interface AuditEntry {
  at: string;
  username: string;
  who?: string;
  action: string;
  id?: string;
  hallId?: string;
  hallIds?: string[];
  [k: string]: unknown;
}

// One Chinese message for the union: zod's own would be the English "Invalid input".
const Moment = z.union([IsoInstant, IsoDate], { error: '需要日期 YYYY-MM-DD 或 ISO 时间，例如 2026-11-27T08:00:00+08:00' });
/** `GET /api/audit` query: dates are the hall's (or Asia/Shanghai) calendar days, inclusive. */
export const AuditQuery = z.object({
  from: Moment.optional(),
  to: Moment.optional(),
  hallId: z.string().max(64).optional(),
  user: z.string().max(64).optional(),
  action: z.string().max(64).optional(),
  object: z.string().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
  cursor: z.coerce.number().int().min(0).optional(),
});
export type AuditQuery = z.infer<typeof AuditQuery>;

/** An instant from a query bound: a date means its start (`from`) or its end (`to`) in `timeZone`. */
export function boundOf(v: string | undefined, end: boolean, timeZone: string): number | undefined {
  if (v === undefined) return undefined;
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) return zonedInstant(v, end ? 24 * 60 : 0, timeZone) - (end ? 1 : 0);
  return Date.parse(v);
}

const matches = (e: AuditEntry, q: AuditQuery, scope: Halls): boolean => {
  if (q.user && e.username !== q.user) return false;
  if (q.action && !(e.action === q.action || e.action.startsWith(`${q.action}.`))) return false;
  if (q.object && e.id !== q.object && !Object.values(e).includes(q.object)) return false;
  const halls = hallsOfRecord(e);
  if (q.hallId && (halls === 'all' || !halls.includes(q.hallId))) return false;
  // A hall-limited reader sees only lines that name one of their halls.
  return scope === 'all' || (halls !== 'all' && canSee(scope, halls));
};

/** The page of entries matching `q`, newest first, and the cursor of the next page (if any). */
export async function readAudit(source: DayLogSource, q: AuditQuery, scope: Halls, timeZone: string): Promise<{ entries: AuditEntry[]; nextCursor?: number }> {
  const from = boundOf(q.from, false, timeZone) ?? -Infinity;
  const to = boundOf(q.to, true, timeZone) ?? Infinity;
  const days = (typeof source === 'string' ? await fileDays(source) : await source.days('audit'))
    // Logs are filed by the UTC day of writing: skip days wholly outside the range.
    .filter((day) => {
      const dayStart = Date.parse(`${day}T00:00:00Z`);
      return dayStart + 86_400_000 > from && dayStart <= to;
    })
    .sort()
    .reverse();
  const skip = q.cursor ?? 0;
  const out: AuditEntry[] = [];
  let seen = 0;
  for (const dayName of days) {
    const day: AuditEntry[] = [];
    const lines = typeof source === 'string'
      ? createInterface({ input: createReadStream(path.join(source, `audit-${dayName}.ndjson`), { encoding: 'utf8' }), crlfDelay: Infinity })
      : source.lines('audit', dayName);
    for await (const line of lines) {
      const e = parseLine(line);
      if (!e) continue;
      const t = Date.parse(e.at);
      if (t < from || t > to || !matches(e, q, scope)) continue;
      day.push(e);
    }
    for (const e of day.reverse()) {
      if (seen++ < skip) continue;
      if (out.length === q.limit) return { entries: out, nextCursor: skip + out.length };
      out.push(e);
    }
  }
  return { entries: out };
}

/** The UTC days that have an audit file in `dir`. */
async function fileDays(dir: string): Promise<string[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  return names.filter((f) => /^audit-\d{4}-\d{2}-\d{2}\.ndjson$/.test(f)).map((f) => f.slice(6, 16));
}

function parseLine(line: string): AuditEntry | undefined {
  if (!line) return undefined;
  try {
    const v = JSON.parse(line) as Record<string, unknown>;
    if (typeof v.at !== 'string' || typeof v.action !== 'string') return undefined;
    const who = typeof v.who === 'string' ? v.who : '';
    const username = typeof v.username === 'string' ? v.username : who.replace(/^(user|token):/, '');
    return { ...v, at: v.at, action: v.action, username } as AuditEntry;
  } catch {
    return undefined;
  }
}
