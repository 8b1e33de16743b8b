/** Copying text for staff: player links, integration tokens. */
import { h } from './dom';

/** Copies text; falls back to a hidden textarea where the Clipboard API needs a secure context. */
export async function copyText(text: string): Promise<void> {
  if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
  const ta = h('textarea', { class: 'visually-hidden', readonly: true }, text);
  document.body.append(ta);
  ta.select();
  const ok = document.execCommand('copy');
  ta.remove();
  if (!ok) throw new Error('copy refused');
}
