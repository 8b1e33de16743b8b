/**
 * The editor's calendars and conflict check: what a screen, an area or a whole hall (营业厅日历) plays
 * over the next days, and what a schedule entry would meet before it is saved. All from the shared resolver.
 */
import { Router, type Request } from 'express';
import { z } from 'zod';
import { Area, DEFAULT_RESOLUTION, DISTRICT_SETTINGS_ID, IsoDate, IsoInstant, ScheduleInput } from '../../content/model';
import { MAX_CALENDAR_DAYS, hallCalendar } from '../../content/hall-calendar';
import { onAirVersion } from '../../content/slide-versions';
import { wallClock } from '../../content/wall-clock';
import { findConflicts } from '../../content/conflicts';
import { timeline } from '../../content/timeline';
import type { Manifest } from '../../content/protocol';
import { targetsScreen } from '../../content/targeting';
import { guard, permit, seen } from '../policy/guard';
import type { AppContext } from '../context';
import { HttpError, notFound } from '../http-error';
import { manifestFor } from '../manifest';
import { parseBody } from '../validate';

const MAX_DAYS = 14;
const Query = z.object({
  from: IsoInstant.optional(),
  days: z.coerce.number().int().min(1, 'days 至少为 1').max(MAX_DAYS, `days 至多为 ${MAX_DAYS}`).default(7),
});

const CalendarQuery = z.object({
  from: IsoDate.optional(),
  days: z.coerce.number().int().min(1, 'days 至少为 1').max(MAX_CALENDAR_DAYS, `days 至多为 ${MAX_CALENDAR_DAYS}`).default(7),
});

export function timelineRoutes(ctx: AppContext): Router {
  const { store, clock } = ctx;
  const router = Router();

  const span = (req: Request) => {
    const q = Query.safeParse(req.query);
    if (!q.success) throw new HttpError(400, 'bad_query', `参数有误：${q.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    const from = q.data.from ? Date.parse(q.data.from) : clock();
    return { from, until: from + q.data.days * 86_400_000 };
  };
  /** Segments with titles and schedule names, so the editor draws without more requests. */
  const present = (manifest: Manifest, from: number, until: number) => {
    const slides = new Map(manifest.slides.map((s) => [s.id, s.title]));
    const names = new Map(manifest.schedules.map((s) => [s.id, s.name]));
    return {
      from: new Date(from).toISOString(),
      until: new Date(until).toISOString(),
      timezone: manifest.hall.timezone,
      segments: timeline(manifest, from, until).map((seg) => ({
        ...seg,
        schedules: seg.scheduleIds.map((id) => ({ id, name: names.get(id) ?? id })),
        items: seg.items.map((i) => ({ ...i, title: slides.get(i.slideId) ?? manifest.hall.name })),
      })),
    };
  };

  router.get('/screens/:id/timeline', permit('read'), (req, res) => {
    const { from, until } = span(req);
    const stored = store.get('screens', req.params.id as string);
    if (!stored) throw notFound('屏幕', req.params.id as string);
    guard(res, 'read', [stored.hallId]);
    const { keyGeneration: _k, ...screen } = stored;
    const manifest = manifestFor(store, screen, from);
    if (!manifest) throw notFound('营业厅', stored.hallId);
    res.json(present(manifest, from, until));
  });

  /** An area's calendar: entries aimed at the area or hall (not at single screens or tags). */
  router.get('/halls/:hallId/areas/:area/timeline', permit('read'), (req, res) => {
    const { from, until } = span(req);
    const area = Area.safeParse(req.params.area);
    if (!area.success) throw new HttpError(400, 'bad_area', `未知区域 ${req.params.area}（guide、waiting、counter、exhibition、selfService）`);
    const hallId = req.params.hallId as string;
    if (!store.get('halls', hallId)) throw notFound('营业厅', hallId);
    guard(res, 'read', [hallId]);
    const pseudo: Manifest['screen'] = {
      id: `area:${hallId}:${area.data}`, name: area.data, hallId, area: area.data, kind: 'tv', resolution: DEFAULT_RESOLUTION.tv,
      counters: [], tags: [], callDisplay: 'none', createdAt: new Date(0).toISOString(),
    };
    const manifest = manifestFor(store, pseudo, from);
    if (!manifest) throw notFound('营业厅', hallId);
    res.json(present(manifest, from, until));
  });

  /** 营业厅日历: every screen of the hall per day and hour, for a week or a month, exception days marked. */
  router.get('/halls/:hallId/calendar', permit('read'), (req, res) => {
    const hallId = req.params.hallId as string;
    const hall = store.get('halls', hallId);
    if (!hall) throw notFound('营业厅', hallId);
    guard(res, 'read', [hallId]);
    const q = CalendarQuery.safeParse(req.query);
    if (!q.success) throw new HttpError(400, 'bad_query', `参数有误：${q.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    const screens = store.list('screens').filter((s) => s.hallId === hallId).map(({ keyGeneration: _k, devices: _d, ...screen }) => screen);
    const calendar = hallCalendar(
      {
        hall,
        districtExceptions: store.get('district', DISTRICT_SETTINGS_ID)?.exceptions,
        screens,
        schedules: store.list('schedules').filter((s) => screens.some((sc) => targetsScreen(s.target, sc))),
        playlists: store.list('playlists'),
        slides: store.list('slides').map(onAirVersion),
      },
      q.data.from ?? wallClock(clock(), hall.timezone).date,
      q.data.days,
    );
    res.json(calendar);
  });

  /** Which screens an entry would reach and which entries it would meet; nothing is saved. */
  router.post('/schedules/check', permit('read'), (req, res) => {
    const input = parseBody(req, ScheduleInput.extend({ id: z.string().optional() }));
    // Reach and conflicts only within what the caller sees.
    const see = seen(res);
    const screens = store.list('screens').filter((s) => see([s.hallId]));
    const zone = (hallId: string) => store.get('halls', hallId)?.timezone ?? 'Asia/Shanghai';
    const conflicts = findConflicts(input, store.list('schedules'), screens, zone, clock(), input.id);
    res.json({ screens: screens.filter((s) => targetsScreen(input.target, s)).length, conflicts });
  });
  return router;
}
