/**
 * What the signed-in user may not change, by the hall rule the server enforces (content/access-rule.ts):
 * a hall-limited user sees district content and content shared with other halls, but changes only what
 * lies wholly in their halls. Views ask here, then show the object read-only with the reason.
 */
import { changeRefusal, hallsOfContent, hallsOfTarget, scopeOf } from '../../content/access-rule';
import type { Target } from '../../content/model';
import type { SessionUser } from '../api';
import { h } from '../ui/dom';

/** Why the user may not change this slide, playlist, layout or medium, or undefined when they may. */
export const contentLock = (user: SessionUser, o: { ownerHallIds?: readonly string[] }): string | undefined =>
  changeRefusal(scopeOf(user), hallsOfContent(o));

/**
 * Why the user may not change a schedule with this target. `screens` are the ones the user sees; a
 * screen missing from them lies in another hall (the server lists only the user's halls' screens).
 */
export function scheduleLock(user: SessionUser, target: Target, screens: readonly { id: string; hallId: string }[]): string | undefined {
  const hallOf = (id: string) => screens.find((s) => s.id === id)?.hallId ?? OTHER_HALL;
  return changeRefusal(scopeOf(user), hallsOfTarget(hallOf, target), 'schedule');
}
/** Stands for a hall the user does not see; no real hall id has this form. */
const OTHER_HALL = '\u0000other-hall';

/** The short note in a list row where the edit actions would be. */
export const lockNote = (reason: string): HTMLElement =>
  h('span', { class: 'badge badge-grey lock-note', 'data-testid': 'readonly-hint', title: reason }, reason);

/** Wraps fields that are read-only when `reason` is given (a disabled fieldset; it draws nothing). */
export const lockable = (reason: string | undefined, children: HTMLElement | HTMLElement[]): HTMLElement =>
  h('fieldset', { class: 'locked-form', disabled: !!reason }, children);

/** The bar above a read-only view. */
export const lockBar = (reason: string): HTMLElement => h('p', { class: 'notice-bar', 'data-testid': 'readonly-note' }, `只读：${reason}`);

/**
 * Turns a form into a read-only view: its fields stay readable inside a disabled fieldset (which also
 * disables rows added later), links such as 取消 still work, and a bar says why.
 */
export function lockForm(form: HTMLFormElement, reason: string): void {
  const fieldset = h('fieldset', { class: 'locked-form', disabled: true });
  fieldset.append(...form.childNodes);
  form.append(lockBar(reason), fieldset);
}
