/**
 * Emergency notices and messages: the form that publishes one (target, title, body, expiry) and the
 * list of active ones with 撤销 and, per override, which screens acknowledged it and how fast.
 * Emergencies are 全屏接管 or 横幅 as staff choose; publishing one asks how many screens it reaches,
 * and 撤销 asks before screens go back to their schedule.
 */
import { OverrideInput, overrideDisplay, type Hall } from '../../content/model';
import { confirmDialog } from '../ui/dialog';
import { DISPLAY_TEXT, displayChoice } from './display-choice';
import { AckRows } from './ack-view';
import { api, type OverrideView, type ScreenView } from '../api';
import type { ViewContext } from '../context';
import { h, mount, options } from '../ui/dom';
import { errorText, toast, withBusy } from '../ui/feedback';
import { errorSlot, field, showIssues } from '../ui/fields';
import { OVERRIDE_KIND_LABELS, labelPairs } from '../ui/labels';
import { badge, button, loadError, table } from '../page';
import { confirmTakeover } from './takeover-confirm';
import { describeTarget, targetPicker } from '../ui/target-picker';
import { formatDateTime, fromLocalInput, toLocalInput } from '../time/time-format';

export interface OverridesPanel { form: HTMLElement; list: HTMLElement; reload(): Promise<void>; dispose(): void }

/** Builds both parts; the list follows `changed: overrides` and drops entries as they expire. */
export function overridesPanel(ctx: ViewContext, screens: ScreenView[], halls: Hall[]): OverridesPanel {
  const kind = h('select', { 'data-testid': 'override-kind' }, options(labelPairs(OVERRIDE_KIND_LABELS), 'message'));
  const target = targetPicker('override', ['all', 'halls', 'areas', 'screens'], screens, halls, { all: true });
  const title = h('input', { type: 'text', 'data-testid': 'override-title', maxlength: 100, placeholder: '例如：系统升级，暂停办理业务' });
  const body = h('textarea', { 'data-testid': 'override-body', rows: 3, placeholder: '详细说明（可选）' });
  const expires = h('input', { type: 'datetime-local', 'data-testid': 'override-expires' });
  const preset = (label: string, minutes: number) =>
    h('button', { type: 'button', class: 'btn small', 'data-testid': `override-expires-${minutes}`, onclick: () => {
      expires.value = toLocalInput(new Date(Date.now() + minutes * 60_000).toISOString());
    } }, label);
  const send = h('button', { type: 'submit', class: 'btn primary', 'data-testid': 'override-send' }, '立即发布');
  const display = displayChoice('override');
  // Red for an emergency; only an emergency has a choice of 全屏接管 / 横幅 (a message is always a band).
  const showKind = () => {
    send.classList.toggle('danger', kind.value === 'emergency');
    send.classList.toggle('primary', kind.value !== 'emergency');
    display.el.hidden = kind.value !== 'emergency';
  };
  kind.onchange = showKind;
  showKind();

  const form = h('form', { novalidate: true }, [
    h('div', { class: 'form-grid' }, [
      field('类型', kind, { path: 'kind', hint: '信息提示以横幅显示，叫号照常；紧急通知可选全屏接管或横幅' }),
      field('自动结束（可选）', h('div', {}, [expires, h('div', { class: 'chip-row' }, [preset('30 分钟', 30), preset('2 小时', 120), preset('8 小时', 480)])]), { path: 'expiresAt' }),
      field('标题', title, { path: 'title', required: true, wide: true }),
      field('内容', body, { path: 'body', wide: true }),
    ]),
    display.el,
    target.el,
    errorSlot(''),
    h('div', { class: 'form-actions' }, send),
  ]);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const parsed = OverrideInput.safeParse({
      kind: kind.value, target: target.read(), title: title.value, body: body.value, expiresAt: fromLocalInput(expires.value),
      ...(kind.value === 'emergency' && { display: display.read() }),
    });
    const past = parsed.success && parsed.data.expiresAt && Date.parse(parsed.data.expiresAt) <= Date.now();
    if (!parsed.success || past) {
      showIssues(form, parsed.success ? [{ code: 'custom', path: ['expiresAt'], message: '结束时间已过', input: undefined }] : parsed.error.issues);
      return;
    }
    void withBusy(send, async () => {
      if (parsed.data.kind === 'emergency' && !(await confirmTakeover(parsed.data, ctx, halls, screens))) return;
      await api.createOverride(parsed.data);
      toast(`${OVERRIDE_KIND_LABELS[parsed.data.kind]}已发布`);
      title.value = body.value = expires.value = '';
      await reload();
    });
  });

  const list = h('div', {});
  const ackRows = new AckRows((id) => () => api.overrideAcks(id));
  let active: OverrideView[] = [];
  const render = () => {
    const now = Date.now();
    const shown = active
      .filter((o) => !o.expiresAt || Date.parse(o.expiresAt) > now)
      .sort((a, b) => (a.kind === b.kind ? b.createdAt.localeCompare(a.createdAt) : a.kind === 'emergency' ? -1 : 1));
    ackRows.retain(new Set(shown.map((o) => o.id)));
    const rows = shown.flatMap((o) => {
      const clear = button('撤销', 'override-clear', async () => {
        const what = o.kind === 'emergency' && overrideDisplay(o) === 'fullscreen' ? '屏幕将恢复排期内容和叫号' : '横幅将从屏幕上消失';
        if (!(await confirmDialog(`撤销「${o.title}」？${describeTarget(o.target, screens, halls)}的${what}。`, '确认撤销'))) return;
        await withBusy(clear, async () => {
          await api.deleteOverride(o.id);
          toast(`已撤销「${o.title}」`);
          await reload();
        });
      }, 'danger');
      const acks = ackRows.build(o.id, 6);
      const row = h('tr', { 'data-testid': 'override-row', 'data-override-id': o.id, 'data-kind': o.kind }, [
        h('td', {}, [
          badge(OVERRIDE_KIND_LABELS[o.kind], o.kind === 'emergency' ? 'red' : 'blue'),
          o.kind === 'emergency' && h('small', { class: 'muted block', 'data-testid': 'override-display' }, DISPLAY_TEXT[overrideDisplay(o)].label),
        ]),
        h('td', { class: 'title-cell' }, [o.title, o.body && h('small', { class: 'muted block clamp' }, o.body)]),
        h('td', {}, describeTarget(o.target, screens, halls)),
        h('td', { class: 'nowrap' }, [formatDateTime(o.createdAt), h('small', { class: 'muted block', 'data-testid': 'override-by' }, o.createdByName ?? o.createdBy)]),
        h('td', { class: 'nowrap' }, o.expiresAt ? formatDateTime(o.expiresAt) : '手动撤销'),
        h('td', {}, h('div', { class: 'row-actions' }, [acks.toggle, clear])),
      ]);
      return [row, acks.detail];
    });
    mount(list, table(['类型', '标题', '投放目标', '发布', '结束', '操作'], rows, '当前没有插播，屏幕正常播放排期内容', 'override-table'));
  };
  const reload = async () => {
    try {
      active = await api.listOverrides();
      render();
    } catch (err) {
      mount(list, loadError(errorText(err), () => void reload()));
    }
  };
  void reload();
  const off = ctx.live.onChanged(['overrides'], () => void reload());
  const tick = setInterval(render, 15_000);
  return { form, list, reload, dispose: () => { off(); clearInterval(tick); ackRows.dispose(); } };
}
