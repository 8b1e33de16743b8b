/**
 * 幻灯片: every slide with its review status, the review actions (提交审核, 审核通过), 复制, and search
 * and filters (title, type, status, 即将到期) in `slides/slide-filter.ts`; 批量操作 in `slides/bulk-bar.ts`.
 */
import { DEFAULT_SLIDE_MS, SLIDE_TYPE_LABELS, type ReviewStatus, type Slide, type SlideType } from '../../content/model';
import { api } from '../api';
import type { View } from '../context';
import { confirmDeleteSlide } from './delete-slide';
import { slideCopyInput } from './duplicate';
import { NO_FILTER, filterSlides, passesFilter, type SlideFilter } from './slide-filter';
import { h, mount, options } from '../ui/dom';
import { errorText, toast, withBusy } from '../ui/feedback';
import { REVIEW_LABELS, labelPairs } from '../ui/labels';
import { badge, button, card, loadError, loading, pageHeader, table } from '../ui/page';
import { can } from '../access/roles';
import { formatDateTime, formatDuration } from '../time/time-format';
import { searchBox } from '../ui/search-box';
import { bulkSelection } from './bulk-bar';
import { contentLock, lockNote } from '../access/content-lock';

type Filter = SlideFilter['status'];
const STATUS_TONE: Record<ReviewStatus, string> = { draft: 'grey', pending: 'amber', approved: 'green' };

/** The review badge, shared with the playlist editor. */
export function statusBadge(status: ReviewStatus): HTMLElement {
  return badge(REVIEW_LABELS[status], STATUS_TONE[status], { 'data-testid': 'slide-status', 'data-status': status });
}

/** "至 11-30 18:00", "已过期", or nothing when the slide has no end. */
function validity(slide: Slide): HTMLElement | string {
  const now = Date.now();
  if (slide.validTo && Date.parse(slide.validTo) <= now) return badge('已过期', 'red');
  if (slide.validFrom && Date.parse(slide.validFrom) > now) return `${formatDateTime(slide.validFrom)} 起`;
  return slide.validTo ? `至 ${formatDateTime(slide.validTo)}` : '长期';
}

export const slidesView: View = (root, ctx) => {
  let slides: Slide[] = [];
  let filter: SlideFilter = { ...NO_FILTER };
  const set = (patch: Partial<SlideFilter>) => {
    filter = { ...filter, ...patch };
    render();
  };
  const tabs = h('div', { class: 'tabs', role: 'tablist' });
  const typeSelect = h('select', { 'data-testid': 'slide-type-filter', 'aria-label': '按类型筛选' }, options([['', '全部类型'], ...labelPairs(SLIDE_TYPE_LABELS)], ''));
  typeSelect.onchange = () => set({ type: typeSelect.value as SlideType | '' });
  const expiring = h('input', { type: 'checkbox', 'data-testid': 'slide-expiring-filter' });
  expiring.onchange = () => set({ expiring: expiring.checked });
  const toolbar = h('div', { class: 'list-filters' }, [
    searchBox('slide-search', '搜索标题或标签', (text) => set({ text })),
    typeSelect,
    h('label', { class: 'check' }, [expiring, '7 天内到期']),
  ]);
  const body = h('div', {}, loading());
  const selection = bulkSelection({ canApprove: can(ctx.user, 'approve'), locked: (s) => contentLock(ctx.user, s), all: () => slides, reload: () => reload() });
  mount(root, [
    pageHeader('幻灯片', '新建或修改后为草稿，提交审核并由审核员通过后才会上屏；修改已上屏的幻灯片时，原版本在新版本通过前继续播放', [
      button('新建触摸查询应用', 'slide-new-kiosk', () => ctx.go('#/kiosk/new')),
      button('新建幻灯片', 'slide-new', () => ctx.go('#/slides/new'), 'primary'),
    ]),
    toolbar,
    tabs,
    selection.bar,
    card(null, body),
  ]);

  function renderTabs(): void {
    // Tabs count what the other filters let through, so a number never promises rows that are not there.
    const now = Date.now();
    const passing = slides.filter((s) => passesFilter(s, filter, now));
    const count = (f: Filter) => (f === 'all' ? passing.length : passing.filter((s) => s.status === f).length);
    const pairs: [Filter, string][] = [['all', '全部'], ['draft', '草稿'], ['pending', '待审核'], ['approved', '已通过']];
    mount(tabs, pairs.map(([f, label]) =>
      h('button', {
        type: 'button', role: 'tab', class: `tab${f === filter.status ? ' active' : ''}`, 'aria-selected': String(f === filter.status),
        'data-testid': `slide-filter-${f}`,
        onclick: () => set({ status: f }),
      }, [label, h('span', { class: 'count' }, String(count(f)))]),
    ));
  }

  function actions(slide: Slide): HTMLElement {
    const editHash = slide.type === 'kioskApp' ? `#/kiosk/${encodeURIComponent(slide.id)}` : `#/slides/${encodeURIComponent(slide.id)}`;
    const locked = contentLock(ctx.user, slide);
    // What the server would refuse is not offered: the slide opens read-only, 复制 makes an own draft.
    const copy = button('复制', 'slide-duplicate', () => void withBusy(copy, async () => {
      const made = await api.createSlide(slideCopyInput(slide));
      toast(`已复制为草稿「${made.title}」`);
      await reload();
    }));
    if (locked) return h('div', { class: 'row-actions' }, [button('查看', 'slide-view', () => ctx.go(editHash)), copy, lockNote(locked)]);
    const acts: HTMLElement[] = [button('编辑', 'slide-edit', () => ctx.go(editHash))];
    if (slide.status === 'draft') {
      const b = button('提交审核', 'slide-submit', () => void withBusy(b, async () => {
        await api.submitSlide(slide.id);
        toast(`「${slide.title}」已提交审核`);
        await reload();
      }));
      acts.push(b);
    }
    if (slide.status !== 'approved' && can(ctx.user, 'approve')) {
      const b = button('审核通过', 'slide-approve', () => void withBusy(b, async () => {
        await api.approveSlide(slide.id);
        toast(`「${slide.title}」已审核通过`);
        await reload();
      }), 'primary');
      acts.push(b);
    }
    acts.push(copy);
    const del = button('删除', 'slide-delete', async () => {
      if (!(await confirmDeleteSlide(slide, slides))) return;
      await withBusy(del, async () => {
        await api.deleteSlide(slide.id);
        toast('已删除');
        await reload();
      });
    }, 'danger-text');
    acts.push(del);
    return h('div', { class: 'row-actions' }, acts);
  }

  function render(): void {
    renderTabs();
    const shown = filterSlides(slides, filter, Date.now()).sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
    selection.render(shown);
    const rows = shown.map((s) =>
      h('tr', { 'data-testid': 'slide-row', 'data-slide-id': s.id, 'data-status': s.status }, [
        h('td', { class: 'select-cell' }, selection.rowBox(s)),
        h('td', {}, h('div', { class: 'type-cell' }, [
          s.type === 'image' && s.mediaUrl ? h('img', { class: 'thumb', src: s.mediaUrl, alt: '', loading: 'lazy' }) : null,
          SLIDE_TYPE_LABELS[s.type] ?? s.type,
        ])),
        h('td', { class: 'title-cell' }, h('a', { href: s.type === 'kioskApp' ? `#/kiosk/${encodeURIComponent(s.id)}` : `#/slides/${encodeURIComponent(s.id)}`, 'data-testid': 'slide-title-link' }, s.title)),
        h('td', {}, [
          statusBadge(s.status),
          s.published && s.status !== 'approved' && badge('原版本播放中', 'green', { 'data-testid': 'slide-on-air', title: '已审核通过的版本继续上屏，直到这次修改通过审核' }),
          s.rejection && s.status === 'draft' && badge('已驳回', 'red', { 'data-testid': 'slide-rejected', title: s.rejection.reason }),
        ]),
        h('td', {}, formatDuration(s.durationMs ?? DEFAULT_SLIDE_MS)),
        h('td', {}, validity(s)),
        h('td', { class: 'nowrap' }, formatDateTime(s.updatedAt)),
        h('td', {}, actions(s)),
      ]),
    );
    const filtered = filter.text || filter.type || filter.expiring;
    const empty = !slides.length ? '还没有幻灯片，点击右上角「新建幻灯片」开始' : filtered ? '没有符合搜索和筛选条件的幻灯片' : '此状态下没有幻灯片';
    mount(body, table(['选择', '类型', '标题', '状态', '时长', '有效期', '更新时间', '操作'], rows, empty, 'slide-table'));
  }

  async function reload(): Promise<void> {
    try {
      slides = await api.listSlides();
      render();
    } catch (err) {
      mount(body, loadError(errorText(err), () => void reload()));
    }
  }

  void reload();
  return ctx.live.onChanged(['slides'], () => void reload());
};
