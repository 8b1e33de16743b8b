/**
 * 紧急通知: the red action of the operators' console. Pick a template (fills title and body), adjust
 * the text, choose the screens and an optional end; then the takeover confirmation says how many
 * screens will be taken over before anything is sent.
 */
import { OverrideInput, type Hall } from '../../content/model';
import { api, type ScreenView } from '../api';
import type { ViewContext } from '../context';
import { openDialog } from '../ui/dialog';
import { h } from '../ui/dom';
import { toast, withBusy } from '../ui/feedback';
import { errorSlot, field, showIssues } from '../ui/fields';
import { EMERGENCY_TEMPLATES } from './emergency-templates';
import { confirmTakeover } from './takeover-confirm';
import { displayChoice } from './display-choice';
import { targetPicker } from '../ui/target-picker';
import { fromLocalInput, toLocalInput } from '../time/time-format';

/** End presets in minutes; 0 = until cleared by hand. */
const EXPIRY_PRESETS: readonly [number, string][] = [[0, '手动撤销'], [30, '30 分钟'], [60, '1 小时'], [120, '2 小时'], [480, '8 小时']];

/** Opens the dialog; `onSent` runs after the override was created. */
export function openEmergencyDialog(ctx: ViewContext, screens: ScreenView[], halls: Hall[], onSent: () => void): void {
  const title = h('input', { type: 'text', 'data-testid': 'emergency-title', maxlength: 100, placeholder: '屏幕上最醒目的一行' });
  const body = h('textarea', { 'data-testid': 'emergency-body', rows: 4, maxlength: 2000, placeholder: '详细说明' });
  const templates = EMERGENCY_TEMPLATES.map((t) =>
    h('button', { type: 'button', class: 'chip-btn', 'data-testid': 'emergency-template', 'data-template': t.key, 'aria-pressed': 'false', onclick: (e: Event) => {
      title.value = t.title;
      body.value = t.body;
      for (const b of templates) b.setAttribute('aria-pressed', String(b === e.currentTarget));
      (t.title ? body : title).focus();
    } }, t.label),
  );
  const target = targetPicker('emergency', ['all', 'halls', 'areas', 'screens'], screens, halls, halls.length === 1 ? { hallIds: [halls[0]!.id] } : { all: true });
  const display = displayChoice('emergency');
  const expires = h('input', { type: 'datetime-local', 'data-testid': 'emergency-expires' });
  const presets = EXPIRY_PRESETS.map(([minutes, label]) =>
    h('button', { type: 'button', class: 'chip-btn', 'data-testid': `emergency-expires-${minutes || 'none'}`, 'aria-pressed': String(minutes === 0), onclick: (e: Event) => {
      expires.value = minutes ? toLocalInput(new Date(Date.now() + minutes * 60_000).toISOString()) : '';
      for (const b of presets) b.setAttribute('aria-pressed', String(b === e.currentTarget));
    } }, label),
  );
  expires.oninput = () => { for (const b of presets) b.setAttribute('aria-pressed', String(!expires.value && b === presets[0])); };
  const review = h('button', { type: 'submit', class: 'btn danger big', 'data-testid': 'emergency-review' }, '下一步：确认接管范围');

  const form = h('form', { class: 'emergency-form', novalidate: true }, [
    h('div', { class: 'field' }, [
      h('span', { class: 'label' }, '模板（点选后可修改文字）'),
      h('div', { class: 'chip-row', role: 'group', 'aria-label': '模板' }, templates),
    ]),
    display.el,
    h('div', { class: 'form-grid' }, [
      field('标题', title, { path: 'title', required: true, wide: true }),
      field('内容', body, { path: 'body', wide: true }),
      field('自动结束', h('div', { class: 'stack' }, [h('div', { class: 'chip-row' }, presets), expires]), { path: 'expiresAt', wide: true, hint: '到时自动结束，屏幕离线时也会按时结束' }),
    ]),
    target.el,
    errorSlot(''),
    h('div', { class: 'form-actions' }, review),
  ]);
  const close = openDialog('发布紧急通知', [
    h('p', { class: 'danger-note' }, '紧急通知立即出现在所选屏幕上，直到撤销或到时结束。选择「全屏接管」还是「横幅」决定叫号是否继续。'),
    form,
  ], { testid: 'emergency-dialog', wide: true });

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const parsed = OverrideInput.safeParse({
      kind: 'emergency', target: target.read(), title: title.value, body: body.value, expiresAt: fromLocalInput(expires.value), display: display.read(),
    });
    if (!parsed.success) {
      showIssues(form, parsed.error.issues);
      return;
    }
    if (parsed.data.expiresAt && Date.parse(parsed.data.expiresAt) <= Date.now()) {
      showIssues(form, [{ code: 'custom', path: ['expiresAt'], message: '结束时间已过', input: undefined }]);
      return;
    }
    void withBusy(review, async () => {
      if (!(await confirmTakeover(parsed.data, ctx, halls, screens))) return;
      await api.createOverride(parsed.data);
      close();
      toast(`紧急通知「${parsed.data.title}」已发布`);
      onSent();
    });
  });
  templates[0]?.focus();
}
