/**
 * Which hall a queue call belongs to. Every call must belong to exactly one hall, so that it moves
 * that hall's queue state and boards never disagree with the calls shown: a call without `hallId`
 * takes the only hall its caller reaches (a token tied to one hall) or the install's only hall;
 * anything else is ambiguous and refused with the halls named, so the queue system can fix its request.
 */
import type { Hall } from '../../content/model';
import { HttpError } from '../http-error';

/** Halls named in the 400 message at most (a district may have dozens). */
const NAMED_HALLS = 12;

/** The hall id of a call: `hallId` as given, or the one hall the caller can reach; else a 400 naming the halls. */
export function callHallId(halls: readonly Pick<Hall, 'id' | 'name'>[], hallId: string | undefined, allowedHallIds?: readonly string[]): string {
  if (hallId !== undefined) return hallId;
  const reachable = allowedHallIds ? halls.filter((h) => allowedHallIds.includes(h.id)) : halls;
  if (reachable.length === 1) return reachable[0]!.id;
  if (reachable.length === 0) throw new HttpError(400, 'no_hall', '还没有可叫号的营业厅：请先创建营业厅，或在 hallId 中指明');
  const named = reachable.slice(0, NAMED_HALLS).map((h) => `${h.name}（${h.id}）`).join('、');
  const more = reachable.length > NAMED_HALLS ? ` 等 ${reachable.length} 个` : '';
  const who = allowedHallIds ? '此令牌可到达' : '本系统有';
  throw new HttpError(400, 'hall_required', `${who} ${reachable.length} 个营业厅，请在 hallId 中指明叫号的营业厅：${named}${more}`);
}
