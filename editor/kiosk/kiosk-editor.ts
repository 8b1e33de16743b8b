/**
 * Parts of the kiosk app editor: the page tree panel (from the home page along menu tiles, pages no
 * tile reaches listed as 「未链接的页面」) and the placement of schema issues next to the fields they
 * name. Unlike `showIssues` this never moves focus: it runs on every keystroke.
 */
import { KIOSK_PAGE_LABELS, type KioskPageType } from '../../content/kiosk-model';
import { h } from '../ui/dom';
import { pageTree, type DraftPage, type KioskDraft, type PathIssue, type TreeNode } from './kiosk-tree';

// Glyphs every CJK UI font has (emoji are missing on many hall PCs).
const TYPE_ICONS: Record<KioskPageType, string> = { menu: '☰', guide: '§', slide: '▤', prices: '¥', map: '◎', queue: '⋯', takeTicket: '#' };

export interface TreePanelOptions {
  draft: KioskDraft;
  selected: number;
  problems: Map<number, PathIssue[]>;
  onSelect(index: number): void;
}

function nodeButton(page: DraftPage, index: number, o: TreePanelOptions, note?: string): HTMLElement {
  const count = o.problems.get(index)?.length ?? 0;
  return h('button', {
    type: 'button', class: `kiosk-node${index === o.selected ? ' selected' : ''}${count ? ' has-problem' : ''}`,
    'data-testid': 'kiosk-tree-node', 'data-page-id': page.id, 'data-page-type': page.type, 'aria-current': index === o.selected ? 'true' : undefined,
    title: `${KIOSK_PAGE_LABELS[page.type]} · ${page.id}`, onclick: () => o.onSelect(index),
  }, [
    h('span', { class: 'kiosk-node-icon', 'aria-hidden': 'true' }, TYPE_ICONS[page.type]),
    h('span', { class: 'kiosk-node-title' }, page.title || page.id),
    page.id === o.draft.home && h('span', { class: 'badge badge-blue', 'data-testid': 'kiosk-home-badge' }, '首页'),
    note && h('span', { class: 'muted kiosk-node-note' }, note),
    count > 0 && h('span', { class: 'badge badge-red', 'data-testid': 'kiosk-tree-problem', title: o.problems.get(index)!.map((i) => i.message).join('；') }, `${count} 个问题`),
  ]);
}

function branch(node: TreeNode, o: TreePanelOptions): HTMLElement {
  const page = o.draft.pages[node.index]!;
  const note = node.cycle ? '↺ 循环' : node.repeat ? '（已在上方）' : undefined;
  return h('li', { 'data-depth': node.depth }, [
    node.via && h('span', { class: 'kiosk-via muted' }, `「${node.via}」→`),
    nodeButton(page, node.index, o, note),
    node.children.length > 0 && h('ul', { class: 'kiosk-tree-list' }, node.children.map((c) => branch(c, o))),
  ]);
}

/** The tree of pages; a click selects a page for editing. */
export function treePanel(o: TreePanelOptions): HTMLElement {
  const { root, unlinked } = pageTree(o.draft.home, o.draft.pages);
  return h('nav', { class: 'kiosk-tree', 'data-testid': 'kiosk-tree', 'aria-label': '页面结构' }, [
    root
      ? h('ul', { class: 'kiosk-tree-list root' }, branch(root, o))
      : h('p', { class: 'field-error' }, `首页「${o.draft.home}」不存在，请把一个页面设为首页`),
    unlinked.length > 0 && h('div', { class: 'kiosk-unlinked', 'data-testid': 'kiosk-tree-unlinked' }, [
      h('h3', {}, '未链接的页面'),
      h('p', { class: 'muted small' }, '没有按钮指向这些页面，访客到不了'),
      h('ul', { class: 'kiosk-tree-list' }, unlinked.map((i) => h('li', {}, nodeButton(o.draft.pages[i]!, i, o)))),
    ]),
  ]);
}

/**
 * Puts each issue into the slot (`[data-error-for]`) with the longest matching path inside `root`;
 * issues no slot claims go to `fallback` (a slot with path '').
 */
export function placeIssues(root: HTMLElement, issues: readonly PathIssue[]): void {
  const slots = [...root.querySelectorAll<HTMLElement>('[data-error-for]')];
  const texts = new Map<HTMLElement, string[]>();
  for (const issue of issues) {
    const key = issue.path.map(String).join('.');
    let best: HTMLElement | undefined;
    let bestLen = -1;
    for (const slot of slots) {
      const p = slot.dataset.errorFor ?? '';
      if ((p === '' || key === p || key.startsWith(`${p}.`)) && p.length > bestLen) {
        best = slot;
        bestLen = p.length;
      }
    }
    if (best) texts.set(best, [...(texts.get(best) ?? []), issue.message]);
  }
  for (const slot of slots) {
    const lines = [...new Set(texts.get(slot) ?? [])];
    slot.textContent = lines.join('；');
    slot.hidden = lines.length === 0;
    slot.closest('.field, .kiosk-mini')?.classList.toggle('invalid', lines.length > 0);
  }
}
