/** The search field above a list: filters as staff type, Esc clears. */
import { h } from './dom';

/** A labelled search input; `onChange` gets the text on every keystroke. */
export function searchBox(testid: string, placeholder: string, onChange: (text: string) => void): HTMLInputElement {
  const input = h('input', { type: 'search', 'data-testid': testid, placeholder, 'aria-label': placeholder, autocomplete: 'off' });
  input.addEventListener('input', () => onChange(input.value));
  input.addEventListener('keydown', (e) => {
    if (e.key !== 'Escape' || !input.value) return;
    input.value = '';
    onChange('');
  });
  return input;
}
