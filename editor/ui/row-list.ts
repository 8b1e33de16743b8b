/**
 * An editable list of rows of text inputs (price tiers, safety tips, pay channels). Rows that are
 * left completely blank are dropped on read, so a spare empty row never fails validation.
 */
import { h, mount } from './dom';

export interface RowColumn {
  key: string;
  label: string;
  testid: string;
  placeholder?: string;
  type?: 'text' | 'url';
}

export interface RowList {
  el: HTMLElement;
  /** Non-blank rows, values untrimmed (the schema trims). */
  read(): Record<string, string>[];
}

interface RowListOptions {
  /** Prefix for row-level testids: `${name}-row`, `${name}-add`, `${name}-remove`. */
  name: string;
  columns: readonly RowColumn[];
  rows: readonly Record<string, string | undefined>[];
  addLabel: string;
  max: number;
}

/** Builds the list; starts with one empty row when `rows` is empty. */
export function rowList(opts: RowListOptions): RowList {
  const list = h('ol', { class: 'row-list', 'data-testid': `${opts.name}-list` });
  const add = h('button', { type: 'button', class: 'btn small', 'data-testid': `${opts.name}-add` }, `＋ ${opts.addLabel}`);

  const makeRow = (values: Record<string, string | undefined>): HTMLLIElement => {
    const inputs = opts.columns.map((c) =>
      h('input', {
        type: c.type ?? 'text', 'data-key': c.key, 'data-testid': c.testid, value: values[c.key] ?? '',
        placeholder: c.placeholder ?? c.label, 'aria-label': c.label,
      }),
    );
    const remove = h('button', { type: 'button', class: 'icon-btn', 'data-testid': `${opts.name}-remove`, 'aria-label': '删除此行', title: '删除此行' }, '×');
    const li = h('li', { class: 'row-item', 'data-testid': `${opts.name}-row` }, [...inputs, remove]);
    remove.onclick = () => {
      li.remove();
      if (!list.children.length) list.append(makeRow({}));
      sync();
    };
    return li;
  };

  const sync = () => {
    add.disabled = list.children.length >= opts.max;
  };
  add.onclick = () => {
    const li = makeRow({});
    list.append(li);
    li.querySelector('input')?.focus();
    sync();
  };

  mount(list, (opts.rows.length ? opts.rows : [{}]).map(makeRow));
  sync();
  const head = h('div', { class: 'row-head', 'aria-hidden': 'true' }, [...opts.columns.map((c) => h('span', {}, c.label)), h('span', {})]);
  return {
    el: h('div', { class: `row-editor cols-${opts.columns.length}` }, [opts.columns.length > 1 && head, list, add]),
    read() {
      return [...list.children]
        .map((li) => Object.fromEntries([...li.querySelectorAll('input')].map((i) => [i.dataset.key ?? '', i.value])))
        .filter((row) => Object.values(row).some((v) => v.trim() !== ''));
    },
  };
}
