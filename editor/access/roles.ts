/** What each role may do in the UI. The server enforces the same rules; this only hides dead ends. */
import type { Role } from '../../content/model';
import type { SessionUser } from '../api';

export const ROLE_LABELS: Record<Role, string> = {
  admin: '管理员',
  reviewer: '审核员',
  editor: '内容编辑',
  operator: '现场值班',
};

/**
 * content: slides, media, playlists, schedules · approve: admin, reviewer · admin: system settings and
 * users · live: calls and overrides · audit: 操作日志 (admin, reviewer).
 */
export type Ability = 'content' | 'approve' | 'admin' | 'live' | 'audit' | 'system';

const ABILITIES: Record<Role, readonly Ability[]> = {
  admin: ['content', 'approve', 'admin', 'live', 'audit'],
  reviewer: ['approve', 'audit'],
  editor: ['content'],
  operator: ['live'],
};

/** Does the user have this ability? */
export function can(user: SessionUser, ability: Ability): boolean {
  // Users, tokens and voice are install-wide: only admins who work in every hall manage them.
  if (ability === 'system') return user.role === 'admin' && !user.hallIds?.length;
  return ABILITIES[user.role]?.includes(ability) ?? false;
}
