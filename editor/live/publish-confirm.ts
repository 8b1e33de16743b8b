/**
 * 确认发布, the last step of 发布通知: names the severity (and what it does to calls), the targets with
 * how many screens they reach (a fresh list, the same `targetsScreen` the server uses) and how many are
 * online, the end on the hall's clock, and the text as screens will show it. Asked every time.
 */
import { overrideDisplay, type Hall, type OverrideInput } from '../../content/model';
import { DISPLAY_TEXT } from './display-choice';
import { targetsScreen } from '../../content/targeting';
import { api, type ScreenView } from '../api';
import type { ViewContext } from '../context';
import { openDialog } from '../ui/dialog';
import { h } from '../ui/dom';
import { describeTarget } from '../ui/target-picker';
import { formatDateTime } from '../time/time-format';
import { zoneLabel } from '../time/hall-time';

/** The screens `input.target` reaches, and how many of them are online right now. */
export function takeoverReach(target: OverrideInput['target'], screens: readonly ScreenView[], ctx: ViewContext): { screens: ScreenView[]; online: number } {
  const reached = screens.filter((s) => targetsScreen(target, s));
  const online = reached.filter((s) => ctx.live.statuses.get(s.id)?.online ?? s.status.online).length;
  return { screens: reached, online };
}

/**
 * Asks "将立即接管 N 块屏幕" / "显示横幅" and resolves true only on 确认发布; `zone` is the hall's zone the end was typed in. `known` is used when the fresh list
 * cannot be loaded (the count is then marked as possibly stale).
 */
export async function confirmPublish(input: OverrideInput, ctx: ViewContext, halls: readonly Hall[], known: readonly ScreenView[], zone: string): Promise<boolean> {
  let screens = known;
  let stale = false;
  try {
    screens = await api.listScreens();
  } catch {
    stale = true;
  }
  const reach = takeoverReach(input.target, screens, ctx);
  const n = reach.screens.length;
  const perHall = halls
    .map((hall) => [hall.name, reach.screens.filter((s) => s.hallId === hall.id).length] as const)
    .filter(([, count]) => count > 0);

  const banner = overrideDisplay(input) === 'banner';
  return new Promise((resolve) => {
    let answer = false;
    const ok = h('button', { type: 'button', class: 'btn danger big', 'data-testid': 'publish-confirm', disabled: n === 0 }, banner ? `确认发布，在 ${n} 块屏幕显示横幅` : `确认发布，接管 ${n} 块屏幕`);
    const cancel = h('button', { type: 'button', class: 'btn', 'data-testid': 'publish-back' }, '返回修改');
    const close = openDialog('确认发布', [
      h('div', { class: 'takeover-count', 'data-testid': 'publish-confirm-count', 'data-screens': String(n), 'data-online': String(reach.online) }, [
        h('strong', {}, n === 0 ? '投放目标内没有屏幕' : banner ? `将立即在 ${n} 块屏幕显示紧急横幅` : `将立即接管 ${n} 块屏幕`),
        n > 0 && h('span', {}, `其中 ${reach.online} 块在线${n > reach.online ? `；${n - reach.online} 块离线，上线后立即显示` : ''}`),
        stale && h('span', {}, '（未能刷新屏幕列表，数量可能不是最新）'),
      ]),
      h('dl', { class: 'facts' }, [
        h('dt', {}, '投放目标'), h('dd', { 'data-testid': 'publish-confirm-target' }, describeTarget(input.target, screens, halls)),
        perHall.length > 1 && [h('dt', {}, '各营业厅'), h('dd', {}, perHall.map(([name, count]) => `${name} ${count} 块`).join('、'))],
        h('dt', {}, '显示方式'), h('dd', { 'data-testid': 'publish-confirm-display' }, `${DISPLAY_TEXT[overrideDisplay(input)].label}：${DISPLAY_TEXT[overrideDisplay(input)].effect}`),
        h('dt', {}, '结束'), h('dd', { 'data-testid': 'publish-confirm-end' }, input.expiresAt ? `${formatDateTime(input.expiresAt, zone)}（${zoneLabel(zone)}）自动结束` : '手动撤销前一直显示'),
      ]),
      h('p', { class: 'muted' }, banner ? '屏幕底部的红色横幅将显示：' : '紧急通知会覆盖屏幕上的一切内容，包括叫号。屏幕将显示：'),
      h('div', { class: 'emergency-preview', 'data-testid': 'publish-confirm-preview' }, [
        h('strong', {}, input.title),
        input.body && h('p', {}, input.body),
      ]),
      h('div', { class: 'actions' }, [cancel, ok]),
    ], { testid: 'publish-confirm-dialog' });
    ok.onclick = () => {
      answer = true;
      close();
    };
    cancel.onclick = close;
    ok.closest('dialog')?.addEventListener('close', () => resolve(answer));
    cancel.focus();
  });
}
