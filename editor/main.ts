/**
 * Entry point and hash router of the staff app. Boots by asking who is logged in; without a session
 * only the login page exists. Each route maps to one view module.
 */
// First of all: zod must not probe for eval before a schema is built (see the file).
import '../content/zod-jitless';
import { z } from 'zod';
import { api, ApiError, setUnauthorizedHandler, type SessionUser } from './api';
import type { View, ViewContext } from './context';
import { h, mount } from './ui/dom';
import { toast, withBusy } from './ui/feedback';
import { rememberHalls } from './time/hall-time';
import { LiveConnection } from './socket';
import { allowedRoutes, buildShell, homeRoute, refusedText, type Shell } from './shell';
import { showLogin } from './users/login';
import { liveConsoleView } from './live/live-console';
import { mediaView } from './media/media';
import { layoutsView } from './layouts/layouts';
import { layoutFormView } from './layouts/layout-form';
import { playlistEditorView } from './playlists/playlist-editor';
import { playlistsView } from './playlists/playlists';
import { reportsView } from './reports/reports';
import { scheduleFormView } from './schedules/schedule-form';
import { schedulesView } from './schedules/schedules';
import { screensView } from './screens/screens';
import { settingsView } from './settings/settings';
import { timelineView } from './schedules/timeline';
import { hallCalendarView } from './schedules/hall-calendar-view';
import { slideFormView } from './slides/slide-form';
import { slidesView } from './slides/slides';
import { kioskAppView } from './kiosk/kiosk-app';
import { kioskAnalyticsView } from './kiosk/kiosk-analytics';
import { callerView } from './queue-caller/caller-view';
import { queueReportView } from './queue-report/queue-report-view';
import { usersView } from './users/users-view';
import { auditView } from './audit/audit-view';
import { attachReviewBadge } from './review/review-badge';
import { attachAlertBell } from './alerts/alert-bell';
import { alertsView } from './alerts/alerts-view';
import { reviewQueueView } from './review/review-queue';
import { mayLeave } from './forms/unsaved-guard';
import { workbenchView } from './workbench/workbench-view';
import './style.css';

// Zod's built-in messages (wrong type, too short…) in Chinese; our schemas' own messages already are.
z.config(z.locales.zhCN());
// "数值过小：期望 string >=1 字符" reads like a bug report; an empty required text just needs saying so.
z.config({
  customError: (iss) => {
    if (iss.code === 'too_small' && iss.origin === 'string' && iss.minimum === 1) return '不能为空';
    if (iss.code === 'invalid_format' && iss.format === 'url') return '链接格式不正确，需要完整网址（如 https://…）';
    return undefined;
  },
});

/**
 * `#/slides` → list view; `#/slides/new` and `#/slides/<id>` → the form view with params; a `?query`
 * after the path reaches the view as URLSearchParams.
 */
const ROUTES: Record<string, { list: View; item?: View }> = {
  workbench: { list: workbenchView },
  slides: { list: slidesView, item: slideFormView },
  review: { list: reviewQueueView, item: reviewQueueView },
  media: { list: mediaView },
  layouts: { list: layoutsView, item: layoutFormView },
  playlists: { list: playlistsView, item: playlistEditorView },
  schedules: { list: schedulesView, item: scheduleFormView },
  timeline: { list: timelineView },
  calendar: { list: hallCalendarView },
  screens: { list: screensView },
  reports: { list: reportsView },
  kiosk: { list: kioskAppView, item: kioskAppView },
  'kiosk-analytics': { list: kioskAnalyticsView },
  live: { list: liveConsoleView },
  caller: { list: callerView },
  'queue-report': { list: queueReportView },
  settings: { list: settingsView },
  users: { list: usersView },
  audit: { list: auditView },
  alerts: { list: alertsView },
};

const app = document.getElementById('app')!;
const live = new LiveConnection();
let shell: Shell | undefined;
let ctx: ViewContext | undefined;
let disposeView: (() => void) | void;
let offHalls: (() => void) | undefined;
let disposeBadge: (() => void) | undefined;

function leaveView(): void {
  disposeView?.();
  disposeView = undefined;
}

/** The hash the current view was opened at (to put back when leaving is refused). */
let currentHash = '';

function route(): void {
  if (!shell || !ctx) return;
  if (currentHash && location.hash !== currentHash && !mayLeave(currentHash, location.hash)) return;
  currentHash = location.hash;
  const [path = '', search = ''] = location.hash.replace(/^#\/?/, '').split('?');
  const [name = '', ...params] = path.split('/').filter(Boolean).map(decodeURIComponent);
  const allowed = allowedRoutes(ctx.user);
  if (!allowed.includes(name) || !ROUTES[name]) {
    // A bookmark or a shared link to a page this role may not open: say so instead of silently moving.
    const why = name && ROUTES[name] ? refusedText(ctx.user, name) : undefined;
    if (why) toast(why, 'info');
    location.replace(`#/${homeRoute(ctx.user)}`);
    return;
  }
  const entry = ROUTES[name];
  const view = params.length > 0 && entry.item ? entry.item : entry.list;
  leaveView();
  shell.setActive(name);
  // A fresh container per visit: a slow load that resolves after the user moved on renders into a
  // detached element instead of over the next page (views check `root.isConnected` before subscribing).
  const container = h('div', { class: 'view' });
  shell.main.replaceChildren(container);
  disposeView = view(container, ctx, params, new URLSearchParams(search));
}

function enter(user: SessionUser): void {
  shell?.dispose();
  shell = buildShell(user, live, logout);
  ctx = { user, live, go: (hash) => (location.hash = hash) };
  mount(app, shell.root);
  disposeBadge?.();
  const offReview = attachReviewBadge(shell.root.querySelector<HTMLElement>('[data-route="review"]'), live);
  const offBell = attachAlertBell(shell.root.querySelector<HTMLElement>('[data-route="alerts"]'), live);
  disposeBadge = () => {
    offReview();
    offBell();
  };
  live.start();
  // Every date and time staff see is a hall's: learn the halls' zones before the first page draws one.
  const loadHalls = () => api.listHalls().then(rememberHalls, () => undefined);
  offHalls?.();
  offHalls = live.onChanged(['halls'], () => void loadHalls());
  void loadHalls().finally(route);
}

function logout(button: HTMLButtonElement): void {
  void withBusy(button, async () => {
    await api.logout();
    toLogin();
  });
}

function toLogin(): void {
  leaveView();
  offHalls?.();
  offHalls = undefined;
  live.stop();
  disposeBadge?.();
  disposeBadge = undefined;
  shell?.dispose();
  shell = undefined;
  ctx = undefined;
  showLogin(app, enter);
}

async function boot(): Promise<void> {
  try {
    const { user } = await api.me();
    enter(user);
  } catch (err) {
    if (err instanceof ApiError && err.failure.kind === 'unauthorized') {
      toLogin();
      return;
    }
    const retry = h('button', { type: 'button', class: 'btn primary', 'data-testid': 'boot-retry', onclick: () => void boot() }, '重试');
    mount(app, h('div', { class: 'login-page' }, h('div', { class: 'login-card' }, [h('p', { role: 'alert' }, err instanceof Error ? err.message : String(err)), retry])));
  }
}

setUnauthorizedHandler(() => {
  if (!shell) return;
  toast('登录已过期，请重新登录', 'error');
  toLogin();
});
window.addEventListener('hashchange', route);
void boot();
