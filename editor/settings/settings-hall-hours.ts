/**
 * 营业时间与默认内容, per hall: business hours per area, what screens show outside them (standby:
 * dimmed hall name and clock, or black), and the hall's and each area's default playlist. One form
 * (`hall-hours`) per hall, validated with `HallInput.partial()` and saved with one PATCH.
 */
import { HallInput, StandbyMode, type Hall, type Playlist } from '../../content/model';
import type { z } from 'zod';
import { ApiError, api, type HallPatch } from '../api';
import type { ViewContext } from '../context';
import { h, mount } from '../ui/dom';
import { errorText, toast, withBusy } from '../ui/feedback';
import { errorSlot, group, showIssues } from '../ui/fields';
import { defaultsFields } from './hall-defaults';
import { hoursFields, hoursIssue } from './hall-hours';
import { loadError, loading } from '../ui/page';

const HallSettings = HallInput.partial();
type Standby = z.infer<typeof StandbyMode>;
const STANDBY_LABELS: Record<Standby, string> = { dim: '待机画面（调暗）', blank: '黑屏' };

interface HallForm { el: HTMLFormElement; setPlaylists(playlists: readonly Playlist[]): void }

/** The server refused `defaultPlaylistId: null`: say what staff can do instead, beside the picker. */
function clearRefused(err: unknown): boolean {
  return err instanceof ApiError && err.failure.kind === 'invalid' && (err.failure.message ?? '').includes('defaultPlaylistId');
}

function hallForm(hall: Hall, playlists: readonly Playlist[]): HallForm {
  let stored = hall;
  const hours = hoursFields(hall);
  const defaults = defaultsFields(hall, playlists);
  const standby = StandbyMode.options.map((mode) =>
    h('label', { class: 'radio' }, [
      h('input', { type: 'radio', name: `standby-${hall.id}`, value: mode, 'data-testid': `hall-standby-${mode}`, checked: (hall.standby ?? 'dim') === mode }),
      STANDBY_LABELS[mode],
    ]),
  );
  const save = h('button', { type: 'submit', class: 'btn primary', 'data-testid': 'hall-hours-save' }, '保存');

  const collect = () => {
    const picked = standby.map((l) => l.querySelector('input')!).find((i) => i.checked)?.value;
    return { hours: hours.read(), standby: picked, ...defaults.read() };
  };
  let initial = JSON.stringify(collect());

  const form = h('form', { class: 'hall-hours', 'data-testid': 'hall-hours', 'data-hall-id': hall.id, novalidate: true }, [
    h('div', { class: 'hall-hours-title' }, [h('strong', {}, hall.name), h('small', { class: 'muted' }, hall.timezone)]),
    group('营业时间', [
      h('p', { class: 'muted small' }, '营业时间以外，该区域的屏幕显示待机画面，排期和默认内容都不播放。不设营业时间（24 小时）的区域始终播放，如自助服务区。'),
      h('p', { class: 'muted small' }, `时间为营业厅当地时间（${hall.timezone}）；结束早于开始表示跨越午夜，如 22:00 至次日 06:00。`),
      hours.el,
    ]),
    group('非营业时间显示', [
      h('div', { class: 'radio-row', role: 'radiogroup', 'aria-label': '非营业时间显示' }, standby),
      h('small', { class: 'hint' }, '待机画面：调暗显示营业厅名称与时钟；黑屏：屏幕全黑（LED 屏可省电）'),
      errorSlot('standby'),
    ]),
    group('默认内容', [
      h('p', { class: 'muted small' }, '营业时间内没有生效的排期时播放。先看本屏默认（在「屏幕」里设置），再看区域默认，最后是营业厅默认。'),
      defaults.el,
    ]),
    errorSlot(''),
    h('div', { class: 'form-actions' }, save),
  ]);
  form.dataset.dirty = 'false';
  const markDirty = () => { form.dataset.dirty = String(JSON.stringify(collect()) !== initial); };
  form.addEventListener('input', markDirty);
  form.addEventListener('change', markDirty);
  // Adding or removing a window is a click, not an input event.
  form.addEventListener('click', (e) => { if ((e.target as Element).closest('button[type="button"]')) markDirty(); });

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const parsed = HallSettings.safeParse(collect());
    if (!parsed.success) return void showIssues(form, parsed.error.issues.map(hoursIssue));
    const { hours: h0, standby: mode, areaDefaults, defaultPlaylistId } = parsed.data;
    // PATCH merges fields: whole `hours` and `areaDefaults` replace the stored ones; the hall default
    // can only be dropped by asking for null.
    const clearing = !defaultPlaylistId && stored.defaultPlaylistId !== undefined;
    const body: HallPatch = {
      hours: h0 ?? {}, standby: mode ?? 'dim', areaDefaults: areaDefaults ?? {},
      ...(defaultPlaylistId ? { defaultPlaylistId } : clearing ? { defaultPlaylistId: null } : {}),
    };
    void withBusy(save, async () => {
      try {
        stored = await api.updateHall(hall.id, body);
      } catch (err) {
        if (clearing && clearRefused(err)) {
          const message = '服务器暂不支持清除营业厅默认内容，请改选一个播放列表';
          showIssues(form, [{ code: 'custom', path: ['defaultPlaylistId'], message }]);
          throw new ApiError({ kind: 'invalid', message }); // the server's own words name a JSON field
        }
        throw err;
      }
      initial = JSON.stringify(collect());
      form.dataset.dirty = 'false';
      // Other halls' forms rebuild on the `changed` that follows, unless one is being edited.
      toast(`「${hall.name}」的营业时间与默认内容已保存`);
    });
  });
  return { el: form, setPlaylists: (p) => defaults.setPlaylists(p) };
}

/** The card body; rebuilds on `changed: halls` unless a form is being edited, refreshes pickers on `playlists`. */
export function hallHoursSection(ctx: ViewContext): { el: HTMLElement; dispose(): void } {
  const el = h('div', { 'data-testid': 'settings-hall-hours' }, loading());
  let forms: HallForm[] = [];
  const reload = async () => {
    try {
      const [halls, playlists] = await Promise.all([api.listHalls(), api.listPlaylists()]);
      forms = halls.map((x) => hallForm(x, playlists));
      mount(el, forms.length ? forms.map((f) => f.el) : h('p', { class: 'muted' }, '还没有营业厅：在「屏幕」页新建'));
    } catch (err) {
      mount(el, loadError(errorText(err), () => void reload()));
    }
  };
  const offHalls = ctx.live.onChanged(['halls'], () => {
    if (!el.querySelector('[data-dirty="true"]')) void reload();
  });
  const offPlaylists = ctx.live.onChanged(['playlists'], () => {
    void api.listPlaylists().then((p) => { for (const f of forms) f.setPlaylists(p); }, () => undefined);
  });
  void reload();
  return { el, dispose: () => { offHalls(); offPlaylists(); } };
}
