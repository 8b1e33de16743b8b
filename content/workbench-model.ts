/**
 * 工作台: what `GET /api/workbench` answers — one card per hall the caller may see, everything a hall
 * manager checks first. Computed by the server (server/workbench/), drawn by editor/workbench/.
 */
import { z } from 'zod';
import { Id, IsoInstant } from './primitives';

/** Content ending within this long counts as 即将到期. */
export const EXPIRING_WITHIN_MS = 72 * 3600_000;

export const WorkbenchScreen = z.object({ id: Id, name: z.string(), online: z.boolean(), lastSeen: IsoInstant.optional() });

export const WorkbenchOverride = z.object({
  id: Id,
  kind: z.enum(['emergency', 'message']),
  title: z.string(),
  display: z.enum(['fullscreen', 'banner']),
  createdAt: IsoInstant,
  /** Absent: stays until someone clears it. */
  expiresAt: IsoInstant.optional(),
});

export const WorkbenchExpiring = z.object({ slideId: Id, title: z.string(), validTo: IsoInstant, district: z.boolean() });

export const WorkbenchHall = z.object({
  hallId: Id,
  name: z.string(),
  timezone: z.string(),
  /** The hall's calendar day at `now` (YYYY-MM-DD), the day `calls` and `plays` count. */
  today: z.string(),
  screens: z.object({ total: z.number().int(), online: z.number().int(), offline: z.array(WorkbenchScreen) }),
  /** Slides submitted and ticker texts waiting, of this hall or district-wide (what its 待审核 queue lists). */
  pendingReviews: z.object({ slides: z.number().int(), tickers: z.number().int() }),
  /** Emergency notices and messages on air in this hall now, soonest end first. */
  overrides: z.array(WorkbenchOverride),
  /** Queue calls announced and slides played in the hall's today. */
  calls: z.number().int(),
  plays: z.number().int(),
  /** On-air slides of this hall (or district-wide) whose validity ends within 72 h, soonest first. */
  expiring: z.array(WorkbenchExpiring),
});

export const WorkbenchSummary = z.object({ now: IsoInstant, halls: z.array(WorkbenchHall) });
export type WorkbenchSummary = z.infer<typeof WorkbenchSummary>;
export type WorkbenchHall = z.infer<typeof WorkbenchHall>;
export type WorkbenchOverride = z.infer<typeof WorkbenchOverride>;
