/**
 * 屏幕墙: every screen as a live card, grouped by hall and then by area (in the order a visitor walks
 * through a hall: 引导区 first). The cards are built once per list load and repainted in place.
 */
import { AREA_LABELS, type Area, type Hall } from '../../content/model';
import type { ScreenView } from '../api';
import { h } from '../ui/dom';
import type { StatusCard } from './screen-status-card';

/** The wall's element and its cards by screen id (for in-place repaints). */
export interface Wall { el: HTMLElement; cards: Map<string, StatusCard> }

export function buildWall(screens: readonly ScreenView[], halls: readonly Hall[], makeCard: (s: ScreenView) => StatusCard): Wall {
  const cards = new Map<string, StatusCard>();
  const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name, 'zh-CN');
  const known = new Set(halls.map((x) => x.id));
  // A screen whose hall was removed under us still belongs on the wall.
  const orphans = screens.filter((s) => !known.has(s.hallId));
  const groups: { title: string; hallId: string; screens: readonly ScreenView[] }[] = [
    ...[...halls].sort(byName).map((hall) => ({ title: hall.name, hallId: hall.id, screens: screens.filter((s) => s.hallId === hall.id) })),
    { title: '未知营业厅', hallId: '', screens: orphans },
  ].filter((g) => g.screens.length > 0);

  const sections = groups.map((g) =>
    h('section', { class: 'wall-hall', 'data-testid': 'wall-hall', 'data-hall-id': g.hallId }, [
      h('h2', { class: 'wall-hall-title' }, [g.title, h('span', { class: 'muted' }, ` · ${g.screens.length} 块屏幕`)]),
      h('div', { class: 'wall-areas' }, (Object.keys(AREA_LABELS) as Area[]).map((area) => {
        const inArea = g.screens.filter((s) => s.area === area).sort(byName);
        if (!inArea.length) return null;
        return h('div', { class: 'wall-area', 'data-testid': 'wall-area', 'data-area': area }, [
          h('h3', {}, AREA_LABELS[area]),
          h('div', { class: 'wall-grid' }, inArea.map((s) => {
            const card = makeCard(s);
            cards.set(s.id, card);
            return card.el;
          })),
        ]);
      })),
    ]),
  );
  const el = h('div', { class: 'wall', 'data-testid': 'screen-wall' },
    sections.length ? sections : h('p', { class: 'muted' }, '还没有屏幕：用「配对新设备」或「添加屏幕」接入第一块屏幕'));
  return { el, cards };
}
