/**
 * 可用变量 under the slide form: each `{名称}` with what it reads as in the previewed hall; a click puts it
 * at the cursor of the text field last typed in (the title when none was), so nobody types braces by hand.
 */
import { BUILTIN_VARIABLES, hallVariables } from '../../content/hall-variables';
import type { Hall } from '../../content/model';
import { h, mount } from '../ui/dom';

export interface VariablesHint {
  el: HTMLElement;
  /** Shows the names and values of this hall (the preview's). */
  setHall(hall: Hall | undefined): void;
  /** Follows which text field of `form` was typed in last (where a click inserts). */
  watch(form: HTMLElement): void;
}

const ABOUT = new Map<string, string>(BUILTIN_VARIABLES.map((b) => [b.key, b.about]));

const isText = (el: EventTarget | null): el is HTMLInputElement | HTMLTextAreaElement =>
  el instanceof HTMLTextAreaElement || (el instanceof HTMLInputElement && el.type === 'text');

/** `{名称}` at the cursor of `field`, as if typed (so drafts, dirty checks and the preview follow). */
export function insertVariable(field: HTMLInputElement | HTMLTextAreaElement, key: string): void {
  const text = `{${key}}`;
  const start = field.selectionStart ?? field.value.length;
  const end = field.selectionEnd ?? start;
  field.setRangeText(text, start, end, 'end');
  field.focus();
  field.dispatchEvent(new Event('input', { bubbles: true }));
}

export function variablesHint(fallback: () => HTMLInputElement | HTMLTextAreaElement): VariablesHint {
  let last: HTMLInputElement | HTMLTextAreaElement | undefined;
  const watch = (form: HTMLElement) =>
    form.addEventListener('focusin', (e) => {
      if (isText(e.target)) last = e.target;
    });
  const list = h('div', { class: 'variable-chips', 'data-testid': 'slide-variables' });
  const el = h('div', { class: 'variables-hint' }, [
    h('p', { class: 'muted' }, '可在任意文字中插入变量，屏幕上显示各营业厅自己的内容（点击插入到光标处）：'),
    list,
  ]);
  const setHall = (hall: Hall | undefined) => {
    const vars = hall ? hallVariables(hall) : {};
    const keys = [...new Set([...BUILTIN_VARIABLES.map((b) => b.key), ...Object.keys(hall?.variables ?? {})])];
    mount(list, keys.map((key) => {
      const value = vars[key];
      const chip = h('button', {
        type: 'button', class: `chip${value === undefined ? ' unset' : ''}`, 'data-testid': 'slide-variable', 'data-key': key,
        title: value ?? `${hall ? `「${hall.name}」` : ''}未设置，屏幕上原样显示 {${key}}${ABOUT.has(key) ? `（${ABOUT.get(key)}）` : ''}`,
      }, [h('code', {}, `{${key}}`), h('span', { class: 'muted' }, value === undefined ? ' 未设置' : ` ${value.length > 16 ? `${value.slice(0, 16)}…` : value}`)]);
      // Keep the focus (and the caret) in the text field while clicking.
      chip.addEventListener('mousedown', (e) => e.preventDefault());
      chip.onclick = () => insertVariable(last?.isConnected ? last : fallback(), key);
      return chip;
    }));
  };
  setHall(undefined);
  return { el, setHall, watch };
}
