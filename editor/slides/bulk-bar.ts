/**
 * 批量操作 on the slide list: the selection (per-row checkboxes and 全选), and a bar that shows
 * "已选 N 项" with 批量通过 / 批量删除 / 添加标签 / 移除标签. The server judges each slide on its own
 * (POST /api/slides/bulk), so the toast says what happened to all of them ("已通过 5 项，2 项无权限").
 */
import type { Slide } from '../../content/model';
import type { SlideBulkAction } from '../../content/slide-bulk';
import { api } from '../api';
import { confirmDialog } from '../ui/dialog';
import { h } from '../ui/dom';
import { errorText, toast, withBusy } from '../ui/feedback';
import { button } from '../ui/page';
import { bulkSummary } from './bulk-summary';
import { slideUsers } from './delete-slide';

/** The selected slide ids; survives re-renders, drops ids that left the list. */
export interface BulkSelection {
  ids: Set<string>;
  /** A row's checkbox. */
  rowBox(slide: Slide): HTMLInputElement;
  /** Redraws the bar for the slides now shown. */
  render(shown: readonly Slide[]): void;
  bar: HTMLElement;
}

/** The confirmation text for 批量删除: how many, and which are in use (those are kept). */
export async function deleteQuestion(chosen: readonly Slide[], all: readonly Slide[]): Promise<string> {
  const playlists = await api.listPlaylists().catch(() => []);
  const used = chosen.map((s) => ({ s, where: slideUsers(s, playlists, all) })).filter((u) => u.where.length > 0);
  const inUse = used.length
    ? `其中 ${used.length} 项仍在使用，不会删除：${used.map((u) => `「${u.s.title}」（${u.where.map((w) => w.label).join('、')}）`).join('；')}。`
    : '';
  return `删除已选的 ${chosen.length} 项幻灯片？${inUse}此操作不可撤销。`;
}

export function bulkSelection(opts: { canApprove: boolean; locked?: (slide: Slide) => string | undefined; all: () => readonly Slide[]; reload: () => Promise<void> }): BulkSelection {
  const ids = new Set<string>();
  let shown: readonly Slide[] = [];
  const count = h('span', { class: 'bulk-count', 'data-testid': 'bulk-count' });
  const selectAll = h('input', { type: 'checkbox', 'data-testid': 'bulk-select-all', 'aria-label': '全选' });
  const tag = h('input', { type: 'text', class: 'bulk-tag', placeholder: '标签', maxlength: '40', 'data-testid': 'bulk-tag', 'aria-label': '标签' });
  const run = (b: HTMLButtonElement, action: SlideBulkAction) => async () => {
    const chosen = opts.all().filter((s) => ids.has(s.id));
    if (!chosen.length) return;
    const t = tag.value.trim();
    if ((action === 'tag' || action === 'untag') && !t) {
      toast('请先填写标签', 'error');
      tag.focus();
      return;
    }
    if (action === 'delete' && !(await confirmDialog(await deleteQuestion(chosen, opts.all()), `删除 ${chosen.length} 项`))) return;
    await withBusy(b, async () => {
      try {
        const reply = await api.bulkSlides({ action, ids: chosen.map((s) => s.id), ...(t && (action === 'tag' || action === 'untag') && { tag: t }) });
        const failed = reply.results.filter((r) => !r.ok);
        toast(bulkSummary(action, reply.results), failed.length ? 'error' : 'success');
        if (action === 'delete') for (const r of reply.results) if (r.ok) ids.delete(r.id);
        await opts.reload();
      } catch (err) {
        toast(errorText(err), 'error');
      }
    });
  };
  const approve = button('批量通过', 'bulk-approve', () => void run(approve, 'approve')(), 'primary');
  const del = button('批量删除', 'bulk-delete', () => void run(del, 'delete')(), 'danger-text');
  const addTag = button('添加标签', 'bulk-tag-add', () => void run(addTag, 'tag')());
  const removeTag = button('移除标签', 'bulk-tag-remove', () => void run(removeTag, 'untag')());
  const actions = h('div', { class: 'bulk-actions' }, [opts.canApprove ? approve : null, del, tag, addTag, removeTag]);
  const bar = h('div', { class: 'bulk-bar', 'data-testid': 'bulk-bar', role: 'toolbar', 'aria-label': '批量操作' }, [
    h('label', { class: 'check' }, [selectAll, '全选']),
    count,
    actions,
  ]);
  const boxes = new Map<string, HTMLInputElement>();
  const refresh = () => {
    const pickable = shown.filter((s) => !opts.locked?.(s));
    const visible = pickable.filter((s) => ids.has(s.id)).length;
    count.textContent = `已选 ${ids.size} 项`;
    selectAll.checked = pickable.length > 0 && visible === pickable.length;
    selectAll.indeterminate = visible > 0 && visible < pickable.length;
    actions.hidden = ids.size === 0;
    bar.classList.toggle('active', ids.size > 0);
  };
  selectAll.onchange = () => {
    for (const s of shown) (selectAll.checked && !opts.locked?.(s) ? ids.add(s.id) : ids.delete(s.id));
    for (const [id, box] of boxes) box.checked = ids.has(id);
    refresh();
  };
  return {
    ids,
    bar,
    rowBox(slide) {
      // A slide the user may not change cannot be picked for a bulk action (the server would refuse it).
      const locked = opts.locked?.(slide);
      const box = h('input', { type: 'checkbox', 'data-testid': 'slide-select', 'aria-label': `选择「${slide.title}」`, disabled: !!locked, title: locked });
      box.checked = ids.has(slide.id);
      box.onchange = () => {
        (box.checked ? ids.add(slide.id) : ids.delete(slide.id));
        refresh();
      };
      boxes.set(slide.id, box);
      return box;
    },
    render(now) {
      shown = now;
      const present = new Set(opts.all().map((s) => s.id));
      for (const id of [...ids]) if (!present.has(id)) ids.delete(id);
      boxes.clear();
      refresh();
    },
  };
}
