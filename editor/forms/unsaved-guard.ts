/**
 * Unsaved changes are not lost by accident: while a form with changes is open, closing the tab or
 * reloading asks the browser's own question (`beforeunload`), and the app's navigation (links, the
 * back button) asks ours. One form at a time holds the guard.
 */
import { confirmDialog } from '../ui/dialog';

let dirty: (() => boolean) | undefined;

const onBeforeUnload = (e: BeforeUnloadEvent): void => {
  if (!dirty?.()) return;
  e.preventDefault();
  // NOTE: older Chromium needs returnValue set; the text itself is never shown.
  e.returnValue = '';
};

/** Guards while the returned function is not called; `isDirty` says whether there is something to lose. */
export function guardUnsaved(isDirty: () => boolean): () => void {
  dirty = isDirty;
  window.addEventListener('beforeunload', onBeforeUnload);
  return () => {
    if (dirty === isDirty) dirty = undefined;
    window.removeEventListener('beforeunload', onBeforeUnload);
  };
}

/**
 * For the router, before it leaves the current view for `target`: true = go on. With unsaved
 * changes it puts `current` back in the address bar, asks, and navigates to `target` itself once
 * the person agrees (so the caller should then do nothing).
 */
export function mayLeave(current: string, target: string): boolean {
  if (!dirty?.()) return true;
  history.replaceState(null, '', current);
  void confirmDialog('有未保存的修改。离开后可以在下次打开时恢复本机保存的草稿。确定离开？', '离开').then((ok) => {
    if (!ok) return;
    dirty = undefined;
    location.hash = target;
  });
  return false;
}
