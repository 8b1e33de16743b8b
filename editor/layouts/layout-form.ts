/**
 * 新建 / 编辑布局 (`#/layouts/new?template=tvMain`, `#/layouts/<id>`): name, screen kind, and the zones,
 * edited both as numbers (zone cards) and by dragging on the to-scale canvas; the real player previews
 * the unsaved layout. Validated with content's `LayoutInput`; its issues show beside the fields.
 */
import { LayoutInput, SCREEN_KIND_LABELS, type Layout, type Playlist, type ScreenKind } from '../../content/model';
import { LAYOUT_TEMPLATES } from '../../content/layout-templates';
import { api, isMissingEndpoint, type LayoutTemplateView } from '../api';
import { keepUnsaved } from '../forms/unsaved-edits';
import type { View } from '../context';
import { h, mount, options } from '../ui/dom';
import { errorText, toast, withBusy } from '../ui/feedback';
import { clearIssues, errorSlot, field, showIssues } from '../ui/fields';
import { labelPairs } from '../ui/labels';
import { layoutCanvas, type DraftZone } from './layout-canvas';
import { defaultContent, zoneFields, type ZoneFields } from './layout-zone-fields';
import { contentLock, lockForm } from '../access/content-lock';
import { button, card, loadError, loading, pageHeader } from '../ui/page';
import { previewFrame } from '../ui/preview-frame';

const MAX_ZONES = 8;

/** A layout being edited: LayoutInput's shape before validation. */
interface Draft { name: string; kind: ScreenKind; template?: Layout['template']; zones: DraftZone[] }

/** The server's templates; the built-in list when the server has no such route yet. */
export async function loadTemplates(): Promise<LayoutTemplateView[]> {
  try {
    return await api.layoutTemplates();
  } catch (err) {
    if (!isMissingEndpoint(err)) throw err;
    return LAYOUT_TEMPLATES.map((t) => ({ id: t.id, label: t.label, kind: t.kind, layout: t.build() }));
  }
}

/** A zone id not used yet: `zone-2`, `zone-3`… */
function freeId(zones: readonly DraftZone[]): string {
  for (let n = zones.length + 1; ; n++) if (!zones.some((z) => z.id === `zone-${n}`)) return `zone-${n}`;
}

/** Schema words that name JSON rather than what staff see. */
function friendly(issues: readonly { path: PropertyKey[]; message: string; code: string }[]) {
  return issues.map((i) => {
    const last = i.path[i.path.length - 1];
    if (last === 'playlistId') return { ...i, message: '请选择播放列表' };
    if ((last === 'x' || last === 'y' || last === 'w' || last === 'h') && i.code !== 'custom') return { ...i, message: '请输入 0–100 之间的数' };
    return i;
  });
}

export const layoutFormView: View = (root, ctx, [idParam = 'new'], query) => {
  let dispose = () => {};
  mount(root, loading());
  const load = async () => {
    try {
      const [layouts, playlists, templates] = await Promise.all([
        idParam === 'new' ? [] : api.listLayouts(), api.listPlaylists(), idParam === 'new' ? loadTemplates() : [],
      ]);
      if (!root.isConnected) return;
      if (idParam === 'new') {
        const t = templates.find((x) => x.id === query.get('template')) ?? templates[0];
        if (!t) return mount(root, loadError('没有可用的布局模板', () => ctx.go('#/layouts')));
        build(undefined, structuredClone(t.layout) as Draft, playlists);
      } else {
        const layout = layouts.find((l) => l.id === idParam);
        if (!layout) mount(root, loadError('这个布局不存在，可能已被删除', () => ctx.go('#/layouts')));
        else build(layout, structuredClone({ name: layout.name, kind: layout.kind, template: layout.template, zones: layout.zones }) as Draft, playlists);
      }
    } catch (err) {
      mount(root, loadError(errorText(err), () => void load()));
    }
  };
  void load();

  /** `baseline` is what "unchanged" is when `draft` holds a restored local draft. */
  function build(layout: Layout | undefined, draft: Draft, playlists: Playlist[], baseline?: string): void {
    dispose();
    let selected = 0;
    let cards: ZoneFields[] = [];
    const name = h('input', { type: 'text', 'data-testid': 'layout-name', value: draft.name, maxlength: 100 });
    const kind = h('select', { 'data-testid': 'layout-kind' }, options(labelPairs(SCREEN_KIND_LABELS), draft.kind));
    const zoneList = h('div', { class: 'zone-list', 'data-testid': 'layout-zones' });
    const addZone = button('添加区域', 'layout-zone-add', () => {
      if (draft.zones.length >= MAX_ZONES) return toast(`一个布局至多 ${MAX_ZONES} 个区域`, 'error');
      draft.zones.push({ id: freeId(draft.zones), name: '新区域', x: 0.05, y: 0.05, w: 0.3, h: 0.3, content: defaultContent('playlist') });
      selected = draft.zones.length - 1;
      renderZones();
      changed();
    });

    const parse = () => LayoutInput.safeParse({ ...draft, name: name.value });
    const preview = previewFrame({
      kind: draft.kind,
      request: () => {
        const parsed = parse();
        return parsed.success ? { layout: parsed.data, kind: parsed.data.kind } : undefined;
      },
    });
    // Canvas drags change `draft` without form events: they tell the unsaved-edits keeper too.
    const changed = () => {
      preview.update();
      edits?.changed();
    };
    let edits: ReturnType<typeof keepUnsaved> | undefined;

    const canvas = layoutCanvas({
      kind: () => draft.kind,
      zones: () => draft.zones,
      selected: () => selected,
      onSelect: (i) => {
        if (i === selected) return;
        selected = i;
        renderZones();
      },
      onRect: (i, rect) => {
        Object.assign(draft.zones[i]!, rect);
        cards[i]?.syncRect();
        changed();
      },
    });

    function renderZones(): void {
      cards = draft.zones.map((zone, index) => zoneFields({
        zone, index, playlists, selected: index === selected, canRemove: draft.zones.length > 1,
        onSelect: () => {
          if (selected === index) return;
          selected = index;
          canvas.render();
          for (const [n, c] of cards.entries()) c.el.classList.toggle('selected', n === index);
        },
        onEdit: () => {
          canvas.render();
          changed();
        },
        onRect: () => {
          canvas.place(index);
          changed();
        },
        onRemove: () => {
          draft.zones.splice(index, 1);
          selected = Math.min(selected, draft.zones.length - 1);
          renderZones();
          changed();
        },
      }));
      mount(zoneList, cards.map((c) => c.el));
      addZone.disabled = draft.zones.length >= MAX_ZONES;
      canvas.render();
    }

    name.oninput = () => changed();
    kind.onchange = () => {
      draft.kind = kind.value as ScreenKind;
      canvas.render();
      preview.setKind(draft.kind);
    };

    const save = h('button', { type: 'submit', class: 'btn primary', 'data-testid': 'layout-save' }, '保存布局');
    const cancel = h('a', { href: '#/layouts', class: 'btn ghost', 'data-testid': 'layout-cancel' }, '取消');
    const form = h('form', { class: 'layout-form', novalidate: true }, [
      card('基本信息', h('div', { class: 'form-grid' }, [
        field('布局名称', name, { path: 'name', required: true }),
        field('屏幕类型', kind, { path: 'kind', hint: '画布和预览按这类屏幕的分辨率显示' }),
      ])),
      card('区域', [
        canvas.el,
        errorSlot('zones'),
        zoneList,
        h('div', { class: 'form-actions start' }, addZone),
      ]),
      errorSlot(''),
      h('div', { class: 'form-actions' }, [cancel, save]),
    ]);
    edits = keepUnsaved({
      prefix: 'layout', key: `layout:${layout?.id ?? `new:${draft.template ?? ''}`}`, form, cancel, baseline,
      read: () => ({ ...draft, name: name.value }),
      restore: (value, initial) => build(layout, structuredClone(value), playlists, initial),
    });
    const locked = layout && contentLock(ctx.user, layout);
    if (locked) lockForm(form, locked);
    form.prepend(edits.bar);
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const parsed = parse();
      if (!parsed.success) {
        showIssues(form, friendly(parsed.error.issues) as typeof parsed.error.issues);
        toast('请按提示修改后再保存', 'error');
        return;
      }
      clearIssues(form);
      void withBusy(save, async () => {
        if (layout) await api.updateLayout(layout.id, parsed.data);
        else await api.createLayout(parsed.data);
        edits?.saved();
        toast('布局已保存');
        ctx.go('#/layouts');
      });
    });
    dispose = () => {
      edits?.release();
      preview.dispose();
      canvas.dispose();
    };

    mount(root, [
      pageHeader(locked ? '查看布局' : layout ? '编辑布局' : '新建布局', layout ? layout.name : '调整区域后保存；排期或屏幕可以选用这个布局'),
      h('div', { class: 'with-preview' }, [form, h('aside', { class: 'preview-aside' }, card('实时预览', preview.el))]),
    ]);
    renderZones();
    name.focus();
  }
  return () => dispose();
};
