/**
 * The audit log as routes write it: every line gets a `username` (from `who`, `user:<name>` or
 * `token:<name>`, kept for compatibility) and, when the object's hall is known from the store, its
 * `hallId`. `flush()` resolves once everything written so far is on disk, so a read sees it.
 */
import type { AppendLog } from '../logs/append-log';
import { hallsOfContent, hallsOfTarget } from '../policy/object-halls';
import type { StoreReader } from '../store/store';

/** An audit log that can be flushed before reading. */
export interface AuditLog extends AppendLog {
  flush(): Promise<void>;
}

/** The halls of the object an audit line names, looked up while it still exists. */
function hallsOf(store: StoreReader, id: unknown): readonly string[] | undefined {
  if (typeof id !== 'string') return undefined;
  const screen = store.get('screens', id);
  if (screen) return [screen.hallId];
  if (store.get('halls', id)) return [id];
  const targeted = store.get('schedules', id) ?? store.get('overrides', id);
  if (targeted) {
    const h = hallsOfTarget(store, targeted.target);
    return h === 'all' ? undefined : h;
  }
  const content = store.get('slides', id) ?? store.get('playlists', id) ?? store.get('layouts', id) ?? store.get('media', id);
  if (content) {
    const h = hallsOfContent(content);
    return h === 'all' ? undefined : h;
  }
  return undefined;
}

/** Halls remembered per object id, so a delete (written after the object is gone) still names its hall. */
const REMEMBERED = 10_000;

export function auditLog(log: AppendLog, store: StoreReader): AuditLog {
  const remembered = new Map<string, readonly string[]>();
  const recall = (id: unknown): readonly string[] | undefined => {
    const found = hallsOf(store, id);
    if (typeof id !== 'string') return found;
    if (!found) return remembered.get(id);
    remembered.delete(id);
    remembered.set(id, found);
    if (remembered.size > REMEMBERED) remembered.delete(remembered.keys().next().value!);
    return found;
  };
  return {
    write(record) {
      const r = record as Record<string, unknown>;
      const who = typeof r.who === 'string' ? r.who : '';
      const username = typeof r.username === 'string' ? r.username : who.replace(/^(user|token):/, '');
      const halls = r.hallId || r.hallIds ? undefined : recall(r.id);
      const hall = halls ? (halls.length === 1 ? { hallId: halls[0] } : { hallIds: halls }) : {};
      log.write({ ...r, username, ...hall });
    },
    flush: async () => log.flush?.(),
    close: () => log.close(),
  };
}
