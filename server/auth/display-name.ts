/**
 * Staff read people by name, not by login: an actor as stored (`user:zhiban`, `token:叫号系统`) becomes
 * the user's display name (值班员 张三) when lists are answered. Resolved at read time, so a renamed user
 * shows their current name, and operators (who may not list users) still see who did what.
 */
import type { StoreReader } from '../store/store';

/** A resolver built once per request from the current users: `user:<name>` → display name. */
export function actorDisplayNames(store: StoreReader): (actor: string) => string {
  const byUsername = new Map(store.list('users').map((u) => [u.username, u.displayName || u.username]));
  return (actor) => {
    const m = /^(user|token):(.*)$/.exec(actor);
    if (!m) return actor;
    if (m[1] === 'token') return `接口令牌「${m[2]}」`;
    return byUsername.get(m[2]!) ?? m[2]!;
  };
}
