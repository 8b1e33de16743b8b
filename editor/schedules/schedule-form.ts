/** 新建 / 编辑排期: name, playlist, target, priority and optional time rules; validated with `ScheduleInput`. */
import type { z } from 'zod';
import { ScheduleInput, type Hall, type Playlist, type Schedule } from '../../content/model';
import { api, type ScreenView } from '../api';
import type { View } from '../context';
import { h, mount, options } from '../ui/dom';
import { errorText, toast, withBusy } from '../ui/feedback';
import { clearIssues, errorSlot, field, showIssues } from '../ui/fields';
import { card, loadError, loading, pageHeader } from '../ui/page';
import { lockForm, scheduleLock } from '../access/content-lock';
import { layoutSelect } from '../layouts/layout-select';
import { keepUnsaved } from '../forms/unsaved-edits';
import { conflictsPanel } from './schedule-conflicts';
import { targetPicker } from '../ui/target-picker';
import { whenFields } from './when-fields';

export const scheduleFormView: View = (root, ctx, [idParam = 'new']) => {
  let dispose = () => {};
  mount(root, loading());
  const load = async () => {
    try {
      const [schedules, playlists, screens, halls] = await Promise.all([
        idParam === 'new' ? [] : api.listSchedules(), api.listPlaylists(), api.listScreens(), api.listHalls(),
      ]);
      const schedule = schedules.find((s) => s.id === idParam);
      if (idParam !== 'new' && !schedule) mount(root, loadError('这个排期不存在，可能已被删除', () => ctx.go('#/schedules')));
      else build(schedule, playlists, screens, halls);
    } catch (err) {
      mount(root, loadError(errorText(err), () => void load()));
    }
  };
  void load();

  /** `source` is what the fields show (the stored entry, or it with a restored draft); `baseline` what "unchanged" is. */
  function build(schedule: Schedule | undefined, playlists: Playlist[], screens: ScreenView[], halls: Hall[], source: Schedule | undefined = schedule, baseline?: string): void {
    if (!root.isConnected) return; // left while loading: nothing to show, nothing to subscribe
    dispose();
    const name = h('input', { type: 'text', 'data-testid': 'schedule-name', value: source?.name ?? '', placeholder: '例如：工作日日常轮播' });
    const playlist = h('select', { 'data-testid': 'schedule-playlist' }, options(
      [['', playlists.length ? '— 选择播放列表 —' : '请先新建播放列表'], ...playlists.map((p): [string, string] => [p.id, `${p.name}（${p.items.length} 项）`])],
      source?.playlistId ?? '',
    ));
    const priority = h('input', { type: 'number', 'data-testid': 'schedule-priority', step: 1, min: -1000, max: 1000, value: String(source?.priority ?? 0) });
    const target = targetPicker('schedule', ['screens', 'areas', 'halls'], screens, halls, source?.target);
    const when = whenFields(source?.when);
    const layout = layoutSelect(source?.layoutId, '跟随屏幕自己的布局', 'schedule-layout');
    const save = h('button', { type: 'submit', class: 'btn primary', 'data-testid': 'schedule-save' }, '保存');
    const cancel = h('a', { href: '#/schedules', class: 'btn ghost', 'data-testid': 'schedule-cancel' }, '取消');
    const readRaw = () => ({
      name: name.value,
      playlistId: playlist.value,
      priority: priority.value.trim() === '' ? undefined : Number(priority.value),
      target: target.read(),
      when: when.read(),
      layoutId: layout.read(),
    });
    // Conflicts depend only on target, priority and time; a name or playlist not chosen yet must not
    // hold the check back, so stand-ins fill them (the server saves nothing here).
    const conflicts = conflictsPanel(() => {
      const raw = readRaw();
      const parsed = ScheduleInput.safeParse({ ...raw, name: raw.name.trim() || '未命名排期', playlistId: raw.playlistId || 'unset' });
      return parsed.success ? parsed.data : undefined;
    }, schedule?.id);

    const form = h('form', { novalidate: true }, [
      card('基本信息', h('div', { class: 'form-grid' }, [
        field('名称', name, { path: 'name', required: true }),
        field('播放列表', playlist, { path: 'playlistId', required: true }),
        field('优先级', priority, { path: 'priority', hint: '数字越大越优先（如紧急宣传设为 10，日常为 0）' }),
        field('布局（可选）', layout.select, { path: 'layoutId', hint: '播放期间屏幕按此布局分区，播放列表在主画面区域播放' }),
      ])),
      card(null, target.el),
      card(null, when.el),
      conflicts.el,
      errorSlot(''),
      h('div', { class: 'form-actions' }, [cancel, save]),
    ]);
    const edits = keepUnsaved({
      prefix: 'schedule', key: `schedule:${schedule?.id ?? 'new'}`, form, read: readRaw, cancel, baseline,
      restore: (value, initial) => build(schedule, playlists, screens, halls, { ...(schedule ?? {}), ...value } as Schedule, initial),
    });
    const locked = schedule && scheduleLock(ctx.user, schedule.target, screens);
    if (locked) lockForm(form, locked);
    form.prepend(edits.bar);
    /** Every complaint about the form as it is now (schema issues and unconfirmed overnight windows). */
    const problems = () => {
      const parsed = ScheduleInput.safeParse(readRaw());
      const issues: z.core.$ZodIssue[] = parsed.success ? [] : parsed.error.issues.map((i) => (i.path[0] === 'playlistId' ? { ...i, message: '请选择播放列表' } : i));
      if (when.unconfirmedOvernight() > 0)
        issues.push({ code: 'custom', path: ['when', 'windows'], message: '有时段的结束早于开始：请勾选“这是跨夜时段”确认，或修改时间', input: undefined });
      return { parsed, issues };
    };
    // After a refused save, complaints follow the form as it changes: a fixed (or cleared) field never keeps a stale error.
    let refused = false;
    for (const type of ['input', 'change']) form.addEventListener(type, () => {
      if (!refused) return;
      const { issues } = problems();
      if (issues.length) showIssues(form, issues);
      else clearIssues(form);
    });
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const { parsed, issues } = problems();
      if (!parsed.success || issues.length) {
        refused = true;
        showIssues(form, issues);
        toast('请按提示修改后再保存', 'error');
        return;
      }
      void withBusy(save, async () => {
        if (schedule) await api.updateSchedule(schedule.id, parsed.data);
        else await api.createSchedule(parsed.data);
        edits.saved();
        toast('排期已保存，相关屏幕会自动更新');
        ctx.go('#/schedules');
      });
    });
    // Clicks too: adding or removing a time window or an exception date fires no input event.
    for (const type of ['input', 'change', 'click']) form.addEventListener(type, () => conflicts.schedule());
    const offChanged = ctx.live.onChanged(['schedules', 'screens', 'halls'], () => conflicts.schedule(true));
    dispose = () => {
      edits.release();
      conflicts.dispose();
      offChanged();
    };
    mount(root, [pageHeader(locked ? '查看排期' : schedule ? '编辑排期' : '新建排期', '决定哪个播放列表在哪些屏幕、什么时间播放'), form]);
    conflicts.schedule();
    name.focus();
  }
  return () => dispose();
};
