/**
 * 排队统计: `GET /api/reports/queue?from=&to=&hallId=` (staff) per service, counter and hour, and the
 * same as CSV (`/queue.csv`, UTF-8 with a BOM for Excel). Days are the hall's calendar days; a missing
 * `from`/`to` means the hall's today. The store keeps KEEP_TICKET_DAYS days of tickets.
 */
import { Router, type Request, type Response } from 'express';
import { hallDay } from '../../content/ticketing';
import { queueReport, type QueueReport, type Spread } from '../../content/ticketing-report';
import { addDays } from '../../content/wall-clock';
import { principalOf } from '../auth/principal';
import type { AppContext } from '../context';
import { HttpError } from '../http-error';
import { KEEP_TICKET_DAYS } from '../ticketing/ticket-desk';
import { queueActor } from '../ticketing/queue-access';
import { csvField } from './reports';

const DATE = /^20\d{2}-\d{2}-\d{2}$/;
const DEFAULT_TZ = 'Asia/Shanghai';

export function queueReportRoutes(ctx: AppContext): Router {
  const { store, clock } = ctx;
  const router = Router();

  const build = (req: Request, res: Response): QueueReport & { hallId?: string; keptDays: number } => {
    const str = (name: string): string | undefined => (typeof req.query[name] === 'string' && req.query[name] !== '' ? (req.query[name] as string) : undefined);
    const hallId = str('hallId');
    const hall = hallId !== undefined ? store.get('halls', hallId) : undefined;
    if (hallId !== undefined && !hall) throw new HttpError(404, 'not_found', `营业厅 ${hallId} 不存在`);
    if (!principalOf(res)) throw new HttpError(401, 'unauthenticated', '请先登录');
    // Without a hall the report spans every hall the caller may see.
    const halls = hall ? [hall] : store.list('halls');
    const allowed = halls.filter((h) => {
      try {
        queueActor(req, res, ctx, h.id);
        return true;
      } catch (err) {
        if (hall) throw err;
        return false;
      }
    });
    const today = hallDay(clock(), (hall ?? allowed[0])?.timezone ?? DEFAULT_TZ);
    const from = str('from') ?? today;
    const to = str('to') ?? (str('from') ? from : today);
    const valid = (d: string): boolean => DATE.test(d) && addDays(d, 0) === d;
    if (!valid(from) || !valid(to)) throw new HttpError(400, 'bad_range', '参数 from 和 to 需要日期 YYYY-MM-DD，例如 from=2026-11-01&to=2026-11-30');
    if (from > to) throw new HttpError(400, 'bad_range', `开始日期 ${from} 晚于结束日期 ${to}`);
    const ids = new Set(allowed.map((h) => h.id));
    const zones = new Map(allowed.map((h) => [h.id, h.timezone]));
    const report = queueReport({
      tickets: store.list('queueTickets').filter((t) => ids.has(t.hallId)),
      services: store.list('queueServices').filter((s) => ids.has(s.hallId)),
      from,
      to,
      today,
      timeZone: (id) => zones.get(id) ?? DEFAULT_TZ,
    });
    return { ...report, ...(hallId !== undefined && { hallId }), keptDays: KEEP_TICKET_DAYS };
  };

  router.get('/queue', (req, res) => {
    res.json(build(req, res));
  });

  router.get('/queue.csv', (req, res) => {
    const r = build(req, res);
    const m = (s: Spread, k: 'avg' | 'p90'): string => (s[k] === null ? '' : String(s[k]));
    const head = ['类别', '名称', '取号', '办结', '过号', '转出', '等候中', '未办理', '平均等候（分）', 'P90 等候（分）', '平均办理（分）', 'P90 办理（分）', '非常满意', '满意', '不满意'];
    const rows: (string | number)[][] = [
      ...r.services.map((s) => ['业务', `${s.prefix} ${s.name}`, s.tickets, s.served, s.skipped, s.transferred, s.waiting, s.leftUnserved, m(s.waitMinutes, 'avg'), m(s.waitMinutes, 'p90'), m(s.serviceMinutes, 'avg'), m(s.serviceMinutes, 'p90')]),
      ...r.counters.map((c) => ['窗口', `${c.counter} 号窗口`, c.called, c.served, c.skipped, c.transferred, '', '', m(c.waitMinutes, 'avg'), m(c.waitMinutes, 'p90'), m(c.serviceMinutes, 'avg'), m(c.serviceMinutes, 'p90'), c.ratings.great, c.ratings.good, c.ratings.bad]),
      ...r.hours.filter((h) => h.tickets > 0).map((h) => ['时段', `${String(h.hour).padStart(2, '0')}:00`, h.tickets, h.served, '', '', '', '', m(h.waitMinutes, 'avg'), m(h.waitMinutes, 'p90'), '', '']),
    ];
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="queue-${r.from}-${r.to}.csv"`);
    res.send(`\uFEFF${[head, ...rows].map((row) => row.map(csvField).join(',')).join('\r\n')}\r\n`);
  });

  return router;
}
