/**
 * Nothing typed is lost, the same way in every form (slides, playlists, schedules, layouts, kiosk
 * apps): each change is kept as a local draft (`local-draft.ts`), leaving with changes asks
 * (`unsaved-guard.ts`: the app's navigation and `beforeunload`), and a draft left behind is offered
 * back when the form opens again. 取消 is a deliberate "throw it away": no question, no draft.
 */
import { h, mount } from '../ui/dom';
import { formatDateTime } from '../time/time-format';
import { clearDraft, loadDraft, saveDraft } from './local-draft';
import { guardUnsaved } from './unsaved-guard';

export interface UnsavedEdits {
  /** The 有未提交的修改 bar: put it at the top of the form (hidden unless a draft is offered). */
  bar: HTMLElement;
  /** Call after a change made without an input, change or click event (a drag). */
  changed(): void;
  /** Call once the form is saved: the draft goes, leaving no longer asks. */
  saved(): void;
  /** Call when the view goes away. */
  release(): void;
}

export interface UnsavedOptions<T> {
  /** Testid prefix: `${prefix}-draft-offer`, `${prefix}-draft-restore`, `${prefix}-draft-discard`. */
  prefix: string;
  /** The draft's name, per form and object: `schedule:sch_1`, `playlist:new`. */
  key: string;
  /** Where changes happen (input and change events bubble to it). */
  form: HTMLElement;
  /** The raw form values, compared as JSON to tell changes. */
  read: () => T;
  /** Rebuilds the form from a kept draft. Pass the `baseline` on, so the restored form counts as changed. */
  restore: (value: T, baseline: string) => void;
  /** The form's 取消 link or button. */
  cancel?: HTMLElement;
  /** What "unchanged" is; by default what the form shows now. */
  baseline?: string;
}

/** Wires drafts, the leave guard and the draft offer into one open form. */
export function keepUnsaved<T>(o: UnsavedOptions<T>): UnsavedEdits {
  const initial = o.baseline ?? JSON.stringify(o.read());
  let done = false;
  const isDirty = () => !done && JSON.stringify(o.read()) !== initial;
  const follow = () => (isDirty() ? saveDraft(o.key, o.read()) : clearDraft(o.key));
  // Clicks too: adding or removing a row (a time window, a playlist item) fires no input event.
  for (const event of ['input', 'change', 'click']) o.form.addEventListener(event, follow);
  const release = guardUnsaved(isDirty);
  const finish = () => {
    done = true;
    clearDraft(o.key);
  };
  o.cancel?.addEventListener('click', finish);

  const bar = h('div', { class: 'notice-bar', 'data-testid': `${o.prefix}-draft-offer`, hidden: true });
  const kept = o.baseline === undefined ? loadDraft<T>(o.key) : undefined;
  if (kept && JSON.stringify(kept.value) !== initial) {
    bar.hidden = false;
    const restore = h('button', { type: 'button', class: 'btn small primary', 'data-testid': `${o.prefix}-draft-restore` }, '恢复草稿');
    const discard = h('button', { type: 'button', class: 'btn small ghost', 'data-testid': `${o.prefix}-draft-discard` }, '丢弃');
    restore.onclick = () => {
      release();
      o.restore(kept.value, initial);
    };
    discard.onclick = () => {
      clearDraft(o.key);
      bar.hidden = true;
    };
    mount(bar, [`有 ${formatDateTime(kept.at)} 在本机保存、尚未提交的修改。`, ' ', restore, ' ', discard]);
  }
  return { bar, changed: follow, saved: finish, release };
}
