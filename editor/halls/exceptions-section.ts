/**
 * 节假日与例外日期 in 系统设置: the district's default list (admins of every hall) and one form per hall.
 * Each list is validated with content's `ExceptionDays` (date format, end after start unless 跨夜 is
 * ticked, one entry per date) and saved whole; the hall's screens follow at once, offline too.
 */
import { EXCEPTION_KIND_LABELS, ExceptionDays, type ExceptionDay, type Hall } from '../../content/model';
import type { ViewContext } from '../context';
import { can } from '../access/roles';
import { h, mount } from '../ui/dom';
import { errorText, toast, withBusy } from '../ui/feedback';
import { clearIssues, showIssues } from '../ui/fields';
import { zoneLabel } from '../time/hall-time';
import { loadError, loading } from '../ui/page';
import { exceptionFields } from './exception-fields';
import { exceptionsApi } from './exceptions-api';
import { perHallSection } from './per-hall-section';

/** `2027-02-10 春节 闭馆`, `2027-02-11 特殊营业时间 09:00–12:00`, `… 照常营业`: the district's list as a hall admin reads it. */
export function describeException(d: ExceptionDay): string {
  const what = d.kind === 'hours' ? `${EXCEPTION_KIND_LABELS.hours} ${d.windows.map((w) => `${w.start}–${w.overnight ? '次日 ' : ''}${w.end}`).join('、')}` : EXCEPTION_KIND_LABELS[d.kind];
  return [d.date, d.name, what].filter(Boolean).join(' ');
}

/** One list form: validates, saves with `save`, tracks unsaved typing for the section's reloads. */
function listForm(opts: { testid: string; title: HTMLElement; initial: readonly ExceptionDay[]; hint: string; save(list: ExceptionDay[]): Promise<unknown>; saved: string; onSaved?: () => void }): HTMLFormElement {
  const fields = exceptionFields(opts.initial);
  const save = h('button', { type: 'submit', class: 'btn primary', 'data-testid': `${opts.testid}-save` }, '保存');
  const form = h('form', { class: 'settings-hall exceptions-form', 'data-testid': opts.testid, novalidate: true }, [
    opts.title,
    h('div', { class: 'stack' }, [h('small', { class: 'muted' }, opts.hint), fields.el]),
    h('div', { class: 'row-actions' }, [save]),
  ]);
  const initial = JSON.stringify(fields.read());
  const markDirty = () => { form.dataset.dirty = String(JSON.stringify(fields.read()) !== initial); };
  form.dataset.dirty = 'false';
  form.addEventListener('input', markDirty);
  form.addEventListener('change', markDirty);
  form.addEventListener('click', (e) => { if ((e.target as Element).closest('button[type="button"]')) markDirty(); });
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const parsed = ExceptionDays.safeParse(fields.read());
    if (!parsed.success) return void showIssues(form, parsed.error.issues.map((i) => ({ ...i, path: ['exceptions', ...i.path] })));
    clearIssues(form);
    void withBusy(save, async () => {
      await opts.save(parsed.data);
      form.dataset.dirty = 'false';
      toast(opts.saved);
      opts.onSaved?.();
    });
  });
  return form;
}

function hallForm(hall: Hall, onSaved: () => void): HTMLElement {
  const form = listForm({
    testid: 'hall-exceptions',
    title: h('div', {}, [h('strong', {}, hall.name), h('small', { class: 'muted block' }, zoneLabel(hall.timezone))]),
    initial: hall.exceptions ?? [],
    hint: '本厅的日期优先于全区安排；闭馆当天屏幕待机，特殊营业时间以外同样待机；全区闭馆而本厅营业的日子选「照常营业」。',
    save: (list) => exceptionsApi.setHallExceptions(hall.id, list),
    saved: `「${hall.name}」的例外日期已保存，屏幕随即更新`,
    onSaved,
  });
  form.dataset.hallId = hall.id;
  return form;
}

/** The district list: a form for admins of every hall, a read-only line for everyone else. */
function districtPart(ctx: ViewContext): { el: HTMLElement; dispose(): void } {
  const el = h('div', { 'data-testid': 'district-exceptions-part' }, loading());
  const load = async () => {
    try {
      const { exceptions } = await exceptionsApi.districtExceptions();
      if (el.querySelector('[data-dirty="true"]')) return;
      if (can(ctx.user, 'system')) {
        mount(el, listForm({
          testid: 'district-exceptions',
          title: h('div', {}, [h('strong', {}, '全区默认'), h('small', { class: 'muted block' }, '各营业厅当地日历')]),
          initial: exceptions,
          hint: '所有营业厅执行，除非某厅为同一天另有安排（如春节值班）。',
          save: (list) => exceptionsApi.setDistrictExceptions(list),
          saved: '全区例外日期已保存，各营业厅屏幕随即更新',
          onSaved: () => void load(),
        }));
      } else {
        mount(el, h('p', { class: 'muted', 'data-testid': 'district-exceptions-readonly' },
          exceptions.length ? `全区默认：${exceptions.map(describeException).join('；')}` : '全区默认：无'));
      }
    } catch (err) {
      mount(el, loadError(errorText(err), () => void load()));
    }
  };
  void load();
  return { el, dispose: ctx.live.onChanged(['district'], () => void load()) };
}

/** The card body: the district list, then one form per hall the user sees. */
export function exceptionsSection(ctx: ViewContext): { el: HTMLElement; dispose(): void } {
  const district = districtPart(ctx);
  const halls = perHallSection(ctx, { testid: 'settings-hall-exceptions', form: hallForm });
  return { el: h('div', { class: 'stack' }, [district.el, halls.el]), dispose: () => { district.dispose(); halls.dispose(); } };
}
