/** A menu: large tiles (icon, label, hint), two columns, each at least 120 px high (≥ 15 mm on a 43" kiosk). */
import type { KioskPage } from '../../../content/kiosk-model';
import { button, el } from '../dom-build';
import type { PageContext, PageView } from './page-view';

export function menuPage(page: Extract<KioskPage, { type: 'menu' }>, ctx: PageContext): PageView {
  const grid = el('div', { class: 'kiosk-tiles' });
  for (const tile of page.tiles) {
    grid.append(
      button(
        { class: 'kiosk-tile', 'data-testid': 'kiosk-tile', 'data-target': tile.target },
        () => ctx.open(tile.target),
        tile.icon ? el('span', { class: 'kiosk-tile-icon', 'aria-hidden': 'true', text: tile.icon }) : null,
        el('span', { class: 'kiosk-tile-label', text: tile.label }),
        tile.hint ? el('span', { class: 'kiosk-tile-hint', text: tile.hint }) : null,
      ),
    );
  }
  return { element: grid };
}
