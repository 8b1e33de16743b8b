/**
 * 工作台 as a pure function of (store contents, screen statuses, today's counts, now): per hall, its
 * screens, reviews waiting, overrides on air, today's calls and plays, content about to expire. The
 * route (routes/workbench.ts) gathers the inputs; tests pass a fixed `now`.
 */
import type { Hall, Layout, Override, Screen, Slide } from '../../content/model';
import { overrideDisplay } from '../../content/model';
import { pendingTickers } from '../../content/ticker-review';
import { onAirVersion } from '../../content/slide-versions';
import { wallClock } from '../../content/wall-clock';
import { EXPIRING_WITHIN_MS, type WorkbenchHall, type WorkbenchSummary } from '../../content/workbench-model';
import { canSee, type Halls } from '../policy/access';
import { hallsOfContent } from '../policy/object-halls';
import { overrideLive } from '../manifest';

/** Today's counts of one hall. */
export interface DayCounts {
  calls: number;
  plays: number;
}

export interface WorkbenchInput {
  now: number;
  /** The halls the caller may see, in the order cards are shown. */
  halls: readonly Hall[];
  screens: readonly Screen[];
  status: (screenId: string) => { online: boolean; lastSeen?: string };
  slides: readonly Slide[];
  layouts: readonly Layout[];
  /** Every stored override with the halls its target reaches (policy/object-halls.ts `hallsOfTarget`). */
  overrides: readonly { override: Override; halls: Halls }[];
  /** Calls and plays of each hall's today (`hallToday`); a hall missing here had none. */
  counts: ReadonlyMap<string, DayCounts>;
}

/** The hall's calendar day at `now`: "today" on its cards is the hall's, never the server's or the browser's. */
export const hallToday = (hall: Pick<Hall, 'timezone'>, now: number): string => wallClock(now, hall.timezone).date;

/** Does an object of `halls` (district content: `'all'`) show on this hall's card? */
const inHall = (hallId: string, halls: Halls): boolean => canSee([hallId], halls);

/** When an override ends (open-ended ones last). */
const endOf = (o: { expiresAt?: string }): number => (o.expiresAt ? Date.parse(o.expiresAt) : Infinity);

/** The end of a slide's on-air validity when it falls within the next 72 h, else undefined. */
function endsSoon(slide: Slide, now: number): string | undefined {
  if (slide.status !== 'approved' && !slide.published) return undefined;
  const { validTo } = onAirVersion(slide);
  if (!validTo) return undefined;
  const end = Date.parse(validTo);
  return end > now && end - now <= EXPIRING_WITHIN_MS ? validTo : undefined;
}

export function summarizeWorkbench(input: WorkbenchInput): WorkbenchSummary {
  const { now } = input;
  const pendingSlides = input.slides.filter((s) => s.status === 'pending');
  const tickerLayouts = input.layouts.map((l) => ({ layout: l, waiting: pendingTickers(l).length })).filter((l) => l.waiting > 0);
  const live = input.overrides.filter(({ override }) => overrideLive(override, now));
  const expiring = input.slides.flatMap((s) => {
    const validTo = endsSoon(s, now);
    return validTo ? [{ slide: s, validTo }] : [];
  });

  const card = (hall: Hall): WorkbenchHall => {
    const screens = input.screens.filter((s) => s.hallId === hall.id).map((s) => ({ screen: s, live: input.status(s.id) }));
    const counts = input.counts.get(hall.id);
    return {
      hallId: hall.id,
      name: hall.name,
      timezone: hall.timezone,
      today: hallToday(hall, now),
      screens: {
        total: screens.length,
        online: screens.filter((s) => s.live.online).length,
        offline: screens
          .filter((s) => !s.live.online)
          .map(({ screen, live: l }) => ({ id: screen.id, name: screen.name, online: false, ...(l.lastSeen && { lastSeen: l.lastSeen }) })),
      },
      pendingReviews: {
        slides: pendingSlides.filter((s) => inHall(hall.id, hallsOfContent(s))).length,
        tickers: tickerLayouts.filter((l) => inHall(hall.id, hallsOfContent(l.layout))).reduce((n, l) => n + l.waiting, 0),
      },
      overrides: live
        .filter((o) => inHall(hall.id, o.halls))
        .map(({ override: o }) => ({
          id: o.id,
          kind: o.kind,
          title: o.title,
          display: overrideDisplay(o),
          createdAt: o.createdAt,
          ...(o.expiresAt && { expiresAt: o.expiresAt }),
        }))
        // Soonest end first; open-ended ones after, newest first among them.
        .sort((a, b) => endOf(a) - endOf(b) || Date.parse(b.createdAt) - Date.parse(a.createdAt)),
      calls: counts?.calls ?? 0,
      plays: counts?.plays ?? 0,
      expiring: expiring
        .filter((e) => inHall(hall.id, hallsOfContent(e.slide)))
        .map((e) => ({ slideId: e.slide.id, title: onAirVersion(e.slide).title, validTo: e.validTo, district: hallsOfContent(e.slide) === 'all' }))
        .sort((a, b) => Date.parse(a.validTo) - Date.parse(b.validTo)),
    };
  };

  return { now: new Date(now).toISOString(), halls: input.halls.map(card) };
}
