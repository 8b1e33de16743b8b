/**
 * Before a schedule entry is saved, staff see which existing entries it meets on the same screens at
 * the same time, and what priority will make of it: share the loop, take over, or be taken over.
 */
import type { Schedule, ScheduleInput } from './model';
import { HORIZON_MS, whenEdges, whenInactiveReason } from './schedule';
import { targetsScreen, type TargetableScreen } from './targeting';

export type ConflictRelation = 'sharesLoop' | 'takesOver' | 'isTakenOver';

export interface Conflict {
  scheduleId: string;
  name: string;
  relation: ConflictRelation;
  /** How many screens both entries reach. */
  screens: number;
  /** The first instant within the horizon at which both are active. */
  firstOverlap: string;
  /** When that first overlap ends (either stops; the horizon's end if neither does before it). */
  overlapEnd: string;
  message: string;
}

const MESSAGES: Record<ConflictRelation, (name: string) => string> = {
  sharesLoop: (n) => `与排期「${n}」优先级相同，重叠时段内将轮流播放`,
  takesOver: (n) => `优先级高于排期「${n}」，重叠时段内「${n}」将不播放`,
  isTakenOver: (n) => `排期「${n}」优先级更高，重叠时段内本排期不会播放`,
};

/**
 * First span in [fromMs, untilMs) during which both `when`s are active in `timeZone`, if any. A window
 * across midnight (17:30–08:30) is one span, not two halves, so staff read the overlap as they typed it.
 */
function firstOverlap(a: ScheduleInput['when'], b: ScheduleInput['when'], timeZone: string, fromMs: number, untilMs: number): { start: number; end: number } | undefined {
  const edges = [fromMs, ...new Set([...whenEdges(a, timeZone, fromMs, untilMs), ...whenEdges(b, timeZone, fromMs, untilMs)])].sort((x, y) => x - y);
  const both = (t: number) => !whenInactiveReason(a, t, timeZone) && !whenInactiveReason(b, t, timeZone);
  // Activity is constant between consecutive edges, so one probe per interval decides it.
  for (let i = 0; i < edges.length; i++) {
    const start = edges[i]!;
    if (start >= untilMs) break;
    if (!both(start)) continue;
    let j = i + 1;
    while (j < edges.length && edges[j]! < untilMs && both(edges[j]!)) j++;
    return { start, end: Math.min(edges[j] ?? untilMs, untilMs) };
  }
  return undefined;
}

/**
 * Existing entries that `candidate` meets on a shared screen at a shared time within the horizon.
 * `hallZone` gives each hall's time zone; `candidateId` excludes the entry itself when editing.
 */
export function findConflicts(
  candidate: Pick<ScheduleInput, 'target' | 'priority' | 'when'>,
  existing: readonly Schedule[],
  screens: readonly TargetableScreen[],
  hallZone: (hallId: string) => string,
  fromMs: number,
  candidateId?: string,
): Conflict[] {
  const mine = screens.filter((s) => targetsScreen(candidate.target, s));
  const out: Conflict[] = [];
  for (const other of existing) {
    if (other.id === candidateId) continue;
    const shared = mine.filter((s) => targetsScreen(other.target, s));
    if (shared.length === 0) continue;
    let first: { start: number; end: number } | undefined;
    for (const zone of new Set(shared.map((s) => hallZone(s.hallId)))) {
      const span = firstOverlap(candidate.when, other.when, zone, fromMs, fromMs + HORIZON_MS);
      if (span && (!first || span.start < first.start)) first = span;
    }
    if (first === undefined) continue;
    const relation: ConflictRelation =
      candidate.priority === other.priority ? 'sharesLoop' : candidate.priority > other.priority ? 'takesOver' : 'isTakenOver';
    out.push({ scheduleId: other.id, name: other.name, relation, screens: shared.length, firstOverlap: new Date(first.start).toISOString(), overlapEnd: new Date(first.end).toISOString(), message: MESSAGES[relation](other.name) });
  }
  return out.sort((x, y) => x.firstOverlap.localeCompare(y.firstOverlap));
}
