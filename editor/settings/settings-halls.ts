/**
 * 营业厅与叫号模板: each hall's call sentence (`{ticket}` and `{counter}` required), previewed for
 * A023 / 3 as screens will show and speak it. Validated with content's `HallInput`.
 */
import { DEFAULT_CALL_TEMPLATE, HallInput, callText, type Hall } from '../../content/model';
import { api } from '../api';
import type { ViewContext } from '../context';
import { h } from '../ui/dom';
import { toast, withBusy } from '../ui/feedback';
import { field, showIssues } from '../ui/fields';
import { button } from '../ui/page';
import { perHallSection } from '../halls/per-hall-section';

const TemplateInput = HallInput.pick({ callTemplate: true });

/** The sentence for A023 at counter 3, or why there is none. */
export function templatePreview(template: string): string {
  const t = template.trim();
  if (!t.includes('{ticket}') || !t.includes('{counter}')) return '模板必须包含 {ticket}（票号）和 {counter}（窗口号）';
  return `预览：${callText('A023', '3', t)}`;
}

function hallRow(hall: Hall, onSaved: () => void): HTMLElement {
  const stored = hall.callTemplate ?? DEFAULT_CALL_TEMPLATE;
  const input = h('input', { type: 'text', 'data-testid': 'hall-template', 'data-hall-id': hall.id, maxlength: 100, value: stored });
  const preview = h('p', { class: 'template-preview', 'data-testid': 'hall-template-preview', 'aria-live': 'polite' });
  const save = h('button', { type: 'submit', class: 'btn primary', 'data-testid': 'hall-template-save' }, '保存');
  const reset = button('恢复默认', 'hall-template-reset', () => {
    input.value = DEFAULT_CALL_TEMPLATE;
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
  const update = () => {
    preview.textContent = templatePreview(input.value);
    preview.classList.toggle('invalid', !preview.textContent.startsWith('预览'));
  };
  input.oninput = update;
  update();
  const form = h('form', { class: 'settings-hall', 'data-testid': 'hall-settings-row', 'data-hall-id': hall.id, novalidate: true }, [
    h('div', {}, [h('strong', {}, hall.name), h('small', { class: 'muted block' }, hall.timezone)]),
    h('div', { class: 'stack' }, [field('叫号模板', input, { path: 'callTemplate', hint: '{ticket} 替换为票号（逐字朗读），{counter} 替换为窗口号' }), preview]),
    h('div', { class: 'row-actions' }, [reset, save]),
  ]);
  form.dataset.dirty = 'false';
  form.addEventListener('input', () => { form.dataset.dirty = String(input.value !== stored); });
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const parsed = TemplateInput.safeParse({ callTemplate: input.value });
    if (!parsed.success) return void showIssues(form, parsed.error.issues);
    void withBusy(save, async () => {
      await api.updateHall(hall.id, { callTemplate: parsed.data.callTemplate });
      toast(`「${hall.name}」的叫号模板已保存`);
      form.dataset.dirty = 'false';
      onSaved();
    });
  });
  return form;
}

/** The card body; follows `changed: halls` unless a template is being edited. */
export function hallsSection(ctx: ViewContext): { el: HTMLElement; dispose(): void } {
  return perHallSection(ctx, { testid: 'settings-halls', form: hallRow, empty: '还没有营业厅：在「屏幕」页新建' });
}
