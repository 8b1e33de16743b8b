/** Building blocks every page shares: header with actions, cards, tables, badges, empty and error states. */
import { h, type Child } from './dom';

/** The title row of a page, with its main actions on the right. */
export function pageHeader(title: string, subtitle: string, actions: Child = []): HTMLElement {
  return h('div', { class: 'page-header' }, [
    h('div', {}, [h('h1', {}, title), subtitle && h('p', { class: 'muted' }, subtitle)]),
    h('div', { class: 'actions' }, actions),
  ]);
}

/** A white panel; `title` optional. */
export function card(title: string | null, children: Child, attrs: Record<string, string> = {}): HTMLElement {
  return h('section', { class: 'card', ...attrs }, [title && h('h2', { class: 'card-title' }, title), children]);
}

/** A table with a header row; `rows` are <tr>s or an empty-state text. */
export function table(headers: readonly string[], rows: HTMLTableRowElement[], emptyText: string, testid?: string): HTMLElement {
  // Each cell names its column, so a phone can show a row as a card (style.css, max-width 640px).
  for (const row of rows)
    [...row.cells].forEach((cell, i) => {
      if (headers[i] && !cell.dataset.label) cell.dataset.label = headers[i];
    });
  const body = rows.length
    ? rows
    : [h('tr', { class: 'empty' }, h('td', { colspan: headers.length }, emptyText))];
  return h('div', { class: 'table-wrap' }, h('table', { class: 'table', 'data-testid': testid }, [
    h('thead', {}, h('tr', {}, headers.map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, body),
  ]));
}

/** A coloured label; `tone` picks the colour (see style.css `.badge-*`). */
export function badge(text: string, tone: string, attrs: Record<string, string> = {}): HTMLElement {
  return h('span', { class: `badge badge-${tone}`, ...attrs }, text);
}

/** A small button; `testid` is required because e2e tests drive every action. */
export function button(label: string, testid: string, onclick: (e: MouseEvent) => void, tone = ''): HTMLButtonElement {
  return h('button', { type: 'button', class: `btn ${tone}`.trim(), 'data-testid': testid, onclick: onclick as (e: Event) => void }, label);
}

/** Placeholder while the first load runs. */
export function loading(): HTMLElement {
  return h('p', { class: 'muted loading', 'data-testid': 'loading' }, '正在加载…');
}

/** A failed load, with a retry button. */
export function loadError(message: string, retry: () => void): HTMLElement {
  return h('div', { class: 'load-error', role: 'alert' }, [message, ' ', button('重试', 'load-retry', retry)]);
}
