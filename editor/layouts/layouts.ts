/**
 * 布局: the layouts staff made, each drawn small, with where they are used; 从模板新建 starts the
 * editor (`layout-form.ts`) from one of the server's templates. A layout still named by a schedule or a
 * screen cannot be deleted: the server's 409 message says by which.
 */
import { pendingTickers } from '../../content/ticker-review';
import { SCREEN_KIND_LABELS, type Layout } from '../../content/model';
import { api, type LayoutTemplateView } from '../api';
import type { View } from '../context';
import { contentLock, lockNote } from '../access/content-lock';
import { confirmDialog } from '../ui/dialog';
import { h, mount, options } from '../ui/dom';
import { errorText, toast, withBusy } from '../ui/feedback';
import { layoutThumb } from './layout-canvas';
import { loadTemplates } from './layout-form';
import { badge, button, card, loadError, loading, pageHeader, table } from '../ui/page';
import { formatDateTime } from '../time/time-format';

export const layoutsView: View = (root, ctx) => {
  const body = h('div', {}, loading());
  const template = h('select', { class: 'layout-template-select', 'data-testid': 'layout-template', 'aria-label': '布局模板' }, h('option', { value: '' }, '正在加载模板…'));
  const create = button('从模板新建', 'layout-new', () => {
    if (template.value) ctx.go(`#/layouts/new?template=${encodeURIComponent(template.value)}`);
  }, 'primary');
  mount(root, [
    pageHeader('布局', '把屏幕分成几个区域：主画面播放排期内容，其余区域放滚动字幕、时钟、叫号面板或另一个播放列表', [template, create]),
    card(null, body),
  ]);

  loadTemplates().then(
    (ts: LayoutTemplateView[]) => mount(template, options(ts.map((t): [string, string] => [t.id, t.label]), ts[0]?.id)),
    (err) => mount(template, h('option', { value: '' }, `模板加载失败：${errorText(err)}`)),
  );

  function render(layouts: Layout[], usedBy: Map<string, string[]>): void {
    const rows = [...layouts].sort((a, b) => a.name.localeCompare(b.name, 'zh-CN')).map((l) => {
      const del = button('删除', 'layout-delete', async () => {
        if (!(await confirmDialog(`删除布局「${l.name}」？`))) return;
        await withBusy(del, async () => {
          await api.deleteLayout(l.id);
          toast('已删除');
          await reload();
        });
      }, 'danger-text');
      const users = usedBy.get(l.id) ?? [];
      const locked = contentLock(ctx.user, l);
      return h('tr', { 'data-testid': 'layout-row', 'data-layout-id': l.id }, [
        h('td', {}, layoutThumb(l.kind, l.zones)),
        h('td', { class: 'title-cell' }, h('a', { href: `#/layouts/${encodeURIComponent(l.id)}` }, l.name)),
        h('td', {}, SCREEN_KIND_LABELS[l.kind]),
        h('td', {}, [
          l.zones.map((z) => z.name).join('、'),
          pendingTickers(l).length > 0 && badge('字幕待审核', 'amber', { 'data-testid': 'layout-ticker-pending', title: '滚动字幕要审核通过才会上屏；在此之前屏幕播放已通过的字幕（没有则不显示字幕）' }),
        ]),
        h('td', { 'data-testid': 'layout-used-by' }, users.length ? users.join('、') : h('span', { class: 'muted' }, '未使用')),
        h('td', { class: 'nowrap' }, formatDateTime(l.updatedAt)),
        h('td', {}, h('div', { class: 'row-actions' }, locked
          ? [button('查看', 'layout-view', () => ctx.go(`#/layouts/${encodeURIComponent(l.id)}`)), lockNote(locked)]
          : [button('编辑', 'layout-edit', () => ctx.go(`#/layouts/${encodeURIComponent(l.id)}`)), del])),
      ]);
    });
    mount(body, table(['', '名称', '屏幕类型', '区域', '使用者', '更新时间', '操作'], rows, '还没有布局：选择模板后点「从模板新建」', 'layout-table'));
  }

  async function reload(): Promise<void> {
    try {
      const [layouts, schedules, screens] = await Promise.all([api.listLayouts(), api.listSchedules(), api.listScreens()]);
      const usedBy = new Map<string, string[]>();
      const note = (id: string | undefined, who: string) => id && usedBy.set(id, [...(usedBy.get(id) ?? []), who]);
      for (const s of schedules) note(s.layoutId, `排期「${s.name}」`);
      for (const s of screens) note(s.layoutId, `屏幕「${s.name}」`);
      render(layouts, usedBy);
    } catch (err) {
      mount(body, loadError(errorText(err), () => void reload()));
    }
  }

  void reload();
  return ctx.live.onChanged(['layouts', 'schedules', 'screens'], () => void reload());
};
