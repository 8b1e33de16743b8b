/**
 * "这是跨夜时段吗？": the question under a time window whose end is before its start. 20:00–02:00 is as
 * likely a typo as a late opening or a night shift, so forms ask instead of silently saving overnight.
 * Used by the schedule form's daily windows and the exception-day windows.
 */
import { h, mount } from './dom';

/** What staff said about one window: nothing asked (end after start), ticked, or asked and left open. */
export type OvernightAnswer = 'notAsked' | 'confirmed' | 'unanswered';

/**
 * The question label (`<prefix>-question`, holding the checkbox `<prefix>`), kept in step with the two
 * time inputs; shown only while end < start. `checked` is the checkbox's first state.
 */
export function overnightQuestion(start: HTMLInputElement, end: HTMLInputElement, testidPrefix: string, checked: boolean): HTMLElement {
  const box = h('input', { type: 'checkbox', 'data-testid': testidPrefix, checked });
  const question = h('label', { class: 'check overnight-question', 'data-testid': `${testidPrefix}-question` });
  const ask = () => {
    question.hidden = !(start.value && end.value && end.value < start.value);
    mount(question, [box, `这是跨夜时段吗？是，${start.value} 至次日 ${end.value}`]);
  };
  start.addEventListener('input', ask);
  end.addEventListener('input', ask);
  ask();
  return question;
}

/** Reads the answer back from the row that holds the question (forms read their rows from the DOM). */
export function overnightAnswer(row: Element, testidPrefix: string): OvernightAnswer {
  const question = row.querySelector<HTMLElement>(`[data-testid="${testidPrefix}-question"]`);
  if (!question || question.hidden) return 'notAsked';
  return row.querySelector<HTMLInputElement>(`[data-testid="${testidPrefix}"]`)?.checked ? 'confirmed' : 'unanswered';
}
