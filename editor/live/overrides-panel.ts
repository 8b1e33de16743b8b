/**
 * The active overrides, list only (publishing is 发布通知, `publish-dialog.ts`): severity, text,
 * targets, who and when, the end, per override which screens acknowledged it and how fast, and 撤销,
 * which asks before screens go back to their schedule.
 */
import { overrideDisplay, type Hall } from '../../content/model';
import { confirmDialog } from '../ui/dialog';
import { DISPLAY_TEXT } from './display-choice';
import { AckRows } from './ack-view';
import { api, type OverrideView, type ScreenView } from '../api';
import type { ViewContext } from '../context';
import { h, mount } from '../ui/dom';
import { errorText, toast, withBusy } from '../ui/feedback';
import { OVERRIDE_KIND_LABELS } from '../ui/labels';
import { badge, button, loadError, table } from '../ui/page';
import { describeTarget } from '../ui/target-picker';
import { formatDateTime } from '../time/time-format';

export interface OverridesPanel { list: HTMLElement; reload(): Promise<void>; dispose(): void }

/** Builds the list; the list follows `changed: overrides` and drops entries as they expire. */
export function overridesPanel(ctx: ViewContext, screens: ScreenView[], halls: Hall[]): OverridesPanel {
  const list = h('div', {});
  const ackRows = new AckRows((id) => () => api.overrideAcks(id));
  let active: OverrideView[] = [];
  const render = () => {
    const now = Date.now();
    const shown = active
      .filter((o) => !o.expiresAt || Date.parse(o.expiresAt) > now)
      .sort((a, b) => (a.kind === b.kind ? b.createdAt.localeCompare(a.createdAt) : a.kind === 'emergency' ? -1 : 1));
    ackRows.retain(new Set(shown.map((o) => o.id)));
    const rows = shown.flatMap((o) => {
      const clear = button('撤销', 'override-clear', async () => {
        const what = overrideDisplay(o) === 'fullscreen' ? '屏幕将恢复排期内容和叫号' : '横幅将从屏幕上消失';
        if (!(await confirmDialog(`撤销「${o.title}」？${describeTarget(o.target, screens, halls)}的${what}。`, '确认撤销'))) return;
        await withBusy(clear, async () => {
          await api.deleteOverride(o.id);
          toast(`已撤销「${o.title}」`);
          await reload();
        });
      }, 'danger');
      const acks = ackRows.build(o.id, 6);
      const row = h('tr', { 'data-testid': 'override-row', 'data-override-id': o.id, 'data-kind': o.kind }, [
        h('td', {}, [
          badge(OVERRIDE_KIND_LABELS[o.kind], o.kind === 'emergency' ? 'red' : 'blue'),
          h('small', { class: 'muted block', 'data-testid': 'override-display' }, DISPLAY_TEXT[overrideDisplay(o)].label),
        ]),
        h('td', { class: 'title-cell' }, [o.title, o.body && h('small', { class: 'muted block clamp' }, o.body)]),
        h('td', {}, describeTarget(o.target, screens, halls)),
        h('td', { class: 'nowrap' }, [formatDateTime(o.createdAt), h('small', { class: 'muted block', 'data-testid': 'override-by' }, o.createdByName ?? o.createdBy)]),
        h('td', { class: 'nowrap' }, o.expiresAt ? formatDateTime(o.expiresAt) : '手动撤销'),
        h('td', {}, h('div', { class: 'row-actions' }, [acks.toggle, clear])),
      ]);
      return [row, acks.detail];
    });
    mount(list, table(['类型', '标题', '投放目标', '发布', '结束', '操作'], rows, '当前没有插播，屏幕正常播放排期内容', 'override-table'));
  };
  const reload = async () => {
    try {
      active = await api.listOverrides();
      render();
    } catch (err) {
      mount(list, loadError(errorText(err), () => void reload()));
    }
  };
  void reload();
  const off = ctx.live.onChanged(['overrides'], () => void reload());
  const tick = setInterval(render, 15_000);
  return { list, reload, dispose: () => { off(); clearInterval(tick); ackRows.dispose(); } };
}
