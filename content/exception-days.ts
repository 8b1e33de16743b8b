/**
 * 节假日与例外日期: dates on which a hall keeps other hours than its weekly 营业时间 — closed (闭馆) or
 * special hours (特殊营业时间, 2027-02-10 09:00–12:00 春节) — or, against the district's list, its weekly
 * hours after all (照常营业). A hall has its own list and the district one default list; on a date both
 * name, the hall's entry wins (`effectiveExceptions` in open-hours.ts).
 * Only the schema lives here (it imports nothing but primitives, so model.ts can embed it).
 */
import { z } from 'zod';
import { Area, HHMM, IsoDate } from './primitives';

/** Most entries one list holds: a year of dates, far more than any hall's holidays. */
export const MAX_EXCEPTION_DAYS = 366;

/**
 * One special window. An end before the start crosses midnight only when `overnight` says so: staff
 * typing 17:30–08:30 more often mean a typo than a night, so the schema asks instead of guessing.
 */
export const ExceptionWindow = z
  .object({ start: HHMM, end: HHMM, overnight: z.boolean().optional() })
  .superRefine((w, ctx) => {
    if (w.start === w.end) ctx.addIssue({ code: 'custom', path: ['end'], message: '结束时间不能与开始时间相同' });
    else if (w.end < w.start && !w.overnight)
      ctx.addIssue({ code: 'custom', path: ['end'], message: `结束时间 ${w.end} 早于开始时间 ${w.start}：如为跨夜时段（至次日 ${w.end}）请勾选「跨夜」，否则请修改时间` });
    else if (w.end > w.start && w.overnight)
      ctx.addIssue({ code: 'custom', path: ['overnight'], message: `勾选了跨夜，但 ${w.start}–${w.end} 在同一天内：请取消勾选` });
  });
export type ExceptionWindow = z.infer<typeof ExceptionWindow>;

const Common = {
  date: IsoDate,
  /** What staff call the day (春节, 设备检修); shown in the calendar and in "why is this playing". */
  name: z.string().trim().max(20, '名称至多 20 个字').optional(),
  /**
   * The areas the entry applies to. Absent: every area with business hours — a 24 h area (自助服务区)
   * keeps running. Listed: exactly these areas, 24 h ones included.
   */
  areas: z.array(Area).min(1, '至少选择一个区域').max(5).optional(),
};

/**
 * A date that is 闭馆 (`closed`), keeps special hours (`hours`) instead of the weekly ones, or keeps the
 * weekly ones (`open`, 照常营业): the way a hall says "we open on the district's 春节 closure", since its
 * entry replaces the district's on that date.
 */
export const ExceptionDay = z.discriminatedUnion('kind', [
  z.object({ ...Common, kind: z.literal('closed') }),
  z.object({ ...Common, kind: z.literal('open') }),
  z.object({ ...Common, kind: z.literal('hours'), windows: z.array(ExceptionWindow).min(1, '特殊营业时间至少需要一个时段').max(6, '至多 6 个时段') }),
], { error: '安排只能是 闭馆（closed）、特殊营业时间（hours）或 照常营业（open）' });
export type ExceptionDay = z.infer<typeof ExceptionDay>;

/** A list of exception days: one entry per date (two for one day would contradict each other). */
export const ExceptionDays = z
  .array(ExceptionDay)
  .max(MAX_EXCEPTION_DAYS, `至多 ${MAX_EXCEPTION_DAYS} 个例外日期`)
  .superRefine((days, ctx) => {
    const first = new Map<string, number>();
    days.forEach((d, i) => {
      const seen = first.get(d.date);
      if (seen === undefined) return void first.set(d.date, i);
      const other = days[seen]!;
      ctx.addIssue({
        code: 'custom',
        path: [i, 'date'],
        message: `${d.date} 已有一条例外安排（第 ${seen + 1} 条${other.name ? `「${other.name}」` : ''}）：同一天只能设置一条，请修改日期或删除其中一条`,
      });
    });
  });

/** The district's default exception days, shared by every hall that does not name the date itself. */
export const DISTRICT_SETTINGS_ID = 'district';
export const DistrictSettings = z.object({
  id: z.literal(DISTRICT_SETTINGS_ID),
  exceptions: ExceptionDays.default([]),
});
export type DistrictSettings = z.infer<typeof DistrictSettings>;

/** The body of `PUT …/exceptions`: the whole list, stored sorted by date; `[]` removes them all. */
export const ExceptionDaysBody = z.object({ exceptions: ExceptionDays });

/** Chinese names of the kinds, for every UI. */
export const EXCEPTION_KIND_LABELS: Record<ExceptionDay['kind'], string> = { closed: '闭馆', hours: '特殊营业时间', open: '照常营业' };
