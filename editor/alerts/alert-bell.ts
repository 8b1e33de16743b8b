/**
 * The bell on the 设备告警 navigation link: the count of open alerts of the user's halls, refreshed on
 * every `changed: alerts` hint over /ws/editor (and after a reconnect), and every 30 s as a fallback.
 */
import type { LiveConnection } from '../socket';
import { h } from '../ui/dom';
import { bellIcon } from '../ui/icons';
import { alertsApi } from './alerts-api';

const POLL_MS = 30_000;

/** Puts the bell and its count on `link` (if present); returns the cleanup. */
export function attachAlertBell(link: HTMLElement | null, live: LiveConnection): () => void {
  if (!link) return () => {};
  link.querySelector('.nav-icon')?.replaceChildren(bellIcon({ 'aria-hidden': 'true' }));
  const count = h('span', { class: 'nav-badge', 'data-testid': 'alert-count', hidden: true });
  link.append(count);
  let alive = true;
  const refresh = async () => {
    try {
      const { alerts } = await alertsApi.list({ open: true });
      if (!alive) return;
      count.textContent = String(alerts.length);
      count.hidden = alerts.length === 0;
      count.setAttribute('aria-label', `${alerts.length} 条未恢复的设备告警`);
    } catch {
      // NOTE: a failed count is not worth a toast; the next hint or poll tries again.
    }
  };
  void refresh();
  const off = live.onChanged(['alerts'], () => void refresh());
  const timer = setInterval(() => void refresh(), POLL_MS);
  return () => {
    alive = false;
    off();
    clearInterval(timer);
  };
}
