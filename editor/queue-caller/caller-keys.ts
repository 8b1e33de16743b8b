/**
 * Keyboard shortcuts of the counter caller (叫号器), pure so they are tested without a browser. Single
 * letters a hand finds without looking, plus the function keys many USB call pads send.
 */
import type { CounterAction } from '../../content/ticketing-model';

/** The shortcut shown on each button. */
export const SHORTCUT_LABELS: Record<CounterAction, string> = { next: 'N', recall: 'R', skip: 'G', transfer: 'T', done: 'D', pause: 'P', resume: 'P' };

const KEYS: Record<string, CounterAction | 'pauseToggle'> = {
  n: 'next',
  F1: 'next',
  r: 'recall',
  F2: 'recall',
  g: 'skip',
  F3: 'skip',
  t: 'transfer',
  F4: 'transfer',
  d: 'done',
  F5: 'done',
  p: 'pauseToggle',
  F6: 'pauseToggle',
};

/** The action a key press asks for, or undefined (modifier held, typing in a field, unknown key). */
export function shortcutAction(e: { key: string; ctrlKey?: boolean; altKey?: boolean; metaKey?: boolean; typing?: boolean }, paused: boolean): CounterAction | undefined {
  if (e.ctrlKey || e.altKey || e.metaKey || e.typing) return undefined;
  const a = KEYS[e.key.length === 1 ? e.key.toLowerCase() : e.key];
  if (a === 'pauseToggle') return paused ? 'resume' : 'pause';
  return a;
}

/** `mm:ss` (or `h:mm:ss`) of a duration in ms; never negative. */
export function formatTimer(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const pad = (n: number) => String(n).padStart(2, '0');
  return s >= 3600 ? `${Math.floor(s / 3600)}:${pad(Math.floor(s / 60) % 60)}:${pad(s % 60)}` : `${pad(Math.floor(s / 60))}:${pad(s % 60)}`;
}
