/** Modal dialogs on the native <dialog> element (focus trap and Esc for free). */
import { h, type Child } from './dom';

/** Opens a modal; returns a function that closes it. The dialog removes itself when closed. */
export function openDialog(title: string, body: Child, opts: { testid?: string; wide?: boolean } = {}): () => void {
  const close = () => dialog.close();
  const dialog = h('dialog', { class: `dialog${opts.wide ? ' wide' : ''}`, 'data-testid': opts.testid ?? 'dialog' }, [
    h('header', {}, [
      h('h2', {}, title),
      h('button', { type: 'button', class: 'icon-btn', 'aria-label': '关闭', 'data-testid': 'dialog-close', onclick: close }, '×'),
    ]),
    h('div', { class: 'dialog-body' }, body),
  ]);
  dialog.addEventListener('close', () => dialog.remove());
  document.body.append(dialog);
  dialog.showModal();
  return close;
}

/**
 * Asks before something that cannot be undone. Not `window.confirm`: that blocks the page and
 * automated browsers dismiss it silently.
 */
export function confirmDialog(message: string, okLabel = '删除'): Promise<boolean> {
  return new Promise((resolve) => {
    let answer = false;
    const ok = h('button', { type: 'button', class: 'btn danger', 'data-testid': 'confirm-ok' }, okLabel);
    const cancel = h('button', { type: 'button', class: 'btn', 'data-testid': 'confirm-cancel' }, '取消');
    const close = openDialog('请确认', [h('p', {}, message), h('div', { class: 'actions' }, [cancel, ok])], { testid: 'confirm-dialog' });
    ok.onclick = () => {
      answer = true;
      close();
    };
    cancel.onclick = close;
    const dialog = ok.closest('dialog');
    dialog?.addEventListener('close', () => resolve(answer));
    cancel.focus();
  });
}
