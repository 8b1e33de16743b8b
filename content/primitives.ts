/** The smallest shared schemas: ids, instants, dates, time zones, hall areas and counter numbers. */
import { z } from 'zod';

/** An id made by the server (short, URL-safe). */
export const Id = z.string().min(1, '不能为空').max(64);
/** An ISO-8601 instant, e.g. `2026-11-27T08:00:00.000Z`. */
export const IsoInstant = z.iso.datetime({ offset: true, message: '需要 ISO 时间，例如 2026-11-27T08:00:00+08:00' });
/** A calendar date in a hall's wall-clock time. */
export const IsoDate = z.iso.date({ message: '需要日期 YYYY-MM-DD' });
/** A wall-clock time `HH:MM` (00:00–23:59). */
export const HHMM = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, '时间格式为 HH:MM（00:00–23:59）');

const isValidTimeZone = (tz: string): boolean => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};
/** An IANA time zone such as `Asia/Shanghai`. */
export const TimeZone = z.string().min(1).refine(isValidTimeZone, { message: '未知的时区（需要 IANA 名称，如 Asia/Shanghai）' });

/** Hall areas of the 三型一化 smart-hall model. */
export const Area = z.enum(['guide', 'waiting', 'counter', 'exhibition', 'selfService']);
export type Area = z.infer<typeof Area>;

/**
 * The one spelling of a counter (窗口) number: digits-only ids lose their leading zeros ("03" → "3",
 * "000" → "0"), letters are upper-cased ("a1" → "A1"). Two queue systems that say "3" and "03" (or
 * "a1" and "A1") for one window then make one counter on the boards, and a strip set up for "3" gets
 * the calls for "03". Everything that names a counter goes through `CounterId`, so this runs once
 * at every boundary (calls, events, screen and service settings, the data file on load).
 */
export function canonicalCounter(raw: string): string {
  const s = raw.trim().toUpperCase();
  return /^[0-9]+$/.test(s) ? s.replace(/^0+(?=.)/, '') : s;
}

/** A counter (窗口) number as the queue system names it, e.g. "3" or "12"; stored and sent canonical (`canonicalCounter`). */
export const CounterId = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9-]{1,16}$/, '窗口号只能由字母、数字和连字符组成（至多 16 位）')
  .transform(canonicalCounter);

/**
 * The halls a piece of content belongs to: set when a hall-limited user made it. Absent = district
 * content (made by an unrestricted user): visible in every hall, changed only by unrestricted users.
 */
export const OwnerHallIds = z.array(Id).max(1000).optional();

/** Longest variable name and value a hall may set (names are short words like 服务热线). */
export const MAX_VARIABLE_KEY = 12;
export const MAX_VARIABLE_VALUE = 200;
export const MAX_HALL_VARIABLES = 30;
/** A slide-text variable's name, written `{名称}` in slide text: 1–12 characters, no braces, no spaces. */
export const HallVariableKey = z
  .string()
  .min(1, '变量名不能为空')
  .refine((k) => [...k].length <= MAX_VARIABLE_KEY, `变量名至多 ${MAX_VARIABLE_KEY} 个字`)
  .refine((k) => !/[{}\s]/u.test(k), '变量名不能含花括号 { } 或空格');
/** What `{名称}` reads as in this hall. */
export const HallVariableValue = z.string().trim().max(MAX_VARIABLE_VALUE, `变量值至多 ${MAX_VARIABLE_VALUE} 字`);
/**
 * A hall's own slide-text variables (服务热线, 地址, …): name → value. Names are checked here rather
 * than as the record's key schema, whose failure zod reports only as "Invalid key in record".
 */
export const HallVariables = z.record(z.string(), HallVariableValue).superRefine((vars, ctx) => {
  const keys = Object.keys(vars);
  if (keys.length > MAX_HALL_VARIABLES) ctx.addIssue({ code: 'custom', path: [], message: `一个营业厅至多 ${MAX_HALL_VARIABLES} 个变量` });
  for (const key of keys) {
    const r = HallVariableKey.safeParse(key);
    if (!r.success) ctx.addIssue({ code: 'custom', path: [key], message: `变量名「${key}」：${r.error.issues[0]!.message}` });
  }
});
export type HallVariables = z.infer<typeof HallVariables>;
