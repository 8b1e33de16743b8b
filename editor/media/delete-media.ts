/**
 * 删除素材 asks with the facts: a file still shown by slides (and so by the playlists and kiosk apps
 * that hold them) is named in the dialog with links to go there, before anyone confirms — the server
 * would refuse the delete anyway, and "此操作不可撤销" followed by "still in use" wastes a click.
 */
import type { Playlist } from '../../content/model';
import { api, type MediaUser, type MediaView } from '../api';
import { confirmDialog, openDialog } from '../ui/dialog';
import { h } from '../ui/dom';

/** One place that shows the file: the slide (or kiosk app) with the playlists that play it. */
export interface MediaUse { label: string; href: string; playlists: { label: string; href: string }[] }

/** Where the slides in `usedBy` are used, as labelled links. */
export function mediaUses(usedBy: readonly MediaUser[], playlists: readonly Playlist[]): MediaUse[] {
  return usedBy.map((s) => ({
    label: s.type === 'kioskApp' ? `触摸查询应用「${s.title}」` : `幻灯片「${s.title}」`,
    href: s.type === 'kioskApp' ? `#/kiosk/${encodeURIComponent(s.id)}` : `#/slides/${encodeURIComponent(s.id)}`,
    playlists: playlists
      .filter((p) => p.items.some((i) => i.slideId === s.id))
      .map((p) => ({ label: `播放列表「${p.name}」`, href: `#/playlists/${encodeURIComponent(p.id)}` })),
  }));
}

/** Resolves true when the file may be deleted and the person confirmed; in use = a dialog naming where, no delete. */
export async function confirmDeleteMedia(m: MediaView): Promise<boolean> {
  // Asked afresh: a slide may have started or stopped using the file since the grid loaded.
  const usedBy = (await api.getMedia(m.id).catch(() => m)).usedBy ?? [];
  if (usedBy.length === 0) return confirmDialog(`删除「${m.name}」？屏幕上已缓存的副本会在下次更新时清理。此操作不可撤销。`);
  const playlists = (await api.listPlaylists().catch(() => undefined)) ?? [];
  const link = (l: { label: string; href: string }) => h('a', { href: l.href, onclick: () => close() }, l.label);
  const close = openDialog('素材仍在使用', [
    h('p', {}, `「${m.name}」仍在以下位置显示，请先在那里更换或移除后再删除：`),
    h('ul', { 'data-testid': 'media-delete-users' }, mediaUses(usedBy, playlists).map((u) =>
      h('li', {}, [link(u), u.playlists.length > 0 && h('span', { class: 'muted' }, ['（在 ', ...u.playlists.flatMap((p, i) => [i > 0 ? '、' : '', link(p)]), ' 中播放）'])]),
    )),
    h('div', { class: 'actions' }, h('button', { type: 'button', class: 'btn', 'data-testid': 'confirm-cancel', onclick: () => close() }, '知道了')),
  ], { testid: 'media-delete-in-use' });
  return false;
}
