/** The frame around every page: header (user, connection, 退出) and the left navigation. */
import type { SessionUser } from './api';
import { h } from './ui/dom';
import type { LiveConnection, LiveState } from './socket';
import { can, ROLE_LABELS, type Ability } from './access/roles';
import { openPasswordDialog } from './users/password-dialog';

/** A navigation entry; `route` is the first hash segment it lights up for. */
interface NavItem { route: string; label: string; icon: string; needs?: Ability; or?: Ability }

export const NAV: readonly NavItem[] = [
  { route: 'workbench', label: '工作台', icon: '⌂' },
  { route: 'slides', label: '幻灯片', icon: '▤', needs: 'content', or: 'approve' },
  { route: 'review', label: '待审核', icon: '✓', needs: 'approve' },
  { route: 'media', label: '媒体库', icon: '▣', needs: 'content' },
  { route: 'layouts', label: '布局', icon: '⊞', needs: 'content' },
  { route: 'playlists', label: '播放列表', icon: '☰', needs: 'content' },
  { route: 'schedules', label: '排期', icon: '◷', needs: 'content' },
  { route: 'timeline', label: '日程表', icon: '▦', needs: 'content' },
  { route: 'calendar', label: '营业厅日历', icon: '▩', needs: 'content' },
  { route: 'screens', label: '屏幕', icon: '▭' },
  { route: 'alerts', label: '设备告警', icon: '!' },
  { route: 'reports', label: '播放统计', icon: '▥', needs: 'content' },
  { route: 'kiosk', label: '触摸应用', icon: '☝', needs: 'content' },
  { route: 'kiosk-analytics', label: '触摸统计', icon: '◔', needs: 'content' },
  { route: 'live', label: '现场控制', icon: '⚑', needs: 'live' },
  { route: 'caller', label: '叫号器', icon: '☎', needs: 'live' },
  { route: 'queue-report', label: '排队统计', icon: '▧' },
  { route: 'settings', label: '系统设置', icon: '⚙', needs: 'admin' },
  { route: 'users', label: '用户管理', icon: '☺', needs: 'system' },
  { route: 'audit', label: '操作日志', icon: '☷', needs: 'audit' },
];

const STATE_TEXT: Record<LiveState, string> = { online: '实时连接正常', connecting: '正在连接…', offline: '实时连接中断，重连中' };

export interface Shell {
  root: HTMLElement;
  main: HTMLElement;
  setActive(route: string): void;
  dispose(): void;
}

/** The routes this user may open, in nav order. */
export function allowedRoutes(user: SessionUser): string[] {
  return NAV.filter((n) => !n.needs || can(user, n.needs) || (n.or !== undefined && can(user, n.or))).map((n) => n.route);
}

/**
 * Why a known page was refused, in words: "「现场控制」只对管理员、现场值班开放（您是内容编辑），已转到「幻灯片」".
 * Undefined for an address that names no page (a typo is just sent home).
 */
export function refusedText(user: SessionUser, route: string): string | undefined {
  const page = NAV.find((n) => n.route === route);
  if (!page) return undefined;
  const roles = (Object.keys(ROLE_LABELS) as SessionUser['role'][])
    .filter((role) => allowedRoutes({ ...user, role, hallIds: undefined }).includes(route))
    .map((role) => ROLE_LABELS[role]);
  const home = NAV.find((n) => n.route === homeRoute(user))?.label ?? '首页';
  const who = roles.length ? `只对${roles.join('、')}开放` : '您无权打开';
  return `「${page.label}」${who}（您是${ROLE_LABELS[user.role] ?? user.role}），已转到「${home}」`;
}

/** Where a user lands: reviewers (who make no content) on 待审核, their work; everyone else on 工作台 (first in NAV). */
export function homeRoute(user: SessionUser): string {
  const allowed = allowedRoutes(user);
  if (!can(user, 'content') && allowed.includes('review')) return 'review';
  return allowed[0] ?? 'screens';
}

/** Builds the frame; `onLogout` runs when 退出 is pressed. */
export function buildShell(user: SessionUser, live: LiveConnection, onLogout: (button: HTMLButtonElement) => void): Shell {
  const allowed = new Set(allowedRoutes(user));
  const links = NAV.filter((n) => allowed.has(n.route)).map((n) =>
    h('a', { href: `#/${n.route}`, class: 'nav-link', 'data-testid': `nav-${n.route}`, 'data-route': n.route }, [
      h('span', { class: 'nav-icon', 'aria-hidden': 'true' }, n.icon),
      n.label,
    ]),
  );
  const dot = h('span', { class: 'live-state', 'data-testid': 'live-state' });
  const showState = (s: LiveState) => {
    dot.dataset.state = s;
    dot.textContent = STATE_TEXT[s];
  };
  showState(live.state);
  const offState = live.onState(showState);
  const logout = h('button', { type: 'button', class: 'btn ghost', 'data-testid': 'logout' }, '退出');
  const password = h('button', { type: 'button', class: 'btn ghost', 'data-testid': 'change-password' }, '修改密码');
  password.onclick = () => openPasswordDialog();
  logout.onclick = () => onLogout(logout);
  const main = h('main', { class: 'content', id: 'content', tabindex: '-1' });
  const root = h('div', { class: 'shell' }, [
    h('header', { class: 'topbar' }, [
      h('div', { class: 'brand' }, [h('span', { class: 'brand-mark', 'aria-hidden': 'true' }, '⚡'), h('span', { class: 'brand-text' }, '营业厅信息发布 · 内容管理')]),
      h('div', { class: 'topbar-right' }, [
        // Operators reach for this on a phone: one tap from any page, not at the end of a scrolling menu.
        allowed.has('live') && h('a', { href: '#/live', class: 'btn danger emergency-shortcut', 'data-testid': 'nav-emergency' }, [
          h('span', { 'aria-hidden': 'true' }, '⚠'), '紧急通知',
        ]),
        dot,
        h('span', { class: 'user', 'data-testid': 'current-user' }, [
          h('span', { class: 'user-name', 'data-testid': 'current-user-name', title: user.displayName || user.username }, user.displayName || user.username),
          h('span', { class: 'role' }, ROLE_LABELS[user.role] ?? user.role),
        ]),
        password,
        logout,
      ]),
    ]),
    h('nav', { class: 'sidenav', 'aria-label': '主导航' }, links),
    main,
  ]);
  return {
    root,
    main,
    setActive(route) {
      for (const a of links) {
        const on = a.dataset.route === route;
        a.classList.toggle('active', on);
        if (on) a.setAttribute('aria-current', 'page');
        else a.removeAttribute('aria-current');
        // On a phone the menu is one scrolling row: keep the current page's entry in sight.
        if (on && a.parentElement && a.parentElement.scrollWidth > a.parentElement.clientWidth) a.scrollIntoView({ block: 'nearest', inline: 'center' });
      }
    },
    dispose: offState,
  };
}
