/**
 * 触摸查询应用: `#/kiosk` lists the kiosk apps, `#/kiosk/<slideId|new>` edits one as a tree of pages.
 * The app is a `kioskApp` slide: saved through the slides API and published through the same review
 * workflow. Every change is checked with `SlideInput` (the server's own schema) and problems show
 * beside the page and field they name; the server's save-time refusals (a missing slide, a price table
 * without numbers) show in the banner. The real player previews it and can be clicked through.
 * Like every form, unsaved changes ask before leaving and are kept as a local draft (`keepUnsaved`).
 */
import { KIOSK_PAGE_LABELS, type KioskPageType } from '../../content/kiosk-model';
import { SlideInput, type Slide } from '../../content/model';
import { api, ApiError } from '../api';
import type { View, ViewContext } from '../context';
import { confirmDialog } from '../ui/dialog';
import { h, mount, options } from '../ui/dom';
import { errorText, toast, withBusy } from '../ui/feedback';
import { errorSlot, field } from '../ui/fields';
import { placeIssues, treePanel } from './kiosk-editor';
import { pageFields } from './kiosk-page-fields';
import {
  draftFromSlide, draftToInput, emptyDraft, emptyPage, issueLine, issuesByPage, linksTo, newPageId,
  type KioskDraft, type PathIssue,
} from './kiosk-tree';
import { contentLock, lockBar, lockNote, lockable } from '../access/content-lock';
import { button, card, loadError, loading, pageHeader, table } from '../ui/page';
import { previewFrame, type PreviewFrame } from '../ui/preview-frame';
import { can } from '../access/roles';
import { formatDateTime } from '../time/time-format';
import { keepUnsaved, type UnsavedEdits } from '../forms/unsaved-edits';
import { statusBadge } from '../slides/slides';

type KioskSlide = Extract<Slide, { type: 'kioskApp' }>;
const isKiosk = (s: Slide): s is KioskSlide => s.type === 'kioskApp';

export const kioskAppView: View = (root, ctx, [idParam]) => {
  if (!idParam) return listView(root, ctx);
  let dispose = () => {};
  mount(root, loading());
  const load = () =>
    api.listSlides().then(
      (all) => {
        if (!root.isConnected) return;
        if (idParam === 'new') return void (dispose = editor(root, ctx, undefined, all));
        const slide = all.find((s) => s.id === idParam);
        if (slide && isKiosk(slide)) dispose = editor(root, ctx, slide, all);
        else mount(root, loadError('这个触摸查询应用不存在，可能已被删除', () => ctx.go('#/kiosk')));
      },
      (err) => mount(root, loadError(errorText(err), load)),
    );
  void load();
  return () => dispose();
};

function listView(root: HTMLElement, ctx: ViewContext): () => void {
  const body = h('div', {}, loading());
  mount(root, [
    pageHeader('触摸查询应用', '查询终端、导航屏上的触摸菜单、办事指南、电价查询和大厅导航；排入播放列表后，访客触摸屏幕即可打开', [
      button('新建触摸查询应用', 'kiosk-app-new', () => ctx.go('#/kiosk/new'), 'primary'),
    ]),
    card(null, body),
  ]);
  const kioskActions = (a: KioskSlide): HTMLElement => {
    const open = () => ctx.go(`#/kiosk/${encodeURIComponent(a.id)}`);
    const locked = contentLock(ctx.user, a);
    return locked ? h('div', { class: 'row-actions' }, [button('查看', 'kiosk-app-view', open), lockNote(locked)]) : button('编辑', 'kiosk-app-edit', open);
  };
  const reload = async () => {
    try {
      const apps = (await api.listSlides()).filter(isKiosk).sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
      mount(body, table(['名称', '状态', '页面数', '更新时间', '操作'], apps.map((a) =>
        h('tr', { 'data-testid': 'kiosk-app-row', 'data-slide-id': a.id }, [
          h('td', { class: 'title-cell' }, h('a', { href: `#/kiosk/${encodeURIComponent(a.id)}` }, a.title)),
          h('td', {}, statusBadge(a.status)),
          h('td', { class: 'num' }, String(a.pages.length)),
          h('td', { class: 'nowrap' }, formatDateTime(a.updatedAt)),
          h('td', {}, kioskActions(a)),
        ])), '还没有触摸查询应用，点击右上角「新建触摸查询应用」开始', 'kiosk-app-table'));
    } catch (err) {
      mount(body, loadError(errorText(err), () => void reload()));
    }
  };
  void reload();
  return ctx.live.onChanged(['slides'], () => void reload());
}

/** A kept draft being restored: its value, and what counts as unchanged (the stored app's form). */
interface Restored { value: KioskDraft; baseline: string }

function editor(root: HTMLElement, ctx: ViewContext, stored: KioskSlide | undefined, slides: Slide[], restored?: Restored): () => void {
  let slide = stored;
  const locked = stored && contentLock(ctx.user, stored);
  const draft: KioskDraft = restored ? structuredClone(restored.value) : slide ? draftFromSlide(slide) : emptyDraft();
  // Page edits mutate `draft` and call `changed()`, some after a dialog: that tells the keeper too.
  let edits: UnsavedEdits | undefined;
  let dispose = (): void => {
    edits?.release();
    preview?.dispose();
  };
  let selected = Math.max(0, draft.pages.findIndex((p) => p.id === draft.home));
  let issues: PathIssue[] = [];
  let parsed: ReturnType<typeof SlideInput.safeParse> | undefined;

  const bind = (el: HTMLInputElement, key: 'title' | 'idleSec' | 'attractText' | 'durationSec') => {
    el.addEventListener('input', () => {
      draft[key] = el.value;
      changed();
    });
    return el;
  };
  const title = bind(h('input', { type: 'text', 'data-testid': 'kiosk-app-title', value: draft.title, maxlength: 100, placeholder: '例如：城东营业厅查询终端' }), 'title');
  const idle = bind(h('input', { type: 'number', 'data-testid': 'kiosk-idle', value: draft.idleSec, min: 10, max: 600, step: 1 }), 'idleSec');
  const attract = bind(h('input', { type: 'text', 'data-testid': 'kiosk-attract', value: draft.attractText, maxlength: 40 }), 'attractText');
  const duration = bind(h('input', { type: 'number', 'data-testid': 'kiosk-duration', value: draft.durationSec, min: 1, max: 3600, step: 1, placeholder: '10' }), 'durationSec');

  const statusSlot = h('span', { 'data-testid': 'kiosk-status' });
  const reviewActions = h('span', { class: 'kiosk-review' });
  const save = h('button', { type: 'button', class: 'btn primary', 'data-testid': 'kiosk-save' }, '保存草稿');
  const saveSubmit = h('button', { type: 'button', class: 'btn', 'data-testid': 'kiosk-save-submit' }, '保存并提交审核');
  const serverError = h('p', { class: 'load-error', role: 'alert', 'data-testid': 'kiosk-server-error', hidden: true });
  const problems = h('ul', { class: 'kiosk-problems', 'data-testid': 'kiosk-problems', 'aria-live': 'polite' });
  const treeSlot = h('div', {});
  const formSlot = h('div', { class: 'kiosk-page-form', 'data-testid': 'kiosk-page-form' });
  const addType = h('select', { 'data-testid': 'kiosk-add-type', 'aria-label': '新页面类型' }, options(Object.entries(KIOSK_PAGE_LABELS) as [string, string][], 'guide'));
  const addPage = button('添加页面', 'kiosk-add-page', () => {
    const type = addType.value as KioskPageType;
    draft.pages.push(emptyPage(type, newPageId(type, draft.pages)));
    selected = draft.pages.length - 1;
    changed();
    renderForm();
  });

  // NOTE: the preview player shares this page's main thread (same-origin iframe); at 1080×1920 on a
  // machine without a GPU it made every keystroke here lag 1–5 s, so it runs only while staff want it.
  let preview: PreviewFrame | undefined;
  let kind: 'kiosk' | 'tv' = 'kiosk';
  const previewSlot = h('div', {});
  const kindButtons = (['kiosk', 'tv'] as const).map((k) =>
    h('button', { type: 'button', class: `btn small${k === kind ? ' active' : ''}`, 'data-testid': `kiosk-preview-${k}`, onclick: () => {
      kind = k;
      preview?.setKind(k);
      for (const b of kindButtons) b.classList.toggle('active', b.dataset.testid === `kiosk-preview-${k}`);
    } }, k === 'kiosk' ? '竖屏 1080×1920' : '横屏电视 1920×1080'),
  );
  const stopPreview = () => {
    preview?.dispose();
    preview = undefined;
    mount(previewSlot, [
      h('p', { class: 'muted' }, '用真实播放器预览未保存的内容；点击预览画面可像访客一样打开菜单、进入页面。'),
      button('开始预览', 'kiosk-preview-start', startPreview, 'primary'),
    ]);
  };
  const startPreview = () => {
    preview = previewFrame({ kind, request: () => (parsed?.success ? { slide: parsed.data } : undefined) });
    mount(previewSlot, [preview.el, button('关闭预览', 'kiosk-preview-stop', stopPreview)]);
  };
  stopPreview();

  function renderStatus(): void {
    mount(statusSlot, slide ? statusBadge(slide.status) : h('span', { class: 'badge badge-grey' }, '未保存'));
    const acts: HTMLElement[] = [];
    if (locked) return mount(reviewActions, acts);
    if (slide?.status === 'draft') {
      const b = button('提交审核', 'kiosk-submit', () => void withBusy(b, async () => {
        slide = (await api.submitSlide(slide!.id)) as KioskSlide;
        toast('已提交审核');
        renderStatus();
      }));
      acts.push(b);
    }
    if (slide && slide.status !== 'approved' && can(ctx.user, 'approve')) {
      const b = button('审核通过', 'kiosk-approve', () => void withBusy(b, async () => {
        slide = (await api.approveSlide(slide!.id)) as KioskSlide;
        toast('已审核通过');
        renderStatus();
      }), 'primary');
      acts.push(b);
    }
    mount(reviewActions, acts);
  }

  function changed(): void {
    serverError.hidden = true;
    parsed = SlideInput.safeParse(draftToInput(draft));
    issues = parsed.success ? [] : parsed.error.issues;
    const grouped = issuesByPage(issues);
    mount(treeSlot, treePanel({ draft, selected, problems: grouped.pages, onSelect: (i) => { selected = i; changed(); renderForm(); } }));
    mount(problems, issues.map((i) => h('li', { 'data-testid': 'kiosk-problem' }, issueLine(i, draft.pages))));
    problems.hidden = issues.length === 0;
    placeVisible();
    preview?.update();
    edits?.changed();
  }

  function renderForm(): void {
    const page = draft.pages[selected];
    if (!page) return mount(formSlot, h('p', { class: 'muted' }, '请选择左侧的页面'));
    const p = `pages.${selected}`;
    const pageTitle = h('input', { type: 'text', 'data-testid': 'kiosk-page-title', value: page.title, maxlength: 40 });
    pageTitle.addEventListener('input', () => {
      page.title = pageTitle.value;
      changed();
    });
    const isHome = page.id === draft.home;
    const setHome = button('设为首页', 'kiosk-set-home', () => {
      draft.home = page.id;
      changed();
      renderForm();
    });
    setHome.disabled = isHome;
    const del = button('删除页面', 'kiosk-delete-page', async () => {
      if (isHome) return toast('首页不能删除，请先把另一个页面设为首页', 'error');
      const links = linksTo(draft.pages, page.id);
      if (links.length) {
        const where = links.map((l) => `页面「${l.pageTitle}」的按钮「${l.tileLabel}」`).join('、');
        return toast(`不能删除「${page.title || page.id}」：${where}链接到这里，请先修改这些按钮`, 'error');
      }
      if (!(await confirmDialog(`删除页面「${page.title || page.id}」？保存后才会生效。`))) return;
      draft.pages.splice(draft.pages.indexOf(page), 1);
      selected = Math.max(0, draft.pages.findIndex((x) => x.id === draft.home));
      changed();
      renderForm();
    }, 'danger-text');
    mount(formSlot, [
      h('div', { class: 'kiosk-page-head' }, [
        h('span', { class: 'badge badge-blue', 'data-testid': 'kiosk-page-type' }, KIOSK_PAGE_LABELS[page.type]),
        h('code', { class: 'muted', 'data-testid': 'kiosk-page-id' }, page.id),
        isHome && h('span', { class: 'badge badge-green' }, '首页'),
        h('span', { class: 'spacer' }),
        setHome,
        del,
      ]),
      h('div', { class: 'form-grid' }, [
        field('页面标题', pageTitle, { path: `${p}.title`, wide: true, required: true }),
        ...pageFields({ page, index: selected, pages: draft.pages, slides, changed, rebuild: renderForm }),
        errorSlot(p),
      ]),
    ]);
    placeVisible();
  }

  /** The app's issues and the open page's beside their fields; other pages' show in the tree and the list. */
  function placeVisible(): void {
    placeIssues(root, issues.filter((i) => i.path[0] !== 'pages' || i.path[1] === selected));
  }

  const doSave = (b: HTMLButtonElement, thenSubmit: boolean) => {
    changed();
    if (!parsed?.success) {
      const first = issuesByPage(issues).pages.keys().next();
      if (!first.done) {
        selected = first.value;
        changed();
        renderForm();
      }
      toast('请按提示修改后再保存', 'error');
      return;
    }
    const input = parsed.data;
    void withBusy(b, async () => {
      try {
        slide = (slide ? await api.updateSlide(slide.id, input) : await api.createSlide(input)) as KioskSlide;
        if (thenSubmit) slide = (await api.submitSlide(slide.id)) as KioskSlide;
      } catch (err) {
        if (err instanceof ApiError) {
          serverError.textContent = `服务器拒绝保存：${err.message}`;
          serverError.hidden = false;
        }
        throw err;
      }
      history.replaceState(null, '', `#/kiosk/${encodeURIComponent(slide.id)}`);
      // Staff stay on the page after saving: what is stored now is the new "unchanged".
      if (edits) {
        edits.saved();
        edits.release();
        edits.bar.hidden = true;
      }
      edits = track(JSON.stringify(draft));
      toast(thenSubmit ? '已保存并提交审核' : '已保存为草稿');
      renderStatus();
    });
  };
  save.onclick = () => doSave(save, false);
  saveSubmit.onclick = () => doSave(saveSubmit, true);

  // The events the keeper listens to stay inside this view (root outlives it).
  const form = h('div', { class: 'kiosk-app-form', 'data-testid': 'kiosk-app-form' });
  mount(root, form);
  mount(form, [
    pageHeader(locked ? '查看触摸查询应用' : slide ? '编辑触摸查询应用' : '新建触摸查询应用', '左侧是访客从首页点进去的页面结构；选中页面在中间编辑，右侧预览可直接点击', [
      statusSlot, reviewActions, h('a', { href: '#/kiosk', class: 'btn ghost', 'data-testid': 'kiosk-back' }, '返回列表'), ...(locked ? [] : [saveSubmit, save]),
    ]),
    locked && lockBar(locked),
    slide?.status === 'approved' && h('p', { class: 'notice-bar' }, '这个应用已通过审核。保存修改后会回到草稿，需要重新审核才会继续上屏。'),
    serverError,
    card('应用设置', lockable(locked, h('div', { class: 'form-grid four' }, [
      field('名称', title, { path: 'title', required: true }),
      field('无操作返回（秒）', idle, { path: 'idleMs', hint: '至少 10 秒；到时回到轮播画面' }),
      field('待机提示文字', attract, { path: 'attractText' }),
      field('轮播中停留（秒）', duration, { path: 'durationMs', hint: '留空默认 10 秒' }),
      errorSlot('home'),
      errorSlot(''),
    ]))),
    problems,
    h('div', { class: 'kiosk-editor' }, [
      card('页面结构', [treeSlot, lockable(locked, h('div', { class: 'kiosk-add' }, [addType, addPage]))]),
      card('页面内容', lockable(locked, formSlot)),
      h('aside', { class: 'preview-aside kiosk-preview' }, card('预览（可点击）', [h('div', { class: 'kiosk-preview-kinds' }, kindButtons), previewSlot])),
    ]),
  ]);
  renderStatus();
  changed();
  renderForm();

  function track(baseline: string | undefined): UnsavedEdits {
    return keepUnsaved<KioskDraft>({
      prefix: 'kiosk', key: `kiosk:${slide?.id ?? 'new'}`, form, baseline,
      read: () => draft,
      restore: (value, initial) => {
        const mine = dispose;
        mine();
        dispose = editor(root, ctx, slide, slides, { value, baseline: initial });
      },
    });
  }
  // Made after the first render, so "unchanged" is the draft as the form shows it.
  edits = track(restored?.baseline);
  form.prepend(edits.bar);
  return () => dispose();
}
