/**
 * A local copy of what is typed into a form (localStorage, per form and object), so a closed tab or
 * a crash does not lose it: offered back on return, dropped once saved or discarded.
 */

/** What is kept: the raw form values and when they were typed. */
export interface LocalDraft<T> { at: string; value: T }

const KEY = 'hs-draft:';

/** Keeps `value` as the draft of `form` (e.g. `slide:sld_1`, `slide:new`). */
export function saveDraft<T>(form: string, value: T, now = Date.now()): void {
  try {
    localStorage.setItem(KEY + form, JSON.stringify({ at: new Date(now).toISOString(), value } satisfies LocalDraft<T>));
  } catch {
    // NOTE: storage may be full or disabled (private mode); the form still works without drafts.
  }
}

/** The draft of `form`, if one is kept. */
export function loadDraft<T>(form: string): LocalDraft<T> | undefined {
  try {
    const raw = localStorage.getItem(KEY + form);
    return raw ? (JSON.parse(raw) as LocalDraft<T>) : undefined;
  } catch {
    return undefined;
  }
}

/** Drops the draft of `form`. */
export function clearDraft(form: string): void {
  try {
    localStorage.removeItem(KEY + form);
  } catch {
    // see saveDraft
  }
}
