/**
 * 文字变量 of each hall: what `{营业厅}`, `{营业时间}` (read from the hall's settings) and the hall's own
 * names (服务热线, 地址, …) read as on its screens. Rows of name + value, saved as a whole with content's
 * `HallVariables`; every screen of the hall gets the new text at once. Admins only (系统设置): the values
 * reach screens without review of their own.
 */
import { BUILTIN_VARIABLES, hallVariables } from '../../content/hall-variables';
import { HallVariables, MAX_HALL_VARIABLES, MAX_VARIABLE_VALUE, type Hall } from '../../content/model';
import { api } from '../api';
import type { ViewContext } from '../context';
import { h } from '../ui/dom';
import { toast, withBusy } from '../ui/feedback';
import { errorSlot, showIssues, clearIssues } from '../ui/fields';
import { button } from '../ui/page';
import { perHallSection } from './per-hall-section';

const DERIVED = new Set(['营业厅', '营业时间']);

function variableRow(key: string, value: string, onRemove: (row: HTMLElement) => void): HTMLElement {
  const row = h('div', { class: 'variable-row', 'data-testid': 'hall-variable-row', 'data-key': key }, [
    h('input', { type: 'text', class: 'variable-key', 'data-testid': 'hall-variable-key', value: key, maxlength: 12, placeholder: '变量名，如 服务热线', 'aria-label': '变量名' }),
    h('input', { type: 'text', class: 'variable-value', 'data-testid': 'hall-variable-value', value, maxlength: MAX_VARIABLE_VALUE, placeholder: '屏幕上显示的内容', 'aria-label': '变量值' }),
  ]);
  row.append(button('删除', 'hall-variable-remove', () => onRemove(row), 'ghost small'));
  return row;
}

function hallForm(hall: Hall, onSaved: () => void): HTMLElement {
  const own = hall.variables ?? {};
  const rows = h('div', { class: 'variable-rows' });
  const remove = (row: HTMLElement) => {
    row.remove();
    form.dispatchEvent(new Event('input'));
  };
  const addRow = (key = '', value = '') => rows.append(variableRow(key, value, remove));
  // The four usual names are offered even before a hall sets them, so staff only fill in values.
  const keys = [...BUILTIN_VARIABLES.map((b) => b.key).filter((k) => !DERIVED.has(k) && !(k in own)), ...Object.keys(own)];
  for (const k of keys) addRow(k, own[k] ?? '');
  const derived = hallVariables({ name: hall.name, hours: hall.hours });
  const save = h('button', { type: 'submit', class: 'btn primary', 'data-testid': 'hall-variables-save' }, '保存');
  const read = (): Record<string, string> => {
    const out: Record<string, string> = {};
    for (const row of rows.querySelectorAll<HTMLElement>('.variable-row')) {
      const key = row.querySelector<HTMLInputElement>('.variable-key')!.value.trim();
      const value = row.querySelector<HTMLInputElement>('.variable-value')!.value.trim();
      if (key && value) out[key] = value; // an empty value means "not set": the placeholder stays visible
    }
    return out;
  };
  const form = h('form', { class: 'settings-hall', 'data-testid': 'hall-variables', 'data-hall-id': hall.id, novalidate: true }, [
    h('div', {}, [h('strong', {}, hall.name), h('small', { class: 'muted block' }, '自动：')].concat(
      [...DERIVED].map((k) => h('small', { class: 'muted block', 'data-testid': 'hall-variable-derived' }, `{${k}} = ${derived[k] ?? '（未设置营业时间）'}`)),
    )),
    h('div', { class: 'stack' }, [
      rows,
      button('添加变量', 'hall-variable-add', () => {
        if (rows.children.length >= MAX_HALL_VARIABLES) return toast(`一个营业厅至多 ${MAX_HALL_VARIABLES} 个变量`, 'error');
        addRow();
      }, 'ghost small'),
      h('small', { class: 'muted' }, '在幻灯片文字中写 {变量名}，各营业厅屏幕显示本厅的值；值留空则原样显示 {变量名}。填写了「营业时间」变量时，它代替自动生成的营业时间。变量值不经审核即随已审核的幻灯片上屏，请仔细核对。'),
      errorSlot('variables'),
    ]),
    h('div', { class: 'row-actions' }, [save]),
  ]);
  const initial = JSON.stringify(read());
  form.dataset.dirty = 'false';
  form.addEventListener('input', () => { form.dataset.dirty = String(JSON.stringify(read()) !== initial); });
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const keysTyped = [...rows.querySelectorAll<HTMLInputElement>('.variable-key')].map((i) => i.value.trim()).filter(Boolean);
    const dup = keysTyped.find((k, i) => keysTyped.indexOf(k) !== i);
    if (dup) return void showIssues(form, [{ code: 'custom', path: ['variables'], message: `变量名「${dup}」重复`, input: dup }]);
    const parsed = HallVariables.safeParse(read());
    if (!parsed.success) return void showIssues(form, parsed.error.issues.map((i) => ({ ...i, path: ['variables'] })));
    clearIssues(form);
    void withBusy(save, async () => {
      await api.setHallVariables(hall.id, parsed.data);
      toast(`「${hall.name}」的文字变量已保存，屏幕随即更新`);
      form.dataset.dirty = 'false';
      onSaved();
    });
  });
  return form;
}

/** The card body: one form per hall the user sees; follows `changed: halls` unless a form is being edited. */
export function hallVariablesSection(ctx: ViewContext): { el: HTMLElement; dispose(): void } {
  return perHallSection(ctx, { testid: 'settings-hall-variables', form: hallForm });
}
