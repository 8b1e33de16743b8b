/**
 * 设备告警: the alerts of the user's halls, open ones first — kind, screen, message, start, end and
 * duration in the hall's own clock. Follows `changed: alerts` live; open durations tick every 30 s.
 */
import { ALERT_KIND_LABELS, type Alert, type Hall } from '../../content/model';
import { api, type ScreenView } from '../api';
import type { View } from '../context';
import { h, mount, options } from '../ui/dom';
import { errorText } from '../ui/feedback';
import { hallZone } from '../time/hall-time';
import { badge, card, loadError, loading, pageHeader, table } from '../ui/page';
import { alertDuration, alertTime } from './alert-time';
import { alertsApi } from './alerts-api';

const TICK_MS = 30_000;

export const alertsView: View = (root, ctx) => {
  const hall = h('select', { 'data-testid': 'alerts-hall', 'aria-label': '营业厅' });
  const onlyOpen = h('input', { type: 'checkbox', 'data-testid': 'alerts-open-only' });
  const list = h('div', {}, loading());
  let alerts: Alert[] = [];
  let halls: Hall[] = [];
  let screens = new Map<string, string>();

  const render = () => {
    const now = Date.now();
    const hallName = (id: string) => halls.find((x) => x.id === id)?.name ?? id;
    const rows = alerts.map((a) => {
      const tz = hallZone(a.hallId);
      const open = a.endedAt === null;
      return h('tr', { 'data-testid': 'alert-row', 'data-alert-id': a.id, 'data-kind': a.kind, 'data-open': String(open), class: open ? 'alert-open' : '' }, [
        h('td', {}, open ? badge('未恢复', 'red', { 'data-testid': 'alert-state' }) : badge('已恢复', 'green', { 'data-testid': 'alert-state' })),
        h('td', {}, ALERT_KIND_LABELS[a.kind]),
        h('td', {}, [a.screenId ? (screens.get(a.screenId) ?? a.screenId) : '—', h('small', { class: 'muted block' }, hallName(a.hallId))]),
        h('td', {}, a.message),
        h('td', { class: 'nowrap', 'data-testid': 'alert-start' }, alertTime(a.startedAt, tz)),
        h('td', { class: 'nowrap', 'data-testid': 'alert-end' }, alertTime(a.endedAt, tz)),
        h('td', { class: 'nowrap' }, alertDuration(a.startedAt, a.endedAt, now)),
      ]);
    });
    mount(list, table(['状态', '类型', '屏幕', '说明', '开始', '结束', '持续'], rows, onlyOpen.checked ? '当前没有未恢复的告警' : '没有告警记录', 'alerts-table'));
  };
  const load = async () => {
    try {
      const [answer, screenList] = await Promise.all([
        alertsApi.list({ open: onlyOpen.checked, hallId: hall.value || undefined }),
        api.listScreens().catch((): ScreenView[] => []),
      ]);
      alerts = answer.alerts;
      screens = new Map(screenList.map((s) => [s.id, s.name]));
      render();
    } catch (err) {
      mount(list, loadError(errorText(err), () => void load()));
    }
  };
  const loadHalls = async () => {
    halls = await api.listHalls().catch((): Hall[] => []);
    const chosen = hall.value;
    hall.replaceChildren(...options([['', '全部营业厅'], ...halls.map((x) => [x.id, x.name] as const)], chosen));
  };
  hall.onchange = () => void load();
  onlyOpen.onchange = () => void load();
  mount(root, [
    pageHeader('设备告警', '屏幕在营业时间内离线、画面卡顿、离线缓存失败或叫号未确认时自动告警，原因消除后自动恢复；时间均为营业厅当地时间'),
    card(null, [
      h('div', { class: 'alerts-filters' }, [hall, h('label', { class: 'check' }, [onlyOpen, ' 只看未恢复'])]),
      list,
    ], { 'data-testid': 'alerts-card' }),
  ]);
  void loadHalls().then(load);
  const off = ctx.live.onChanged(['alerts'], () => void load());
  const timer = setInterval(render, TICK_MS);
  return () => {
    off();
    clearInterval(timer);
  };
};
