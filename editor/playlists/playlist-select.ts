/**
 * A playlist picker for default content (营业厅 / 区域 / 本屏): an empty first option that means "not
 * set", then every playlist by name. A stored id whose playlist is gone stays selectable, named as
 * such, so refreshing the list never silently changes what a form would save.
 */
import type { Playlist } from '../../content/model';
import { h } from '../ui/dom';

const GONE = '（播放列表已删除）';

/**
 * `<select>` with `emptyLabel` for ''; `attrs` carries the testid and data attributes. `unknownLabel`
 * names a selected id the list lacks (say 正在加载… while the list is still on its way).
 */
export function playlistSelect(
  playlists: readonly Playlist[], selected: string | undefined, emptyLabel: string, attrs: Record<string, string>, unknownLabel = GONE,
): HTMLSelectElement {
  const select = h('select', attrs);
  fillPlaylistSelect(select, playlists, emptyLabel, selected ?? '', unknownLabel);
  return select;
}

/** Replaces the options, keeping `keep` (default: the current value) selected. */
export function fillPlaylistSelect(
  select: HTMLSelectElement, playlists: readonly Playlist[], emptyLabel: string, keep = select.value, unknownLabel = GONE,
): void {
  const sorted = [...playlists].sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
  const opts = [
    h('option', { value: '' }, emptyLabel),
    ...sorted.map((p) => h('option', { value: p.id }, p.items.length ? p.name : `${p.name}（空列表）`)),
  ];
  if (keep && !playlists.some((p) => p.id === keep)) opts.push(h('option', { value: keep }, unknownLabel));
  select.replaceChildren(...opts);
  select.value = keep;
}

/** The name of a playlist, or undefined when the list does not have it. */
export function playlistName(playlists: readonly Playlist[], id: string | undefined): string | undefined {
  return id ? playlists.find((p) => p.id === id)?.name : undefined;
}
