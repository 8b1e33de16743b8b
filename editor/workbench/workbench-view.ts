/**
 * 工作台 (`#/workbench`, where staff land): one card per hall they may see. Reloads every 30 s while
 * visible, on `changed` of what it counts, and when a screen goes on- or offline.
 */
import type { WorkbenchSummary } from '../../content/workbench-model';
import { coalesce } from '../ui/coalesce';
import type { View } from '../context';
import { h, mount } from '../ui/dom';
import { errorText } from '../ui/feedback';
import { loadError, loading, pageHeader } from '../ui/page';
import { allowedRoutes } from '../shell';
import { formatTime } from '../time/time-format';
import { workbenchCard, type RouteLink } from './workbench-card';
import { loadOpenAlerts, loadWorkbench, openAlertCount, type OpenAlert } from './workbench-api';

/** How often the page reloads by itself. */
export const REFRESH_MS = 30_000;
/** Screen status flips closer together than this reload once. */
const STATUS_GAP_MS = 3_000;

export const workbenchView: View = (root, ctx) => {
  const allowed = new Set(allowedRoutes(ctx.user));
  const link: RouteLink = (route, rest) => (allowed.has(route) ? `#/${route}${rest ? `/${encodeURIComponent(rest)}` : ''}` : undefined);
  const body = h('div', { class: 'wb-halls', 'data-testid': 'workbench' }, loading());
  const stamp = h('span', { class: 'muted', 'data-testid': 'wb-updated' });
  mount(root, [pageHeader('工作台', '各营业厅此刻的状况；点数字进入处理页面', stamp), body]);

  let shown = false;
  const render = (s: WorkbenchSummary, alerts: OpenAlert[] | undefined): void => {
    shown = true;
    body.replaceChildren(
      ...(s.halls.length ? s.halls.map((hall) => workbenchCard(hall, openAlertCount(alerts, hall.hallId), link)) : [h('p', { class: 'muted' }, '您还没有可查看的营业厅')]),
    );
    // The first hall's clock: the same zone the cards speak in for most users (one hall each).
    stamp.textContent = `更新于 ${formatTime(s.now, s.halls[0]?.timezone)}（叫号和播放数约 15 秒更新一次）`;
  };
  const reload = coalesce(async () => {
    try {
      // Alerts are optional: their failure must not hide the summary.
      const [summary, alerts] = await Promise.all([loadWorkbench(), loadOpenAlerts().catch(() => undefined)]);
      if (root.isConnected) render(summary, alerts);
    } catch (err) {
      if (!root.isConnected) return;
      // A failed refresh keeps the last numbers; only a first load shows the error in place.
      if (!shown) body.replaceChildren(loadError(errorText(err), () => void reload()));
      else stamp.textContent = `刷新失败：${errorText(err)}`;
    }
  });
  void reload();

  const timer = setInterval(() => {
    if (document.visibilityState === 'visible') void reload();
  }, REFRESH_MS);
  const onVisible = (): void => {
    if (document.visibilityState === 'visible') void reload();
  };
  document.addEventListener('visibilitychange', onVisible);
  const offChanged = ctx.live.onChanged(['slides', 'layouts', 'overrides', 'screens', 'halls', 'alerts'], () => void reload());
  const online = new Map<string, boolean>();
  let lastFlip = 0;
  let pendingFlip: ReturnType<typeof setTimeout> | undefined;
  const offStatus = ctx.live.onMessage((m) => {
    const statuses = m.type === 'screens' ? m.statuses : m.type === 'screenStatus' ? [m.status] : [];
    let flipped = false;
    for (const st of statuses) {
      if (online.has(st.screenId) && online.get(st.screenId) !== st.online) flipped = true;
      online.set(st.screenId, st.online);
    }
    if (!flipped || pendingFlip) return;
    const wait = Math.max(0, lastFlip + STATUS_GAP_MS - Date.now());
    pendingFlip = setTimeout(() => {
      pendingFlip = undefined;
      lastFlip = Date.now();
      void reload();
    }, wait);
  });
  return () => {
    clearInterval(timer);
    if (pendingFlip) clearTimeout(pendingFlip);
    document.removeEventListener('visibilitychange', onVisible);
    offChanged();
    offStatus();
  };
};
