/**
 * 待审核: the reviewer's queue (every submitted slide, oldest first, edits of on-air slides marked) and
 * one slide's review page (#/review/<id>: preview, changes since the version on air, history, actions).
 */
import { SLIDE_TYPE_LABELS, type Layout, type Slide } from '../../content/model';
import { slideDiff } from '../../content/slide-diff';
import { pendingTickers } from '../../content/ticker-review';
import { api, type SessionUser } from '../api';
import { contentLock, lockBar, lockNote } from '../access/content-lock';
import type { View } from '../context';
import { h, mount } from '../ui/dom';
import { errorText, toast, withBusy } from '../ui/feedback';
import { badge, button, card, loadError, loading, pageHeader, table } from '../ui/page';
import { previewFrame } from '../ui/preview-frame';
import { can } from '../access/roles';
import { formatDateTime } from '../time/time-format';
import { bulkSummary } from '../slides/bulk-summary';
import { reviewEntries } from './review-batches';
import { changesSincePublished, rejectionBar, reviewActions, reviewHistory } from './review-panel';

/** When the working copy was last submitted (its queue position). */
const submittedAt = (s: Slide): string => [...(s.review ?? [])].reverse().find((e) => e.action === 'submitted')?.at ?? s.updatedAt;
const submittedBy = (s: Slide): string => {
  const e = [...(s.review ?? [])].reverse().find((x) => x.action === 'submitted');
  return e ? e.byName ?? e.by : '';
};

/** The slides waiting for a reviewer, oldest submission first. */
export function pendingSlides(all: readonly Slide[]): Slide[] {
  return all.filter((s) => s.status === 'pending').sort((a, b) => submittedAt(a).localeCompare(submittedAt(b)));
}

/** Layouts whose ticker text waits for review. */
export function pendingLayouts(all: readonly Layout[]): Layout[] {
  return all.filter((l) => pendingTickers(l).length > 0);
}

/** One row per ticker zone waiting: the text on air now, the new text, and 审核通过. */
function tickerRows(layouts: readonly Layout[], reload: () => void, user: SessionUser): HTMLTableRowElement[] {
  return pendingLayouts(layouts).flatMap((l) => pendingTickers(l).map((p, i) => {
    const approve = button('审核通过', 'ticker-approve', () => void withBusy(approve, async () => {
      await api.approveLayout(l.id);
      toast(`布局「${l.name}」的滚动字幕已审核通过`);
      reload();
    }), 'primary');
    // A hall-limited reviewer may not approve district layouts: say so instead of offering a 403.
    const locked = can(user, 'approve') ? contentLock(user, l) : undefined;
    const action = !can(user, 'approve') ? '' : locked ? lockNote(locked) : approve;
    return h('tr', { 'data-testid': 'ticker-review-row', 'data-layout-id': l.id }, [
      h('td', {}, `${l.name} · ${p.zone.name}`),
      h('td', { class: 'diff-before' }, p.onAir ?? '（未上屏）'),
      h('td', { class: 'diff-after', 'data-testid': 'ticker-new-text' }, p.text),
      h('td', {}, i === 0 ? action : ''),
    ]);
  }));
}

function slideRow(s: Slide, inBatch = false): HTMLTableRowElement {
  const edit = s.published ? slideDiff(s.published, s).length : 0;
  return h('tr', { 'data-testid': 'review-row', 'data-slide-id': s.id, ...(inBatch && { class: 'batch-member' }) }, [
    h('td', { class: 'title-cell' }, h('a', { href: `#/review/${encodeURIComponent(s.id)}`, 'data-testid': 'review-open' }, s.title)),
    h('td', {}, SLIDE_TYPE_LABELS[s.type] ?? s.type),
    h('td', {}, s.published ? badge(`修改上屏内容 · ${edit} 处改动`, 'amber') : badge('新内容', 'grey')),
    h('td', {}, submittedBy(s)),
    h('td', { class: 'nowrap' }, formatDateTime(submittedAt(s))),
  ]);
}

/** The head of a batch (media dropped into a playlist together): what it is, and 全部通过 for a reviewer. */
function batchRow(batch: string, slides: Slide[], canReview: boolean, reload: () => void): HTMLTableRowElement {
  const approve = button(`全部通过（${slides.length} 项）`, 'review-batch-approve', () => void withBusy(approve, async () => {
    const reply = await api.bulkSlides({ action: 'approve', ids: slides.map((s) => s.id) });
    toast(`这批素材${bulkSummary('approve', reply.results)}`);
    reload();
  }), 'primary');
  const first = slides[0]!;
  return h('tr', { 'data-testid': 'review-batch', 'data-batch': batch, class: 'batch-head' }, [
    h('td', { colspan: 3, 'data-label': '批次' }, [h('strong', {}, `一批拖入的素材 · ${slides.length} 项`), ' ', h('span', { class: 'muted' }, '逐项打开可查看预览；确认无误后可一次通过')]),
    h('td', { 'data-label': '提交人' }, submittedBy(first)),
    h('td', { class: 'nowrap', 'data-label': '提交时间' }, [formatDateTime(submittedAt(first)), canReview ? h('div', {}, approve) : '']),
  ]);
}

export const reviewQueueView: View = (root, ctx, [idParam]) => {
  if (idParam) return reviewDetail(root, ctx, idParam);
  const body = h('div', {}, loading());
  const tickers = h('div', {});
  mount(root, [
    pageHeader('待审核', '编辑提交的幻灯片和滚动字幕在这里等待审核；修改已上屏的内容时，原版本在通过前继续播放'),
    card('幻灯片', body),
    card('滚动字幕', tickers),
  ]);
  const reload = async () => {
    try {
      const layouts = await api.listLayouts();
      mount(tickers, table(['布局 · 区域', '正在播放', '待审核的字幕', '操作'], tickerRows(layouts, () => void reload(), ctx.user), '没有等待审核的滚动字幕', 'ticker-review-table'));
      const canReview = can(ctx.user, 'approve');
      const rows = reviewEntries(pendingSlides(await api.listSlides())).flatMap((entry) =>
        entry.kind === 'slide' ? [slideRow(entry.slide)] : [batchRow(entry.batch, entry.slides, canReview && entry.slides.every((s) => !contentLock(ctx.user, s)), () => void reload()), ...entry.slides.map((s) => slideRow(s, true))],
      );
      mount(body, table(['标题', '类型', '类别', '提交人', '提交时间'], rows, '没有等待审核的幻灯片', 'review-table'));
    } catch (err) {
      mount(body, loadError(errorText(err), () => void reload()));
    }
  };
  void reload();
  return ctx.live.onChanged(['slides', 'layouts'], () => void reload());
};

function reviewDetail(root: HTMLElement, ctx: Parameters<View>[1], id: string): () => void {
  mount(root, loading());
  const preview = previewFrame({ pickKind: true, request: () => ({ slideIds: [id] }) });
  const load = async () => {
    try {
      const slide = await api.getSlide(id);
      if (!root.isConnected) return;
      const locked = can(ctx.user, 'approve') ? contentLock(ctx.user, slide) : undefined;
      const canReview = can(ctx.user, 'approve') && !locked;
      mount(root, [
        pageHeader(`审核：${slide.title}`, `${SLIDE_TYPE_LABELS[slide.type] ?? slide.type} · 更新于 ${formatDateTime(slide.updatedAt)}`, [
          h('a', { href: '#/review', class: 'btn ghost', 'data-testid': 'review-back' }, '返回待审核'),
        ]),
        rejectionBar(slide),
        h('div', { class: 'with-preview' }, [
          h('div', {}, [
            card('与正在播放的版本相比', changesSincePublished(slide)),
            card('审核记录', reviewHistory(slide)),
            canReview && reviewActions(slide, () => ctx.go('#/review')),
            locked && lockBar(locked),
          ]),
          h('aside', { class: 'preview-aside' }, card('预览（待审核的版本）', preview.el)),
        ]),
      ]);
      preview.update(true);
    } catch (err) {
      mount(root, loadError(errorText(err), () => void load()));
    }
  };
  void load();
  return () => preview.dispose();
}
