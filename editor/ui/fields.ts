/**
 * Labelled form rows and the display of zod issues beside them. Forms validate with the content/
 * schemas before sending, so staff see the same rule the server would apply, next to the field.
 */
import type { z } from 'zod';
import { h, type Child } from './dom';
import { districtZone, zoneLabel } from '../time/hall-time';

let nextId = 0;

interface FieldOptions {
  /** The schema path whose issues show here (`title`, `tiers`, `when.windows`). */
  path: string;
  hint?: string;
  required?: boolean;
  /** Spans both columns of a `.form-grid`. */
  wide?: boolean;
}

/** A label, a control and an error slot. Inputs get an id so the label is clickable and announced. */
export function field(label: string, control: HTMLElement, opts: FieldOptions): HTMLElement {
  const isInput = control instanceof HTMLInputElement || control instanceof HTMLSelectElement || control instanceof HTMLTextAreaElement;
  if (isInput && !control.id) control.id = `f${++nextId}`;
  const labelEl = isInput
    ? h('label', { for: control.id }, [label, opts.required && h('span', { class: 'req', 'aria-hidden': 'true' }, ' *')])
    : h('span', { class: 'label' }, label);
  if (!isInput) control.setAttribute('aria-label', label);
  // A datetime-local says nothing about its zone: say it, since it is the hall's, not the browser's.
  const zoned = control.matches('input[type="datetime-local"]') || control.querySelector('input[type="datetime-local"]');
  return h('div', { class: `field${opts.wide ? ' wide' : ''}` }, [
    labelEl,
    control,
    opts.hint && h('small', { class: 'hint' }, opts.hint),
    zoned && h('small', { class: 'hint', 'data-testid': 'zone-note' }, `按${zoneLabel(districtZone())}填写`),
    errorSlot(opts.path),
  ]);
}

/** Where issues for `path` (and deeper) appear; '' catches whatever no other slot claims. */
export function errorSlot(path: string): HTMLElement {
  return h('p', { class: 'field-error', 'data-error-for': path, 'data-testid': 'field-error', hidden: true });
}

/** Fieldset-style group for composite inputs (radio groups, row lists). */
export function group(legend: string, children: Child, attrs: Record<string, string> = {}): HTMLFieldSetElement {
  return h('fieldset', { class: 'group', ...attrs }, [h('legend', {}, legend), children]);
}

/** Clears all issue text in `form`. */
export function clearIssues(form: HTMLElement): void {
  for (const slot of form.querySelectorAll<HTMLElement>('[data-error-for]')) clearSlot(slot);
}

function clearSlot(slot: HTMLElement): void {
  slot.textContent = '';
  slot.hidden = true;
  const f = slot.closest('.field');
  f?.classList.remove('invalid');
  for (const el of f?.querySelectorAll('[aria-invalid]') ?? []) el.removeAttribute('aria-invalid');
}

/** Once a field is edited its old complaint is stale: drop it until the next save says otherwise. */
function watchEdits(form: HTMLElement): void {
  if (form.dataset.watchingIssues) return;
  form.dataset.watchingIssues = 'true';
  // Clears the slots of every field or group around the edited control (a target picker's
  // "目标为空" sits on the group, its multi-selects inside fields).
  const onEdit = (e: Event) => {
    for (let el = (e.target as Element).parentElement; el && el !== form; el = el.parentElement) {
      if (!el.matches('.field, .group')) continue;
      for (const slot of el.querySelectorAll<HTMLElement>(':scope > [data-error-for]')) clearSlot(slot);
    }
  };
  form.addEventListener('input', onEdit);
  form.addEventListener('change', onEdit);
}

/** Durations are typed in seconds while the schemas speak milliseconds; say it the way staff typed it. */
export function inSeconds(issue: z.core.$ZodIssue): z.core.$ZodIssue {
  const last = issue.path[issue.path.length - 1];
  if (last !== 'durationMs' || (issue.code !== 'too_small' && issue.code !== 'too_big')) return issue;
  return { ...issue, message: '时长需在 1 秒到 3600 秒（1 小时）之间' };
}

/**
 * Puts each issue in the slot with the longest matching path; returns how many were shown.
 * Row-level paths (`tiers.1.price`) read "第 2 行「电价」：…" and mark that one input.
 */
export function showIssues(form: HTMLElement, issues: readonly z.core.$ZodIssue[]): number {
  clearIssues(form);
  watchEdits(form);
  const slots = [...form.querySelectorAll<HTMLElement>('[data-error-for]')];
  for (const issue of issues.map(inSeconds)) {
    const key = issue.path.map(String).join('.');
    let best: HTMLElement | undefined;
    let bestLen = -1;
    for (const slot of slots) {
      const p = slot.dataset.errorFor ?? '';
      const matches = p === '' || key === p || key.startsWith(`${p}.`);
      if (matches && p.length > bestLen) {
        best = slot;
        bestLen = p.length;
      }
    }
    if (!best) continue;
    const f = best.closest('.field');
    const rest = issue.path.slice(bestLen === 0 ? 0 : (best.dataset.errorFor ?? '').split('.').length);
    let prefix = '';
    if (typeof rest[0] === 'number') {
      const row = f?.querySelectorAll('.row-item')[rest[0]];
      const input = typeof rest[1] === 'string' ? row?.querySelector(`[data-key="${CSS.escape(rest[1])}"]`) : row?.querySelector('input');
      input?.setAttribute('aria-invalid', 'true');
      const label = typeof rest[1] === 'string' ? input?.getAttribute('aria-label') : null;
      prefix = `第 ${rest[0] + 1} 行${label ? `「${label}」` : ''}：`;
    }
    const line = prefix + issue.message;
    if (!best.textContent?.includes(line)) best.textContent = best.textContent ? `${best.textContent}；${line}` : line;
    best.hidden = false;
    f?.classList.add('invalid');
  }
  const first = form.querySelector<HTMLElement>('[aria-invalid="true"], .field.invalid > input, .field.invalid > select, .field.invalid > textarea');
  // NOTE: focus() alone scrolls the field to the top edge, right under the error toast ("标题不能为空"
  // was hidden by "请按提示修改"): bring the whole field, message included, to the middle instead.
  first?.focus({ preventScroll: true });
  (first?.closest('.field') ?? first)?.scrollIntoView({ block: 'center' });
  return issues.length;
}
