/**
 * A layout picker for schedules and screens: '' means "no layout of its own" (`emptyLabel` says what
 * then applies), then every layout with its screen kind. It starts with only the stored choice, so a
 * save before the list arrives keeps it; a layout of another kind is marked, not hidden.
 */
import { SCREEN_KIND_LABELS, type Layout, type ScreenKind } from '../../content/model';
import { api, isMissingEndpoint } from '../api';
import { h } from '../ui/dom';

export interface LayoutSelect {
  select: HTMLSelectElement;
  /** The chosen id, or undefined for none. */
  read(): string | undefined;
  /** Marks layouts made for another screen kind (the screen form follows its kind picker). */
  setKind(kind: ScreenKind | undefined): void;
}

/** Builds the picker; `testid` names it for the e2e specs. */
export function layoutSelect(selected: string | undefined, emptyLabel: string, testid: string): LayoutSelect {
  const select = h('select', { 'data-testid': testid });
  let layouts: Layout[] | undefined;
  let kind: ScreenKind | undefined;
  const fill = (keep: string) => {
    const opts = [h('option', { value: '' }, emptyLabel)];
    for (const l of [...(layouts ?? [])].sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'))) {
      const other = kind && l.kind !== kind ? '，非本类屏幕' : '';
      opts.push(h('option', { value: l.id }, `${l.name}（${SCREEN_KIND_LABELS[l.kind]}${other}）`));
    }
    if (keep && !layouts?.some((l) => l.id === keep)) opts.push(h('option', { value: keep }, layouts ? '（布局已删除）' : '（当前布局）'));
    select.replaceChildren(...opts);
    select.value = keep;
  };
  fill(selected ?? '');
  api.listLayouts().then((ls) => {
    layouts = ls;
    fill(select.value);
  }, (err: unknown) => {
    // An older server without layouts: the picker stays with the stored choice only.
    if (!isMissingEndpoint(err)) console.error('[layouts]', err);
  });
  return {
    select,
    read: () => select.value || undefined,
    setKind(k) {
      kind = k;
      fill(select.value);
    },
  };
}
