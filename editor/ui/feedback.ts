/**
 * Toasts and busy buttons: every action tells the user how it went, and a button cannot be pressed
 * twice while its request is in flight.
 */
import { ApiError } from '../api';
import { h } from './dom';

type ToastKind = 'success' | 'error' | 'info';

const MAX_TOASTS = 3;
let host: HTMLElement | undefined;

/** Shows a short message at the top; errors stay longer because they need reading. */
export function toast(message: string, kind: ToastKind = 'success'): void {
  if (!host || !host.isConnected) {
    host = h('div', { class: 'toasts', role: 'status', 'aria-live': 'polite', popover: 'manual' });
    document.body.append(host);
  }
  const el = h('div', { class: `toast toast-${kind}`, 'data-testid': 'toast', 'data-kind': kind }, message);
  host.append(el);
  // A burst of actions should not wall off the page: keep the newest few.
  while (host.children.length > MAX_TOASTS) host.firstElementChild?.remove();
  // NOTE: a modal <dialog> sits in the top layer above any z-index; re-showing the popover puts the
  // toasts above it, so a failed save inside a dialog is still readable.
  if (host.matches(':popover-open')) host.hidePopover();
  host.showPopover();
  const shown = host;
  setTimeout(() => {
    el.remove();
    if (!shown.children.length && shown.matches(':popover-open')) shown.hidePopover();
  }, kind === 'error' ? 7000 : 3500);
}

/** Words for any thrown value: our API errors carry their own, anything else is a bug. */
export function errorText(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  console.error('[editor]', err);
  return '出现意外错误，请刷新页面后重试';
}

/**
 * Runs `action` with `button` disabled; a failure becomes an error toast. Resolves true on success so
 * callers can navigate away only then.
 */
export async function withBusy(button: HTMLButtonElement, action: () => Promise<unknown>): Promise<boolean> {
  if (button.disabled) return false;
  button.disabled = true;
  button.setAttribute('aria-busy', 'true');
  try {
    await action();
    return true;
  } catch (err) {
    toast(errorText(err), 'error');
    return false;
  } finally {
    button.disabled = false;
    button.removeAttribute('aria-busy');
  }
}
