/**
 * `GET /api/audit`: the audit trail (admins; a hall-limited reviewer or admin sees their halls' lines),
 * newest first, as a list; `X-Next-Cursor` / `Link rel=next` when there is more (the cursor names the last
 * line shown, so writes between two pages shift nothing; a cursor it did not hand out is a 400).
 */
import path from 'node:path';
import { Router } from 'express';
import { AuditQuery, boundOf, readAudit } from '../audit/audit-query';
import { actorDisplayNames } from '../auth/display-name';
import type { AppContext } from '../context';
import { HttpError } from '../http-error';
import { guard, permit } from '../policy/guard';

export function auditRoutes(ctx: AppContext): Router {
  const { store } = ctx;
  // Cluster mode: the database's log, which every instance writes; the NDJSON folder otherwise.
  const source = ctx.logSource ?? path.join(ctx.dataDir, 'logs');
  const router = Router();
  router.get('/', permit('audit.read'), async (req, res) => {
    const parsed = AuditQuery.safeParse(req.query);
    if (!parsed.success) throw new HttpError(400, 'bad_query', `参数有误：${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    const q = parsed.data;
    const actor = q.hallId ? guard(res, 'audit.read', [q.hallId]) : guard(res, 'audit.read');
    // Dates are read in the hall's calendar (the named hall, else the first of the caller's, else the install's first).
    const hallId = q.hallId ?? (actor.halls === 'all' ? store.list('halls')[0]?.id : actor.halls[0]);
    const timeZone = (hallId && store.get('halls', hallId)?.timezone) || 'Asia/Shanghai';
    // An empty list here would read as "nobody did anything": say the range is backwards instead.
    if (q.from && q.to && boundOf(q.from, false, timeZone)! > boundOf(q.to, true, timeZone)!) throw new HttpError(400, 'bad_range', '开始时间晚于结束时间');
    await ctx.audit.flush?.();
    const page = await readAudit(source, q, actor.halls, timeZone);
    const nameOf = actorDisplayNames(store);
    // The body is the list itself (like every other list of the API); the next page is named in headers.
    if (page.nextCursor !== undefined) {
      const next = new URLSearchParams(Object.entries(req.query).filter(([k, v]) => k !== 'cursor' && typeof v === 'string') as [string, string][]);
      next.set('cursor', page.nextCursor);
      res.setHeader('X-Next-Cursor', page.nextCursor);
      res.setHeader('Link', `</api/audit?${next}>; rel="next"`);
    }
    // `username` stays the login (filters and CSV match on it); `byName` is what a person reads.
    res.json(page.entries.map((e) => ({ ...e, byName: typeof e.who === 'string' ? nameOf(e.who) : nameOf(`user:${e.username}`) })));
  });
  return router;
}
