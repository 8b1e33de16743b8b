/**
 * The review side of one slide, shown on its edit page and in the reviewer's queue: why it was sent
 * back, what changed since the version on air (a field diff), the review history, and 审核通过 /
 * 驳回 for those who may review.
 */
import type { Slide } from '../../content/model';
import { slideDiff } from '../../content/slide-diff';
import { api } from '../api';
import { openDialog } from '../ui/dialog';
import { h } from '../ui/dom';
import { toast, withBusy } from '../ui/feedback';
import { card } from '../ui/page';
import { formatDateTime } from '../time/time-format';

const ACTION_TEXT = { submitted: '提交审核', approved: '审核通过', rejected: '驳回' } as const;

/** "被 张三 驳回（12-01 10:00）：营业时间写错了" above the form, so the editor sees why first. */
export function rejectionBar(slide: Slide): HTMLElement | null {
  if (!slide.rejection || slide.status === 'approved') return null;
  const r = slide.rejection;
  return h('div', { class: 'notice-bar danger', role: 'alert', 'data-testid': 'slide-rejection' }, [
    h('strong', {}, `已被 ${r.byName ?? r.by} 驳回（${formatDateTime(r.at)}）：`),
    h('span', { 'data-testid': 'slide-rejection-reason' }, r.reason),
  ]);
}

/** What plays now vs. the working copy: one row per changed field. */
export function changesSincePublished(slide: Slide): HTMLElement {
  if (!slide.published) return h('p', { class: 'muted', 'data-testid': 'slide-diff-none' }, '这张幻灯片还没有上屏过的版本，审核通过后首次上屏。');
  if (slide.status === 'approved') return h('p', { class: 'muted', 'data-testid': 'slide-diff-none' }, '正在播放的就是这一版。');
  const changes = slideDiff(slide.published, slide);
  if (changes.length === 0) return h('p', { class: 'muted', 'data-testid': 'slide-diff-none' }, '与正在播放的版本相同。');
  return h('table', { class: 'table diff-table', 'data-testid': 'slide-diff' }, [
    h('thead', {}, h('tr', {}, [h('th', {}, '字段'), h('th', {}, '正在播放'), h('th', {}, '修改后')])),
    h('tbody', {}, changes.map((c) => h('tr', { 'data-testid': 'slide-diff-row', 'data-field': c.field }, [
      h('td', {}, c.label),
      h('td', { class: 'diff-before' }, c.before || '（空）'),
      h('td', { class: 'diff-after' }, c.after || '（空）'),
    ]))),
  ]);
}

/** Every submission, approval and rejection, newest first. */
export function reviewHistory(slide: Slide): HTMLElement {
  const events = [...(slide.review ?? [])].reverse();
  if (events.length === 0) return h('p', { class: 'muted' }, '还没有审核记录。');
  return h('ol', { class: 'review-history', 'data-testid': 'review-history' }, events.map((e) =>
    h('li', { 'data-action': e.action }, [
      h('span', { class: 'nowrap' }, formatDateTime(e.at)), ' ',
      h('strong', {}, e.byName ?? e.by), ' ', ACTION_TEXT[e.action],
      e.reason ? `：${e.reason}` : '',
    ])));
}

/** Asks for the reason (required) and rejects; resolves true once rejected. */
export function askRejectReason(slide: Slide): Promise<boolean> {
  return new Promise((resolve) => {
    let done = false;
    const reason = h('textarea', { rows: 3, maxlength: 500, 'data-testid': 'reject-reason', placeholder: '例如：服务热线号码有误，请改为 95598' });
    const error = h('p', { class: 'field-error', role: 'alert', 'data-testid': 'reject-error' });
    const ok = h('button', { type: 'button', class: 'btn danger', 'data-testid': 'reject-ok' }, '驳回');
    const cancel = h('button', { type: 'button', class: 'btn', 'data-testid': 'reject-cancel' }, '取消');
    const close = openDialog(`驳回「${slide.title}」`, [
      h('label', { class: 'field' }, [h('span', { class: 'field-label' }, '驳回理由（编辑会看到）'), reason]),
      error,
      h('div', { class: 'actions' }, [cancel, ok]),
    ], { testid: 'reject-dialog' });
    ok.onclick = () => {
      if (!reason.value.trim()) {
        error.textContent = '请填写驳回理由';
        reason.focus();
        return;
      }
      void withBusy(ok, async () => {
        await api.rejectSlide(slide.id, reason.value.trim());
        done = true;
        toast(`已驳回「${slide.title}」`);
        close();
      });
    };
    cancel.onclick = close;
    ok.closest('dialog')?.addEventListener('close', () => resolve(done));
    reason.focus();
  });
}

/** 审核通过 and 驳回 buttons; `after` runs once either succeeded. */
export function reviewActions(slide: Slide, after: () => void): HTMLElement | null {
  if (slide.status === 'approved') return null;
  const approve = h('button', { type: 'button', class: 'btn primary', 'data-testid': 'review-approve' }, slide.published ? '通过并替换上屏版本' : '审核通过');
  approve.onclick = () => void withBusy(approve, async () => {
    await api.approveSlide(slide.id);
    toast(`「${slide.title}」已审核通过，屏幕将播放这一版`);
    after();
  });
  const reject = h('button', { type: 'button', class: 'btn danger-text', 'data-testid': 'review-reject' }, '驳回…');
  reject.onclick = async () => {
    if (await askRejectReason(slide)) after();
  };
  return h('div', { class: 'form-actions' }, [reject, approve]);
}

/** The whole review card: changes, history and (for reviewers) the actions. */
export function reviewCard(slide: Slide, canReview: boolean, after: () => void): HTMLElement {
  return card('审核', h('div', { class: 'review-card', 'data-testid': 'review-card' }, [
    h('h3', {}, '与正在播放的版本相比'),
    changesSincePublished(slide),
    h('h3', {}, '审核记录'),
    reviewHistory(slide),
    canReview && reviewActions(slide, after),
  ]));
}
