/** One hall's 工作台 card: big numbers, each a link to the page where staff act on it; times on the hall's clock. */
import type { WorkbenchHall } from '../../content/workbench-model';
import { h, type Child } from '../ui/dom';
import { zoneLabel } from '../time/hall-time';
import { formatDateTime } from '../time/time-format';

/** Where a tile leads, per route the user may open (undefined: not linked). */
export type RouteLink = (route: string, rest?: string) => string | undefined;

/** A number with its label; a link when the user may open the page behind it. */
function tile(label: string, value: number | string, testid: string, href: string | undefined, tone: string, detail: Child = null): HTMLElement {
  const inner: Child = [h('span', { class: 'wb-value', 'data-testid': `${testid}-value` }, String(value)), h('span', { class: 'wb-label' }, label), detail];
  const attrs = { class: `wb-tile wb-${tone}`, 'data-testid': testid };
  return href ? h('a', { ...attrs, href }, inner) : h('div', attrs, inner);
}

const warnIf = (n: number | undefined): string => (n ? 'warn' : 'ok');

export function workbenchCard(hall: WorkbenchHall, alerts: number | undefined, link: RouteLink): HTMLElement {
  const tz = hall.timezone;
  const { screens, pendingReviews, overrides, expiring } = hall;
  const pending = pendingReviews.slides + pendingReviews.tickers;
  const offline = screens.offline.length
    ? h('span', { class: 'wb-detail' }, `离线：${screens.offline.slice(0, 4).map((s) => s.name).join('、')}${screens.offline.length > 4 ? ` 等 ${screens.offline.length} 块` : ''}`)
    : null;
  const onAir = overrides.length
    ? h('ul', { class: 'wb-list', 'data-testid': 'wb-override-list' }, overrides.map((o) =>
        h('li', { 'data-override-id': o.id }, [
          h('span', { class: `badge badge-${o.kind === 'emergency' ? 'red' : 'blue'}` }, o.kind === 'emergency' ? (o.display === 'banner' ? '紧急·横幅' : '紧急·全屏') : '消息'),
          ` ${o.title} `,
          h('span', { class: 'muted' }, o.expiresAt ? `至 ${formatDateTime(o.expiresAt, tz)}` : '直到撤销'),
        ])))
    : null;
  const soon = expiring.length
    ? h('ul', { class: 'wb-list', 'data-testid': 'wb-expiring-list' }, expiring.map((e) => {
        const href = link('slides', e.slideId);
        const title = href ? h('a', { href, 'data-testid': 'wb-expiring-link' }, e.title) : e.title;
        return h('li', {}, [title, ' ', h('span', { class: 'muted' }, `${formatDateTime(e.validTo, tz)} 到期${e.district ? '（全区）' : ''}`)]);
      }))
    : null;

  return h('section', { class: 'card wb-hall', 'data-testid': 'wb-hall', 'data-hall-id': hall.hallId }, [
    h('div', { class: 'wb-head' }, [
      h('h2', { class: 'card-title' }, hall.name),
      h('span', { class: 'muted', 'data-testid': 'wb-today' }, `今天 ${hall.today}（${zoneLabel(tz)}）`),
    ]),
    h('div', { class: 'wb-tiles' }, [
      tile('屏幕在线', `${screens.online}/${screens.total}`, 'wb-screens', link('screens'), screens.offline.length ? 'warn' : 'ok', offline),
      tile('设备告警', alerts ?? '—', 'wb-alerts', link('alerts'), alerts === undefined ? 'plain' : alerts ? 'bad' : 'ok', alerts === undefined ? h('span', { class: 'wb-detail' }, '暂不可用') : null),
      tile('待审核', pending, 'wb-pending', link('review') ?? link('slides'), warnIf(pending), pendingReviews.tickers ? h('span', { class: 'wb-detail' }, `其中滚动字幕 ${pendingReviews.tickers} 条`) : null),
      tile('插播中', overrides.length, 'wb-overrides', link('live'), overrides.some((o) => o.kind === 'emergency') ? 'bad' : warnIf(overrides.length)),
      tile('今日叫号', hall.calls, 'wb-calls', link('queue-report'), 'plain'),
      tile('今日播放', hall.plays, 'wb-plays', link('reports'), 'plain'),
      tile('3 天内到期', expiring.length, 'wb-expiring', link('slides'), warnIf(expiring.length)),
    ]),
    onAir && h('div', { class: 'wb-section' }, [h('h3', {}, '正在插播'), onAir]),
    soon && h('div', { class: 'wb-section' }, [h('h3', {}, '即将到期的内容'), soon]),
  ]);
}
