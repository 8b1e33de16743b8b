/**
 * 屏幕: the 屏幕墙 of live cards (thumbnail, online dot, now playing, health, remote commands) grouped
 * by hall and area, and below it the list with each screen's player link and 为什么在播这个？. Statuses
 * are pushed over /ws/editor and painted in place. Admins pair devices (`#/screens/pair?code=…` opens
 * the dialog with the code from the player's QR), add, edit and remove screens and halls here.
 */
import { AREA_LABELS, SCREEN_KIND_LABELS, type Hall, type Schedule, type Slide } from '../../content/model';
import type { ScreenStatus } from '../../content/protocol';
import { IDLE_SLIDE_ID, STANDBY_SLIDE_ID } from '../../content/schedule';
import { PAIR_ACTION } from '../../content/pairing';
import { api, type ScreenView } from '../api';
import { copyText } from '../ui/clipboard';
import type { View } from '../context';
import { confirmDialog, openDialog } from '../ui/dialog';
import { openPairingDialog } from './pairing-dialog';
import { createCommandControl } from './screen-commands';
import { openScreenDetail } from './screen-detail';
import { statusCard, type LiveStatus, type StatusCard } from './screen-status-card';
import { buildWall } from './screen-wall';
import { h, mount } from '../ui/dom';
import { speakerIcon } from '../ui/icons';
import { errorText, toast, withBusy } from '../ui/feedback';
import { button, card, loadError, loading, pageHeader, table } from '../ui/page';
import { openResolveDialog } from '../schedules/resolve-dialog';
import { can } from '../access/roles';
import { openHallForm, openScreenForm } from './screen-form';
import { allowedRoutes } from '../shell';
import { formatAgo } from '../time/time-format';

/** A link dialog after creating a screen: the URL is what turns a browser into this screen. */
function showPlayerLink(screen: ScreenView): void {
  const url = new URL(screen.playerUrl ?? '', location.href).href;
  openDialog('屏幕已添加', [
    h('p', {}, '在这块屏幕的浏览器中打开下面的链接（建议全屏、开机自启），它就会开始播放：'),
    h('p', { class: 'code', 'data-testid': 'screen-created-url' }, url),
    button('复制链接', 'screen-created-copy', () => copyText(url).then(() => toast('链接已复制'), () => toast('复制失败，请手动选择链接复制', 'error'))),
  ], { testid: 'screen-created' });
}

export const screensView: View = (root, ctx, params, query) => {
  const admin = can(ctx.user, 'admin');
  const seesTimeline = allowedRoutes(ctx.user).includes('timeline');
  const commands = can(ctx.user, 'live') ? createCommandControl(ctx.live) : undefined;
  let screens: ScreenView[] = [];
  let halls: Hall[] = [];
  let slides: Slide[] = [];
  let schedules: Schedule[] = [];
  /** Statuses from `GET /api/screens/status`, for when the socket has not delivered its snapshot yet. */
  let fetched = new Map<string, ScreenStatus>();
  let cards = new Map<string, StatusCard>();
  const wallBody = h('div', {}, loading());
  /** Cells updated in place when a status arrives, so the table never flickers or loses focus. */
  const liveCells = new Map<string, { dot: HTMLElement; seen: HTMLElement; slide: HTMLElement }>();
  const body = h('div', {}, loading());
  const summary = h('span', { class: 'muted', 'data-testid': 'screen-summary' });
  mount(root, [
    pageHeader('屏幕', '状态与截图实时更新；新设备用「配对新设备」接入，或在屏幕浏览器中打开「播放地址」', [
      summary,
      admin && button(PAIR_ACTION, 'pairing-open', () => void openPairing(''), 'primary'),
      admin && button('新建营业厅', 'hall-new', () => openHallForm(() => void reload())),
      admin && button('添加屏幕', 'screen-new', async () => {
        await firstLoad; // a quick click must not see the empty hall list of a page still loading
        if (!halls.length) return toast('请先新建营业厅', 'error');
        openScreenForm(halls, screens, undefined, (s) => { showPlayerLink(s); void reload(); });
      }),
    ]),
    card('屏幕墙', wallBody),
    card('屏幕列表', body),
  ]);

  async function openPairing(code: string): Promise<void> {
    await firstLoad;
    if (!halls.length) return toast('请先新建营业厅', 'error');
    openPairingDialog(halls, screens, code, () => void reload());
  }

  const statusOf = (s: ScreenView): LiveStatus => ctx.live.statuses.get(s.id) ?? fetched.get(s.id) ?? s.status;
  const slideTitle = (id?: string) =>
    !id ? '—' : id === IDLE_SLIDE_ID ? '空闲画面' : id === STANDBY_SLIDE_ID ? '待机（营业时间外）' : (slides.find((x) => x.id === id)?.title ?? id);

  function paintStatus(id: string, st: LiveStatus): void {
    cards.get(id)?.paint(st);
    const cells = liveCells.get(id);
    if (!cells) return;
    cells.dot.dataset.online = String(st.online);
    cells.dot.textContent = st.online ? '在线' : '离线';
    cells.seen.textContent = st.online ? '' : st.lastSeen ? `最后在线 ${formatAgo(st.lastSeen)}` : '从未上线';
    cells.slide.textContent = st.online ? (st.nowPlaying || slideTitle(st.slideId)) : '—';
  }

  function summarize(): void {
    const online = screens.filter((s) => statusOf(s).online).length;
    summary.textContent = `${online} / ${screens.length} 在线`;
  }

  function renderWall(): void {
    const wall = buildWall(screens, halls, (s) => statusCard(s, slideTitle, h('div', { class: 'screen-card-actions' }, [
      commands?.bar(s.id, s.name),
      button('详情', 'screen-detail-open', () => openScreenDetail(s, admin), 'small'),
    ])));
    cards = wall.cards;
    mount(wallBody, wall.el);
  }

  function render(): void {
    renderWall();
    liveCells.clear();
    const hallName = new Map(halls.map((x) => [x.id, x.name]));
    const sorted = [...screens].sort((a, b) =>
      (hallName.get(a.hallId) ?? '').localeCompare(hallName.get(b.hallId) ?? '', 'zh-CN') || a.name.localeCompare(b.name, 'zh-CN'));
    const rows = sorted.map((s) => {
      const cells = {
        dot: h('span', { class: 'status-dot', 'data-testid': 'screen-status', role: 'status' }),
        seen: h('small', { class: 'muted block' }),
        slide: h('span', { 'data-testid': 'screen-slide' }),
      };
      liveCells.set(s.id, cells);
      // Only admins get playerUrl (it holds the device key).
      const url = s.playerUrl ? new URL(s.playerUrl, location.href).href : undefined;
      const acts: HTMLElement[] = [
        ...(url ? [
          h('a', { href: url, target: '_blank', rel: 'noopener', class: 'btn', 'data-testid': 'screen-open' }, '打开'),
          button('复制链接', 'screen-copy-url', () => copyText(url).then(() => toast('播放地址已复制'), () => toast('复制失败，请用「打开」后从地址栏复制', 'error'))),
        ] : []),
        button('为什么在播这个？', 'screen-why', () => openResolveDialog(s, slides, schedules)),
      ];
      if (seesTimeline) {
        acts.push(h('a', { href: `#/timeline?screen=${encodeURIComponent(s.id)}`, class: 'btn', 'data-testid': 'screen-timeline' }, '日程表'));
      }
      if (admin) {
        acts.push(button('编辑', 'screen-edit', () => openScreenForm(halls, screens, s, () => void reload())));
        const del = button('删除', 'screen-delete', async () => {
          if (!(await confirmDialog(`删除屏幕「${s.name}」？它的播放地址将立即失效。`))) return;
          await withBusy(del, async () => {
            await api.deleteScreen(s.id);
            toast('已删除');
            await reload();
          });
        }, 'danger-text');
        acts.push(del);
      }
      return h('tr', { 'data-testid': 'screen-row', 'data-screen-id': s.id }, [
        h('td', { class: 'nowrap' }, [cells.dot, cells.seen]),
        h('td', { class: 'title-cell' }, [
          s.name,
          s.announce && h('span', { class: 'announce-icon', 'data-testid': 'screen-announce-icon', role: 'img', 'aria-label': '播报屏', title: '播报屏：本屏播报叫号语音' }, speakerIcon({ 'aria-hidden': 'true' })),
          h('small', { class: 'muted block' }, hallName.get(s.hallId) ?? '—'),
        ]),
        h('td', { class: 'nowrap' }, AREA_LABELS[s.area]),
        h('td', { class: 'nowrap' }, [SCREEN_KIND_LABELS[s.kind], h('small', { class: 'muted block' }, `${s.resolution.width}×${s.resolution.height}`)]),
        h('td', {}, s.counters.length ? s.counters.join('、') : '—'),
        h('td', {}, cells.slide),
        h('td', {}, h('div', { class: 'row-actions' }, acts)),
      ]);
    });
    mount(body, table(['状态', '名称 / 营业厅', '区域', '类型', '窗口', '当前播放', '操作'], rows,
      admin ? '还没有屏幕：先新建营业厅，再添加屏幕' : '还没有屏幕', 'screen-table'));
    for (const s of screens) paintStatus(s.id, statusOf(s));
    summarize();
  }

  async function reload(): Promise<void> {
    try {
      [screens, halls] = await Promise.all([api.listScreens(), api.listHalls()]);
      // Names for "current slide" and the trace; an operator may not be allowed to read them.
      let statuses: ScreenStatus[];
      [slides, schedules, statuses] = await Promise.all([
        api.listSlides().catch(() => []), api.listSchedules().catch(() => []), api.screenStatuses().catch(() => []),
      ]);
      fetched = new Map(statuses.map((st) => [st.screenId, st]));
      render();
    } catch (err) {
      mount(body, loadError(errorText(err), () => void reload()));
      mount(wallBody, []);
    }
  }

  const onStatus = (st: ScreenStatus) => {
    paintStatus(st.screenId, st);
    summarize();
  };
  const offMsg = ctx.live.onMessage((m) => {
    if (m.type === 'screenStatus') onStatus(m.status);
    else if (m.type === 'screens') {
      for (const s of screens) paintStatus(s.id, statusOf(s));
      summarize();
    }
  });
  const offChanged = ctx.live.onChanged(['screens', 'halls', 'slides', 'schedules'], () => void reload());
  // "最后在线：3 分钟前" must age even when nothing is pushed.
  const tick = setInterval(() => { for (const s of screens) paintStatus(s.id, statusOf(s)); }, 30_000);
  const firstLoad = reload();
  // The player's QR code links here with its code; the address then goes back to the plain page.
  if (params[0] === 'pair') {
    history.replaceState(null, '', '#/screens');
    if (admin) void openPairing(query.get('code') ?? '');
    else toast('只有管理员可以配对新设备，请联系管理员', 'error');
  }
  return () => {
    commands?.dispose();
    offMsg();
    offChanged();
    clearInterval(tick);
  };
};
