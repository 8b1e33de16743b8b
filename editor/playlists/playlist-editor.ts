/**
 * 新建 / 编辑播放列表: name, slides in order (drag with sortablejs, or the ↑ ↓ buttons for keyboard and
 * screen-reader users), per-item duration overrides in seconds. Validated with `PlaylistInput`.
 */
import Sortable from 'sortablejs';
import { keepUnsaved } from '../forms/unsaved-edits';
import { DEFAULT_SLIDE_MS, PlaylistInput, SLIDE_TYPE_LABELS, type Playlist, type Slide } from '../../content/model';
import { api } from '../api';
import type { View } from '../context';
import { h, mount } from '../ui/dom';
import { previewFrame } from '../ui/preview-frame';
import { errorText, toast, withBusy } from '../ui/feedback';
import { errorSlot, field, showIssues } from '../ui/fields';
import { REVIEW_LABELS } from '../ui/labels';
import { card, loadError, loading, pageHeader } from '../ui/page';
import { formatDuration, secondsToMs } from '../time/time-format';
import { statusBadge } from '../slides/slides';
import { mediaDrop } from './media-drop';
import { contentLock, lockBar, lockable } from '../access/content-lock';

/** An item being edited: seconds stay text so a bad entry is reported, not silently dropped. */
interface Row { slideId: string; seconds: string }

/** A stored playlist as the form reads it (the shape `keepUnsaved` compares). */
const formValue = (p: Pick<Playlist, 'name' | 'items'>): { name: string; items: Row[] } => ({
  name: p.name,
  items: p.items.map((i) => ({ slideId: i.slideId, seconds: i.durationMs ? String(i.durationMs / 1000) : '' })),
});

export const playlistEditorView: View = (root, ctx, [idParam = 'new']) => {
  let sortable: Sortable | undefined;
  let offChanged = () => {};
  let disposePreview = () => {};
  let releaseEdits = () => {};
  const cleanup = () => {
    sortable?.destroy();
    offChanged();
    disposePreview();
    releaseEdits();
  };
  mount(root, loading());

  const load = async () => {
    try {
      const [slides, playlists] = await Promise.all([api.listSlides(), idParam === 'new' ? [] : api.listPlaylists()]);
      const playlist = playlists.find((p) => p.id === idParam);
      if (!root.isConnected) return;
      if (idParam !== 'new' && !playlist) mount(root, loadError('这个播放列表不存在，可能已被删除', () => ctx.go('#/playlists')));
      else build(slides, playlist);
    } catch (err) {
      mount(root, loadError(errorText(err), () => void load()));
    }
  };
  void load();

  /** `source` is what the fields show (the stored list, or it with a restored draft); `baseline` what "unchanged" is. */
  function build(initialSlides: Slide[], playlist: Playlist | undefined, source: { name: string; items: Row[] } | undefined = undefined, baseline?: string): void {
    cleanup();
    let slides = new Map(initialSlides.map((s) => [s.id, s]));
    const rows: Row[] = (source ?? (playlist ? formValue(playlist) : { items: [] })).items.map((r) => ({ ...r }));
    const name = h('input', { type: 'text', 'data-testid': 'playlist-name', value: source?.name ?? playlist?.name ?? '', placeholder: '例如：业务待办区日常轮播' });
    const picker = h('select', { 'data-testid': 'playlist-add-slide', 'aria-label': '选择要加入的幻灯片' });
    const add = h('button', { type: 'button', class: 'btn', 'data-testid': 'playlist-add-button' }, '加入列表');
    const list = h('ol', { class: 'playlist-items', 'data-testid': 'playlist-items' });
    const total = h('p', { class: 'muted', 'data-testid': 'playlist-total' });
    const announcer = h('p', { class: 'visually-hidden', 'aria-live': 'polite' });

    const fillPicker = () => {
      const all = [...slides.values()].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
      const opt = (s: Slide) => h('option', { value: s.id }, `${s.title}（${SLIDE_TYPE_LABELS[s.type]} · ${REVIEW_LABELS[s.status]}）`);
      const approved = all.filter((s) => s.status === 'approved');
      const others = all.filter((s) => s.status !== 'approved');
      const keep = picker.value;
      mount(picker, [
        h('option', { value: '' }, all.length ? '— 选择幻灯片 —' : '还没有幻灯片'),
        approved.length && h('optgroup', { label: '已通过审核' }, approved.map(opt)),
        others.length && h('optgroup', { label: '未通过审核（不会上屏）' }, others.map(opt)),
      ]);
      picker.value = keep && slides.has(keep) ? keep : '';
    };

    const move = (from: number, to: number, focus?: string) => {
      if (to < 0 || to >= rows.length || from === to) return;
      const [row] = rows.splice(from, 1);
      if (row) rows.splice(to, 0, row);
      render();
      announcer.textContent = `已移到第 ${to + 1} 位`;
      if (focus) list.children[to]?.querySelector<HTMLElement>(`[data-testid="${focus}"]`)?.focus();
    };

    const itemEl = (row: Row, i: number): HTMLLIElement => {
      const slide = slides.get(row.slideId);
      const seconds = h('input', {
        type: 'number', min: 1, step: 1, class: 'seconds', 'data-testid': 'playlist-item-duration', value: row.seconds,
        placeholder: String((slide?.durationMs ?? DEFAULT_SLIDE_MS) / 1000), 'aria-label': '本项播放时长（秒）',
        oninput: () => { row.seconds = seconds.value; renderTotal(); },
      });
      const btn = (label: string, testid: string, aria: string, onclick: () => void, disabled = false) =>
        h('button', { type: 'button', class: 'icon-btn', 'data-testid': testid, 'aria-label': aria, title: aria, disabled, onclick }, label);
      return h('li', { class: 'playlist-item', 'data-testid': 'playlist-item', 'data-slide-id': row.slideId }, [
        h('span', { class: 'drag-handle', 'aria-hidden': 'true', title: '拖动排序' }, '⠿'),
        h('span', { class: 'index' }, String(i + 1)),
        h('span', { class: 'item-title' }, [
          slide ? slide.title : h('em', { class: 'muted' }, '（幻灯片已删除）'),
          slide && h('small', { class: 'muted' }, SLIDE_TYPE_LABELS[slide.type]),
        ]),
        slide && statusBadge(slide.status),
        h('label', { class: 'inline' }, [seconds, '秒']),
        btn('↑', 'playlist-item-up', `上移第 ${i + 1} 项`, () => move(i, i - 1, 'playlist-item-up'), i === 0),
        btn('↓', 'playlist-item-down', `下移第 ${i + 1} 项`, () => move(i, i + 1, 'playlist-item-down'), i === rows.length - 1),
        btn('×', 'playlist-item-remove', `移除第 ${i + 1} 项`, () => { rows.splice(i, 1); render(); announcer.textContent = '已移除'; }),
      ]);
    };

    const renderTotal = () => {
      const ms = rows.reduce((sum, r) => sum + (secondsToMs(r.seconds) || slides.get(r.slideId)?.durationMs || DEFAULT_SLIDE_MS), 0);
      total.textContent = rows.length ? `共 ${rows.length} 项，一轮约 ${formatDuration(ms)}` : '列表为空：从上方选择幻灯片加入';
    };
    // The list as it stands (unsaved order included) on the real player, at the chosen screen size.
    // Started on demand: a software-rendered player is not free, and most edits are reorders.
    let preview: ReturnType<typeof previewFrame> | undefined;
    const previewSlot = h('div', {}, [
      h('button', { type: 'button', class: 'btn', 'data-testid': 'playlist-preview-open', onclick: () => {
        preview = previewFrame({ pickKind: true, request: () => (rows.length ? { slideIds: rows.map((r) => r.slideId) } : undefined) });
        disposePreview = () => preview?.dispose();
        mount(previewSlot, preview.el);
        preview.update();
      } }, '在播放器中预览'),
    ]);
    const render = () => {
      mount(list, rows.map(itemEl));
      renderTotal();
      preview?.update();
    };

    add.onclick = () => {
      if (!picker.value) {
        picker.focus();
        return;
      }
      rows.push({ slideId: picker.value, seconds: '' });
      render();
      announcer.textContent = `已加入第 ${rows.length} 项`;
    };
    // Sortable moves DOM nodes itself; we mirror the move into `rows` and re-render from state.
    sortable = Sortable.create(list, {
      handle: '.drag-handle', animation: 150, ghostClass: 'dragging',
      onEnd: (e) => {
        if (e.oldIndex !== undefined && e.newIndex !== undefined) move(e.oldIndex, e.newIndex);
        edits.changed();
      },
    });
    offChanged = ctx.live.onChanged(['slides'], () => {
      api.listSlides().then((all) => { slides = new Map(all.map((s) => [s.id, s])); fillPicker(); render(); }, () => {});
    });

    const save = h('button', { type: 'submit', class: 'btn primary', 'data-testid': 'playlist-save' }, '保存');
    const cancel = h('a', { href: '#/playlists', class: 'btn ghost', 'data-testid': 'playlist-cancel' }, '取消');
    // A playlist the user may not change opens read-only; the preview still plays it.
    const locked = playlist && contentLock(ctx.user, playlist);
    if (locked) sortable.option('disabled', true);
    const form = h('form', { novalidate: true }, [
      locked && lockBar(locked),
      lockable(locked, card('基本信息', h('div', { class: 'form-grid' }, field('名称', name, { path: 'name', required: true })))),
      lockable(locked, card('播放内容', [
        h('div', { class: 'add-row' }, [picker, add]),
        // The server appends dropped media itself and answers with the stored list: that becomes the
        // form's "unchanged", so the rows it added are not unsaved; edits typed before the drop still are.
        !locked && playlist && mediaDrop(playlist.id, (made, stored) => {
          for (const s of made) slides.set(s.id, s);
          const added = made.map((s) => ({ slideId: s.id, seconds: '' }));
          build([...slides.values()], stored, { name: name.value, items: [...rows, ...added] }, JSON.stringify(formValue(stored)));
        }),
        list,
        total,
        announcer,
        errorSlot('items'),
      ])),
      card('预览', previewSlot),
      errorSlot(''),
      h('div', { class: 'form-actions' }, locked ? [cancel] : [cancel, save]),
    ]);
    const edits = keepUnsaved({
      prefix: 'playlist', key: `playlist:${playlist?.id ?? 'new'}`, form, cancel, baseline,
      read: () => ({ name: name.value, items: rows.map((r) => ({ ...r })) }),
      restore: (value, initial) => build([...slides.values()], playlist, value, initial),
    });
    form.prepend(edits.bar);
    releaseEdits = edits.release;
    // A rebuilt form (a restored draft, a drop) brings the kept draft in step with what it shows.
    if (baseline !== undefined) edits.changed();
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const parsed = PlaylistInput.safeParse({
        name: name.value,
        items: rows.map((r) => ({ slideId: r.slideId, durationMs: secondsToMs(r.seconds) })),
      });
      if (!parsed.success) {
        showIssues(form, parsed.error.issues);
        toast('请按提示修改后再保存', 'error');
        return;
      }
      void withBusy(save, async () => {
        if (playlist) await api.updatePlaylist(playlist.id, parsed.data);
        else await api.createPlaylist(parsed.data);
        edits.saved();
        toast('播放列表已保存');
        ctx.go('#/playlists');
      });
    });

    fillPicker();
    render();
    mount(root, [pageHeader(locked ? '查看播放列表' : playlist ? '编辑播放列表' : '新建播放列表', '拖动 ⠿ 或使用 ↑ ↓ 调整顺序；时长留空则用幻灯片自身时长'), form]);
    name.focus();
  }

  return cleanup;
};
