/**
 * Reads the audit trail back: the daily `audit-YYYY-MM-DD.ndjson` files (or, in cluster mode, the
 * database's `audit` log) between two instants, newest
 * first, filtered by hall, user, action and object, in pages. The cursor names the last line a page
 * showed (its UTC day and its place in that day: line number in the file, row id in the database), so
 * the next page goes on strictly before it whatever was written since, and reads only that day and older.
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
  cursor: z.string().max(40).optional().transform((v, ctx) => {
    // `0` was the first page of the old offset cursor (editors still open may send it); others had no stable meaning.
    if (v === undefined || v === '0' || v === '') return undefined;
    const c = parseCursor(v);
    if (!c) ctx.addIssue({ code: 'custom', message: '翻页位置无效（可能来自旧版页面），请重新查询第一页' });
    return c;
  }),
});
export type AuditQuery = z.infer<typeof AuditQuery>;

/** Where a page ended: the UTC day of its last line and that line's place in the day. */
export interface AuditCursor {
  day: string;
  pos: number;
}

function parseCursor(v: string): AuditCursor | undefined {
  const m = /^(\d{4}-\d{2}-\d{2})\.(\d{1,15})$/.exec(v);
  if (!m || IsoDate.safeParse(m[1]).success === false) return undefined;
  return { day: m[1]!, pos: Number(m[2]) };
}

const cursorText = (c: AuditCursor): string => `${c.day}.${c.pos}`;

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
export async function readAudit(source: DayLogSource, q: AuditQuery, scope: Halls, timeZone: string): Promise<{ entries: AuditEntry[]; nextCursor?: string }> {
  const from = boundOf(q.from, false, timeZone) ?? -Infinity;
  const to = boundOf(q.to, true, timeZone) ?? Infinity;
  const after = q.cursor;
  const days = (typeof source === 'string' ? await fileDays(source) : await source.days('audit'))
    // Logs are filed by the UTC day of writing: skip days wholly outside the range, and those the pages so far showed.
    .filter((day) => {
      const dayStart = Date.parse(`${day}T00:00:00Z`);
      return dayStart + 86_400_000 > from && dayStart <= to && (!after || day <= after.day);
    })
    .sort()
    .reverse();
  const out: AuditEntry[] = [];
  let last: AuditCursor | undefined;
  for (const dayName of days) {
    const day: { e: AuditEntry; pos: number }[] = [];
    for await (const { pos, line } of positionedLines(source, dayName, after?.day === dayName ? after.pos : undefined)) {
      const e = parseLine(line);
      if (!e) continue;
      const t = Date.parse(e.at);
      if (t < from || t > to || !matches(e, q, scope)) continue;
      day.push({ e, pos });
    }
    for (const { e, pos } of day.reverse()) {
      if (out.length === q.limit) return { entries: out, nextCursor: cursorText(last!) };
      out.push(e);
      last = { day: dayName, pos };
    }
  }
  return { entries: out };
}

/** The lines of a day's audit log in written order with their place in the day, only those before `before`. */
async function* positionedLines(source: DayLogSource, day: string, before?: number): AsyncGenerator<{ pos: number; line: string }> {
  if (typeof source !== 'string') {
    if (source.rows) return yield* source.rows('audit', day, before);
    let pos = 0;
    for await (const line of source.lines('audit', day)) {
      if (before !== undefined && pos >= before) return;
      yield { pos: pos++, line };
    }
    return;
  }
  const input = createReadStream(path.join(source, `audit-${day}.ndjson`), { encoding: 'utf8' });
  try {
    let pos = 0;
    // Lines are counted as written (torn ones too), so a line's number never changes: the file only grows.
    for await (const line of createInterface({ input, crlfDelay: Infinity })) {
      if (before !== undefined && pos >= before) return;
      yield { pos: pos++, line };
    }
  } finally {
    // Stopping at the cursor leaves the rest of the file unread: let go of it now, not when collected.
    input.destroy();
  }
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
