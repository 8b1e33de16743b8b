/**
 * Who may do what, where: the one table of roles × actions and the two hall rules. Routes ask this
 * module (through `guard.ts`); no route decides a role or a hall on its own.
 *
 * Hall rules: `content/access-rule.ts` (`canSee`, `canChange`), shared with the editor so that what it
 * hides and what this module refuses are one rule.
 */
import type { Role } from '../../content/model';
import { canChange, canSee, type Halls } from '../../content/access-rule';

export { canChange, canSee, type Halls };

/** The caller as the policy sees it: a staff role or an integration token, and where it works. */
export interface Actor {
  role: Role | 'token';
  halls: Halls;
}

/** What a route is about to do. */
export type Action =
  /** Lists and details: halls, screens, content, schedules, overrides, calls, play reports, timelines. */
  | 'read'
  /** Slides, playlists, layouts, media, kiosk apps: create, edit, delete, submit. */
  | 'content.write'
  | 'slide.approve'
  | 'schedule.write'
  /** Emergency notices and messages. */
  | 'override.write'
  /** Queue calls and events (tokens with `queue:write`; staff test calls). */
  | 'queue.write'
  /** The hall's queue board state. */
  | 'queue.read'
  /** The hall's own queue (issue 14): tickets, counter actions, its report — the hall's token and any of its staff. */
  | 'queue.desk'
  /** Reload, identify, screenshot. */
  | 'screen.command'
  /** Create, edit, delete screens; rotate keys; paired devices; delete screenshots. */
  | 'screen.admin'
  /** A hall's own settings (hours, defaults, call template). */
  | 'hall.admin'
  /**
   * A hall's slide-text variables (服务热线, 地址, …): whoever may change that hall's settings. Their values
   * reach screens inside slides a reviewer approved without being reviewed themselves, so they stay
   * with admins (who may approve anyway), not with every editor of the hall.
   */
  | 'hall.variables'
  | 'report.kiosk'
  /** Preview manifests of unsaved work. */
  | 'preview'
  | 'audit.read'
  /** Install-wide things: users, integration tokens, voice clips, new halls. Unrestricted admins only. */
  | 'system';

/** Which callers may attempt each action at all; the hall rules come after. */
export const ROLE_TABLE: Record<Action, readonly Actor['role'][]> = {
  read: ['admin', 'reviewer', 'editor', 'operator'],
  'content.write': ['admin', 'editor'],
  'slide.approve': ['admin', 'reviewer'],
  'schedule.write': ['admin', 'editor'],
  'override.write': ['admin', 'operator'],
  'queue.write': ['admin', 'operator', 'token'],
  'queue.read': ['admin', 'reviewer', 'editor', 'operator', 'token'],
  'queue.desk': ['admin', 'reviewer', 'editor', 'operator', 'token'],
  'screen.command': ['admin', 'operator'],
  'screen.admin': ['admin'],
  'hall.admin': ['admin'],
  'hall.variables': ['admin'],
  'report.kiosk': ['admin', 'editor'],
  preview: ['admin', 'reviewer', 'editor'],
  'audit.read': ['admin', 'reviewer'],
  system: ['admin'],
};

/** Reads use the "see" rule; every other action (and a hall's live queue, tokens included) the "change" rule. */
const READS: ReadonlySet<Action> = new Set<Action>(['read', 'report.kiosk', 'preview', 'audit.read']);

/** Allowed, or why not: 403 for a forbidden action or a hall outside the actor's, 404 for what a read may not see. */
export type Decision = { ok: true } | { ok: false; status: 403 | 404; code: 'forbidden' | 'outside_halls' | 'not_found'; reason: string };

/** Does the actor work in this hall? (Queue routes, tickets, counters.) */
export const worksIn = (actor: Actor, hallId: string): boolean => actor.halls === 'all' || actor.halls.includes(hallId);

/** The one decision: role first, then install-wide actions, then the object's halls (when there is one). */
export function decide(actor: Actor, action: Action, halls?: Halls): Decision {
  const roles = ROLE_TABLE[action];
  if (!roles.includes(actor.role)) return { ok: false, status: 403, code: 'forbidden', reason: `此操作需要以下角色之一：${roles.filter((r) => r !== 'token').join(', ')}` };
  if (action === 'system' && actor.halls !== 'all') return { ok: false, status: 403, code: 'forbidden', reason: '此操作只有不限营业厅的管理员可以执行' };
  if (halls === undefined) return { ok: true };
  if (READS.has(action)) return canSee(actor.halls, halls) ? { ok: true } : { ok: false, status: 404, code: 'not_found', reason: '不存在或无权查看' };
  if (canChange(actor.halls, halls)) return { ok: true };
  return {
    ok: false,
    status: 403,
    code: 'outside_halls',
    reason: halls === 'all' ? '此操作涉及全部营业厅（或全区内容），只有不限营业厅的账号可以执行' : '此操作涉及您负责范围以外的营业厅',
  };
}
