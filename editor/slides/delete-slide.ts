/**
 * 删除幻灯片 asks with the facts: where the slide is used (playlists, kiosk apps) with links to go
 * there, before anyone confirms — not "此操作不可撤销" first and "still in use" after.
 */
import type { Playlist, Slide } from '../../content/model';
import { kioskSlideRefs } from '../../content/kiosk-model';
import { api } from '../api';
import { confirmDialog, openDialog } from '../ui/dialog';
import { h } from '../ui/dom';

/** Where `slide` is used, as labelled links. */
export function slideUsers(slide: Slide, playlists: readonly Playlist[], slides: readonly Slide[]): { label: string; href: string }[] {
  return [
    ...playlists.filter((p) => p.items.some((i) => i.slideId === slide.id)).map((p) => ({ label: `播放列表「${p.name}」`, href: `#/playlists/${encodeURIComponent(p.id)}` })),
    ...slides.filter((s) => s.type === 'kioskApp' && kioskSlideRefs(s.pages).includes(slide.id)).map((s) => ({ label: `触摸查询应用「${s.title}」`, href: `#/kiosk/${encodeURIComponent(s.id)}` })),
  ];
}

/** Resolves true when the slide may be deleted and the person confirmed; in use = a dialog naming where, no delete. */
export async function confirmDeleteSlide(slide: Slide, slides: readonly Slide[]): Promise<boolean> {
  const playlists = await api.listPlaylists().catch(() => undefined);
  const users = playlists ? slideUsers(slide, playlists, slides) : [];
  if (users.length === 0) return confirmDialog(`删除幻灯片「${slide.title}」？此操作不可撤销。`);
  const close = openDialog('幻灯片仍在使用', [
    h('p', {}, `「${slide.title}」仍在以下位置使用，请先在那里移除后再删除：`),
    h('ul', { 'data-testid': 'slide-delete-users' }, users.map((u) => h('li', {}, h('a', { href: u.href, onclick: () => close() }, u.label)))),
    h('div', { class: 'actions' }, h('button', { type: 'button', class: 'btn', 'data-testid': 'confirm-cancel', onclick: () => close() }, '知道了')),
  ], { testid: 'slide-delete-in-use' });
  return false;
}
