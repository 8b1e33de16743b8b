/**
 * 全屏接管 or 横幅: how an emergency shows, chosen knowingly before it goes out. Each option says
 * what happens to content and calls, in the words the duty operator needs.
 */
import type { OverrideDisplay } from '../../content/model';
import { h } from '../ui/dom';

/** What each choice does on the screens (also shown in the takeover confirmation). */
export const DISPLAY_TEXT: Record<OverrideDisplay, { label: string; effect: string }> = {
  fullscreen: { label: '全屏接管', effect: '屏幕只显示这条通知：排期内容和叫号都暂停（叫号不显示也不播报），结束后恢复当前叫号状态。' },
  banner: { label: '横幅', effect: '通知以红色横幅显示在屏幕底部：排期内容和叫号照常显示、照常播报。' },
};

export interface DisplayChoice {
  el: HTMLElement;
  read(): OverrideDisplay;
  /** Selects `value` (a preset's suggestion); staff may still change it. */
  set(value: OverrideDisplay): void;
}

/** Two radio cards; `initial` is preselected (fullscreen keeps the behaviour before the choice existed). */
export function displayChoice(prefix: string, initial: OverrideDisplay = 'fullscreen'): DisplayChoice {
  const name = `${prefix}-display-${Math.random().toString(36).slice(2, 8)}`;
  const radios = (Object.keys(DISPLAY_TEXT) as OverrideDisplay[]).map((value) => {
    const input = h('input', { type: 'radio', name, value, 'data-testid': `${prefix}-display-${value}`, checked: value === initial });
    return { value, input, el: h('label', { class: 'display-option' }, [input, h('span', {}, [h('strong', {}, DISPLAY_TEXT[value].label), h('small', { class: 'muted block' }, DISPLAY_TEXT[value].effect)])]) };
  });
  return {
    el: h('fieldset', { class: 'display-choice', 'data-testid': `${prefix}-display` }, [h('legend', {}, '显示方式'), radios.map((r) => r.el)]),
    read: () => radios.find((r) => r.input.checked)?.value ?? initial,
    set: (value) => { for (const r of radios) r.input.checked = r.value === value; },
  };
}
