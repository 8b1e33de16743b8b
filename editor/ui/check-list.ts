/**
 * Picking several of a list (screens, areas, halls) with checkboxes, not a `<select multiple>` that
 * needs Ctrl+click and loses the whole choice on one plain click. Long lists get a search box that
 * hides what does not match; what is ticked stays ticked while hidden, and the count says so.
 */
import { h } from './dom';

/** Past this many choices a search box is offered. */
export const SEARCH_FROM = 8;

export interface CheckList {
  el: HTMLElement;
  /** The ticked values, in list order. */
  values(): string[];
}

/**
 * Testids: `testid` (the list), `${testid}-search`, `${testid}-count`; each checkbox carries its
 * value, so a test picks one with `[data-testid=…] input[value="<id>"]`.
 */
export function checkList(testid: string, pairs: readonly (readonly [string, string])[], selected: readonly string[] = []): CheckList {
  const chosen = new Set(selected);
  const boxes = pairs.map(([value, label]) => {
    const input = h('input', { type: 'checkbox', value, checked: chosen.has(value) });
    return { input, label, row: h('label', { class: 'check-item' }, [input, h('span', {}, label)]) };
  });
  const count = h('small', { class: 'muted', 'data-testid': `${testid}-count`, 'aria-live': 'polite' });
  const search = pairs.length > SEARCH_FROM
    ? h('input', { type: 'search', class: 'check-search', placeholder: '输入名称筛选', 'aria-label': '筛选', 'data-testid': `${testid}-search` })
    : null;
  const refresh = () => {
    const q = search?.value.trim().toLowerCase() ?? '';
    let hiddenTicked = 0;
    for (const b of boxes) {
      b.row.hidden = q !== '' && !b.label.toLowerCase().includes(q);
      if (b.row.hidden && b.input.checked) hiddenTicked++;
    }
    const n = boxes.filter((b) => b.input.checked).length;
    count.textContent = `已选 ${n} 项${hiddenTicked ? `（其中 ${hiddenTicked} 项未在筛选结果中）` : ''}`;
  };
  search?.addEventListener('input', refresh);
  const list = h('div', { class: 'check-items' }, boxes.map((b) => b.row));
  list.addEventListener('change', refresh);
  refresh();
  return {
    el: h('div', { class: 'check-list', 'data-testid': testid, role: 'group' }, [search && h('div', { class: 'check-head' }, [search, count]), list, !search && count]),
    values: () => boxes.filter((b) => b.input.checked).map((b) => b.input.value),
  };
}
