/**
 * One screen on the wall: its latest screenshot (or a placeholder naming its kind), the online dot,
 * what it plays and its health figures. `paint()` updates the card in place when a status is pushed,
 * so the wall never flickers and a half-typed command is never lost.
 */
import { SCREEN_KIND_LABELS } from '../../content/model';
import type { ScreenStatus } from '../../content/protocol';
import type { ScreenLive, ScreenView } from '../api';
import { h, type Child } from '../ui/dom';
import { formatClockOffset, formatFps, formatMegabytes, formatUptime } from './screen-status-format';
import { formatAgo, formatDateTime } from '../time/time-format';

/** What the wall knows of a screen: the list's status, enriched by the pushed ScreenStatus. */
export type LiveStatus = ScreenLive & Partial<Omit<ScreenStatus, 'screenId'>>;

export interface StatusCard {
  el: HTMLElement;
  paint(st: LiveStatus): void;
}

const STATS = [
  ['fps', '帧率'],
  ['heap', '内存'],
  ['cache', '缓存'],
  ['version', '版本'],
  ['clock', '时钟偏差'],
  ['uptime', '运行时长'],
] as const;
type StatKey = (typeof STATS)[number][0];

/** A screenshot URL that changes when a new shot is taken, so the browser does not show a stale one. */
function freshUrl(url: string, at: string | undefined): string {
  if (!at) return url;
  return `${url}${url.includes('?') ? '&' : '?'}at=${encodeURIComponent(at)}`;
}

/**
 * The thumbnail's shape follows the screen (a counter strip is a thin band), but a portrait kiosk is
 * shown letterboxed in 4:3 so that one screen does not make its row three times as tall.
 */
function thumbRatio(screen: ScreenView): number {
  const { width, height } = screen.resolution;
  return Math.round(Math.min(8, Math.max(4 / 3, width / height)) * 1000) / 1000;
}

/**
 * Builds the card. `slideTitle` names a slide id when the player sent no title; `actions` go under
 * the figures (commands, 详情).
 */
export function statusCard(screen: ScreenView, slideTitle: (id?: string) => string, actions: Child): StatusCard {
  const kind = SCREEN_KIND_LABELS[screen.kind];
  const dot = h('span', { class: 'status-dot', 'data-testid': 'screen-card-status', role: 'status' });
  const img = h('img', { class: 'screen-thumb-img', 'data-testid': 'screen-thumb', alt: `${screen.name} 的最近截图`, hidden: true });
  const placeholder = h('div', { class: 'screen-thumb-placeholder', 'data-testid': 'screen-thumb-placeholder' }, [
    h('strong', {}, kind),
    h('small', {}, `${screen.resolution.width}×${screen.resolution.height}`),
    h('small', {}, '暂无截图'),
  ]);
  const shotAt = h('small', { class: 'screen-thumb-at', hidden: true });
  const playing = h('p', { class: 'screen-card-playing', 'data-testid': 'screen-card-playing' });
  const seen = h('p', { class: 'screen-card-seen muted', 'data-testid': 'screen-card-seen' });
  const report = h('p', { class: 'screen-card-report', 'data-testid': 'screen-card-report', hidden: true });
  const speaking = h('p', { class: 'screen-card-announcer', 'data-testid': 'screen-card-announcer', hidden: true });
  const values = new Map<StatKey, HTMLElement>();
  const stats = h('dl', { class: 'screen-stats' }, STATS.map(([key, label]) => {
    const dd = h('dd', { 'data-stat': key });
    values.set(key, dd);
    return h('div', {}, [h('dt', {}, label), dd]);
  }));
  // Frame rate, memory and clock offset are for whoever maintains the screens, not for staff who
  // glance at the wall: folded under 运行详情; only a problem staff can act on is said on the card.
  const attention = h('p', { class: 'screen-card-attention', 'data-testid': 'screen-card-attention', hidden: true });
  const details = h('details', { class: 'screen-card-details' }, [
    h('summary', { 'data-testid': 'screen-card-more' }, '运行详情'),
    stats,
  ]);
  const el = h('article', { class: 'screen-card', 'data-testid': 'screen-card', 'data-screen-id': screen.id }, [
    h('header', { class: 'screen-card-head' }, [
      dot,
      h('strong', { class: 'screen-card-name', title: screen.name }, screen.name),
      h('span', { class: 'muted' }, kind),
    ]),
    h('div', { class: 'screen-thumb', style: `aspect-ratio: ${thumbRatio(screen)}`, 'data-shape': thumbRatio(screen) >= 3 ? 'band' : 'box' }, [img, placeholder, shotAt]),
    playing,
    speaking,
    seen,
    attention,
    details,
    report,
    actions,
  ]);

  const setStat = (key: StatKey, text: string, warn = false) => {
    const dd = values.get(key)!;
    dd.textContent = text;
    dd.classList.toggle('warn', warn);
  };

  return {
    el,
    paint(st) {
      el.dataset.online = String(st.online);
      dot.dataset.online = String(st.online);
      dot.textContent = st.online ? '在线' : '离线';
      playing.textContent = st.online ? `正在播放：${st.nowPlaying || slideTitle(st.slideId)}` : '未在播放';
      seen.textContent = st.online ? '' : st.lastSeen ? `最后在线 ${formatAgo(st.lastSeen)}` : '从未上线';
      seen.hidden = st.online;
      // Speaker screens: what the announcer says now and how many calls wait (a burst backs up here).
      const a = st.announcer;
      speaking.hidden = !st.online || !a;
      if (a) {
        const now = a.ticket ? `正在播报：${a.ticket} 号到 ${a.counter} 号窗口` : '播报空闲';
        speaking.textContent = a.waiting > 0 ? `${now}　待播报 ${a.waiting} 条` : now;
        speaking.dataset.callId = a.callId ?? '';
        speaking.dataset.waiting = String(a.waiting);
      }
      if (st.screenshotUrl) {
        const src = freshUrl(st.screenshotUrl, st.screenshotAt);
        if (img.getAttribute('src') !== src) img.src = src;
        img.hidden = false;
        placeholder.hidden = true;
        shotAt.hidden = !st.screenshotAt;
        shotAt.textContent = st.screenshotAt ? `截图于 ${formatAgo(st.screenshotAt)}` : '';
        shotAt.title = formatDateTime(st.screenshotAt);
      } else {
        img.hidden = true;
        placeholder.hidden = false;
        shotAt.hidden = true;
      }
      setStat('fps', st.online ? formatFps(st.fps) : '—');
      setStat('heap', formatMegabytes(st.heapBytes));
      setStat('cache', formatMegabytes(st.cacheBytes));
      setStat('version', st.playerVersion ?? '—');
      const clock = formatClockOffset(st.clockOffsetMs);
      setStat('clock', clock.text, clock.warn);
      attention.hidden = !(st.online && clock.warn);
      attention.textContent = attention.hidden ? '' : '屏幕时间不准：定时内容可能提前或推迟播放，请检查设备的网络时间设置';
      setStat('uptime', st.online ? formatUptime(st.uptimeS) : '—');
      const r = st.lastReport;
      report.hidden = !r;
      if (r) {
        report.dataset.level = r.level;
        report.textContent = `${formatAgo(r.at)}：${r.message}`;
        report.title = `${r.code} · ${formatDateTime(r.at)}`;
      }
    },
  };
}
