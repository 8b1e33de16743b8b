/**
 * 发布通知, the one way to put a notice on screens now: pick a preset (停电通知 builds its text from
 * its fields, 紧急通知 offers ready texts, 自定义), choose 全屏接管 or 横幅 knowingly, the targets, an
 * end typed on the hall's clock, see the preview, then 确认发布 (`publish-confirm.ts`) names it all.
 * Always sent as an `emergency` override with its `display`, so the severity is the one staff chose.
 */
import { OverrideInput, type Hall, type Target } from '../../content/model';
import { api, type ScreenView } from '../api';
import type { ViewContext } from '../context';
import { openDialog } from '../ui/dialog';
import { h, mount } from '../ui/dom';
import { toast, withBusy } from '../ui/feedback';
import { errorSlot, field, showIssues } from '../ui/fields';
import { targetPicker } from '../ui/target-picker';
import { districtZone, fromHallInput, hallZone, toHallInput, zoneLabel } from '../time/hall-time';
import { displayChoice } from './display-choice';
import { confirmPublish } from './publish-confirm';
import { EMERGENCY_TEXTS, PRESETS, emergencyText, outageReady, outageText, presetOf, type PresetKey } from './publish-presets';

/** End presets in minutes; 0 = until cleared by hand. */
const END_PRESETS: readonly [number, string][] = [[0, '手动撤销'], [30, '30 分钟'], [60, '1 小时'], [120, '2 小时'], [480, '8 小时']];

/** The zone the end is typed in: the targeted hall's (first screen's or hall's), else the district's. */
function zoneFor(t: Target, screens: readonly ScreenView[]): string {
  const hallId = t.hallIds?.[0] ?? screens.find((s) => t.screenIds?.includes(s.id))?.hallId;
  return hallId ? hallZone(hallId) : districtZone();
}

/** Opens the dialog; `onSent` runs after the override was created. */
export function openPublishDialog(ctx: ViewContext, screens: ScreenView[], halls: Hall[], onSent: () => void): void {
  let preset: PresetKey = 'emergency';
  const input = (testid: string, attrs: Record<string, unknown> = {}) => h('input', { type: 'text', 'data-testid': testid, ...attrs });
  const title = input('publish-title', { maxlength: 100, placeholder: '屏幕上最醒目的一行' });
  const body = h('textarea', { 'data-testid': 'publish-body', rows: 3, maxlength: 2000, placeholder: '详细说明' });
  const target = targetPicker('publish', ['all', 'halls', 'areas', 'screens'], screens, halls, halls.length === 1 ? { hallIds: [halls[0]!.id] } : { all: true });
  let zone = zoneFor(target.read(), screens);
  const start = new Date(Math.floor(Date.now() / 300_000) * 300_000).toISOString();
  const region = input('publish-outage-region', { maxlength: 200, placeholder: '例如：城东片区 10kV 东风线' });
  const from = h('input', { type: 'datetime-local', 'data-testid': 'publish-outage-start', value: toHallInput(start, zone) });
  const until = h('input', { type: 'datetime-local', 'data-testid': 'publish-outage-end', value: toHallInput(new Date(Date.parse(start) + 2 * 3600_000).toISOString(), zone) });
  const reason = input('publish-outage-reason', { maxlength: 300, placeholder: '例如：线路故障抢修' });
  const contact = input('publish-outage-contact', { maxlength: 100, value: '95598' });
  const display = displayChoice('publish', presetOf(preset).display);
  const expires = h('input', { type: 'datetime-local', 'data-testid': 'publish-expires' });
  const preview = h('div', { class: 'emergency-preview', 'data-testid': 'publish-preview', 'aria-live': 'polite' });
  const review = h('button', { type: 'submit', class: 'btn danger big', 'data-testid': 'publish-review' }, '下一步：确认发布');

  const outage = () => ({ region: region.value, start: fromHallInput(from.value, zone) ?? '', end: fromHallInput(until.value, zone) ?? '', reason: reason.value, contact: contact.value });
  /** Title and body as they will be sent (the outage preset builds them from its fields). */
  const text = () => (preset === 'outage' ? (outageReady(outage()) ? outageText(outage(), zone) : { title: '', body: '' }) : { title: title.value, body: body.value });
  const endIso = () => (preset === 'outage' ? outage().end || undefined : fromHallInput(expires.value, zone));

  const chips = (items: readonly [string, string][], testid: string, onPick: (key: string) => void, pressed?: string) => {
    const buttons = items.map(([key, label]) => h('button', { type: 'button', class: 'chip-btn', 'data-testid': `${testid}-${key}`, 'aria-pressed': String(key === pressed), onclick: () => {
      for (const b of buttons) b.setAttribute('aria-pressed', String(b.dataset.testid === `${testid}-${key}`));
      onPick(key);
    } }, label));
    return h('div', { class: 'chip-row', role: 'group' }, buttons);
  };
  const templates = chips(EMERGENCY_TEXTS.map((t) => [t.key, t.label]), 'publish-template', (key) => {
    Object.assign(title, { value: emergencyText(key).title });
    body.value = emergencyText(key).body;
    refresh();
  });
  const ends = chips(END_PRESETS.map(([m, label]) => [String(m || 'none'), label]), 'publish-expires', (key) => {
    expires.value = key === 'none' ? '' : toHallInput(new Date(Date.now() + Number(key) * 60_000).toISOString(), zone);
    refresh();
  }, 'none');
  const hint = h('p', { class: 'muted', 'data-testid': 'publish-preset-hint' });
  const tabs = chips(PRESETS.map((p) => [p.key, p.label]), 'publish-preset', (key) => {
    preset = key as PresetKey;
    display.set(presetOf(preset).display);
    showPreset();
  }, preset);
  const textPart = h('div', { class: 'form-grid' }, [field('标题', title, { path: 'title', required: true, wide: true }), field('内容', body, { path: 'body', wide: true })]);
  const templatePart = h('div', { class: 'field' }, [h('span', { class: 'label' }, '现成文字（点选后可修改）'), templates]);
  const outagePart = h('div', { class: 'form-grid' }, [
    field('停电范围（区域 / 线路）', region, { path: 'region', required: true, wide: true }),
    field('停电开始', from, { path: 'start', required: true }),
    field('恢复送电（到时自动结束）', until, { path: 'end', required: true }),
    field('停电原因', reason, { path: 'reason' }),
    field('咨询电话', contact, { path: 'contact' }),
  ]);
  const endPart = field('自动结束', h('div', { class: 'stack' }, [ends, expires]), { path: 'expiresAt', wide: true, hint: '到时自动结束，屏幕离线时也会按时结束' });

  function showPreset() {
    hint.textContent = presetOf(preset).hint;
    outagePart.hidden = preset !== 'outage';
    textPart.hidden = preset === 'outage';
    templatePart.hidden = preset !== 'emergency';
    endPart.hidden = preset === 'outage';
    if (preset === 'custom') title.value = body.value = '';
    refresh();
  }
  function refresh() {
    const next = zoneFor(target.read(), screens);
    if (next !== zone) {
      // Keep the instants the operator meant; only the words of the inputs change with the zone.
      for (const el of [from, until, expires]) el.value = toHallInput(fromHallInput(el.value, zone), next);
      zone = next;
    }
    // field() notes the district's zone under each datetime input; the hall targeted is what counts here.
    for (const note of form.querySelectorAll('[data-testid="zone-note"]')) note.textContent = `按${zoneLabel(zone)}填写`;
    const t = text();
    preview.classList.toggle('empty', !t.title);
    preview.dataset.display = display.read();
    if (!t.title) return mount(preview, h('p', {}, preset === 'outage' ? '填写停电范围和时间后，这里显示屏幕上的文字' : '填写标题后，这里显示屏幕上的文字'));
    mount(preview, [h('small', {}, display.read() === 'banner' ? '横幅（屏幕底部）' : '全屏接管'), h('strong', {}, t.title), t.body && h('p', {}, t.body)]);
  }

  const form = h('form', { class: 'emergency-form', novalidate: true }, [
    h('div', { class: 'field' }, [h('span', { class: 'label' }, '1. 通知类型'), tabs, hint]),
    templatePart, textPart, outagePart,
    display.el,
    target.el,
    endPart,
    h('div', { class: 'field' }, [h('span', { class: 'label' }, '预览：屏幕上的文字'), preview]),
    errorSlot(''),
    h('div', { class: 'form-actions' }, review),
  ]);
  form.addEventListener('input', refresh);
  form.addEventListener('change', refresh);
  const close = openDialog('发布通知', form, { testid: 'publish-dialog', wide: true });
  showPreset();

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    if (preset === 'outage') {
      const f = outage();
      const issues = [
        !f.region.trim() && { path: ['region'], message: '请填写停电范围' },
        Number.isNaN(Date.parse(f.start)) && { path: ['start'], message: '请填写停电开始时间' },
        Number.isNaN(Date.parse(f.end)) ? { path: ['end'], message: '请填写恢复送电时间' }
          : Date.parse(f.end) <= Date.parse(f.start) && { path: ['end'], message: '恢复送电时间必须晚于停电开始时间' },
      ].filter((x) => x !== false).map((x) => ({ code: 'custom' as const, input: undefined, ...x }));
      if (issues.length) return void showIssues(form, issues);
    }
    const parsed = OverrideInput.safeParse({ kind: 'emergency', target: target.read(), ...text(), expiresAt: endIso(), display: display.read() });
    if (!parsed.success) return void showIssues(form, parsed.error.issues);
    if (parsed.data.expiresAt && Date.parse(parsed.data.expiresAt) <= Date.now()) {
      return void showIssues(form, [{ code: 'custom', path: [preset === 'outage' ? 'end' : 'expiresAt'], message: '结束时间已过', input: undefined }]);
    }
    void withBusy(review, async () => {
      if (!(await confirmPublish(parsed.data, ctx, halls, screens, zone))) return;
      await api.createOverride(parsed.data);
      close();
      toast(`通知「${parsed.data.title}」已发布`);
      onSent();
    });
  });
}
