/**
 * A 系统设置 card body with one form per hall (叫号模板, 文字变量, 设备告警): loads the halls the user sees,
 * and follows `changed: halls` unless one of its forms holds unsaved typing (`data-dirty="true"`).
 */
import type { Hall } from '../../content/model';
import { api } from '../api';
import type { ViewContext } from '../context';
import { h, mount } from '../ui/dom';
import { errorText } from '../ui/feedback';
import { loadError, loading } from '../ui/page';

export function perHallSection(
  ctx: ViewContext,
  opts: { testid: string; form: (hall: Hall, onSaved: () => void) => HTMLElement; empty?: string },
): { el: HTMLElement; dispose(): void } {
  const el = h('div', { 'data-testid': opts.testid }, loading());
  const reload = async () => {
    try {
      const halls = await api.listHalls();
      mount(el, halls.length ? halls.map((x) => opts.form(x, () => void reload())) : h('p', { class: 'muted' }, opts.empty ?? '还没有营业厅'));
    } catch (err) {
      mount(el, loadError(errorText(err), () => void reload()));
    }
  };
  const off = ctx.live.onChanged(['halls'], () => {
    if (!el.querySelector('[data-dirty="true"]')) void reload();
  });
  void reload();
  return { el, dispose: off };
}
