/**
 * 停电通知 form: affected area or lines, start and end, reason, contact (95598). Sent either as an
 * emergency override (title and body composed in Chinese, ends when power is back) or saved as an
 * `outageNotice` slide to be scheduled like any other content (needs the content role).
 */
import { OverrideInput, SlideInput, type Hall } from '../../content/model';
import { api, type ScreenView } from '../api';
import type { ViewContext } from '../context';
import { h, mount } from '../ui/dom';
import { toast, withBusy } from '../ui/feedback';
import { errorSlot, field, group, showIssues } from '../ui/fields';
import { composeOutageNotice } from './outage-text';
import { can } from '../roles';
import { confirmTakeover } from './takeover-confirm';
import { displayChoice } from './display-choice';
import { targetPicker } from '../ui/target-picker';
import { fromLocalInput, toLocalInput } from '../time/time-format';

type Mode = 'emergency' | 'slide';

// NOTE: content's OutageNotice does not order start/end (the slide form checks it too).
const OutageSlideInput = SlideInput.superRefine((s, c) => {
  if (s.type === 'outageNotice' && Date.parse(s.end) <= Date.parse(s.start))
    c.addIssue({ code: 'custom', path: ['end'], message: '恢复送电时间必须晚于停电开始时间' });
});

/** Builds the form; `onSent` runs after an override was published. */
export function outageForm(ctx: ViewContext, screens: ScreenView[], halls: Hall[], onSent: () => void): HTMLElement {
  const mayCreateSlides = can(ctx.user, 'content');
  const start = new Date(Math.floor(Date.now() / 300_000) * 300_000);
  const region = h('input', { type: 'text', 'data-testid': 'outage-form-region', maxlength: 200, placeholder: '例如：城东片区 10kV 东风线（东风路 1–99 号）' });
  const from = h('input', { type: 'datetime-local', 'data-testid': 'outage-form-start', value: toLocalInput(start.toISOString()) });
  const until = h('input', { type: 'datetime-local', 'data-testid': 'outage-form-end', value: toLocalInput(new Date(start.getTime() + 2 * 3600_000).toISOString()) });
  const reason = h('input', { type: 'text', 'data-testid': 'outage-form-reason', maxlength: 300, placeholder: '例如：线路故障抢修 / 计划检修' });
  const contact = h('input', { type: 'text', 'data-testid': 'outage-form-contact', maxlength: 100, value: '95598' });
  const slideTitle = h('input', { type: 'text', 'data-testid': 'outage-form-title', maxlength: 100, value: '停电通知' });
  const expireAtEnd = h('input', { type: 'checkbox', 'data-testid': 'outage-form-expire-at-end', checked: true });
  const target = targetPicker('outage', ['all', 'halls', 'areas', 'screens'], screens, halls, halls.length === 1 ? { hallIds: [halls[0]!.id] } : { all: true });
  const preview = h('div', { class: 'emergency-preview', 'data-testid': 'outage-form-preview', 'aria-live': 'polite' });
  const result = h('p', { class: 'outage-result', 'data-testid': 'outage-form-result', hidden: true });
  const submit = h('button', { type: 'submit', class: 'btn danger', 'data-testid': 'outage-form-submit' }, '发布为紧急通知…');

  let mode: Mode = 'emergency';
  const radio = (m: Mode, label: string) =>
    h('label', { class: 'radio' }, [
      h('input', { type: 'radio', name: 'outage-mode', value: m, checked: m === mode, 'data-testid': `outage-form-mode-${m}`, onchange: () => { mode = m; showMode(); } }),
      label,
    ]);
  // Most outages stop only some business: a band keeps the calls going; a takeover is a knowing choice.
  const display = displayChoice('outage', 'banner');
  const emergencyPart = h('div', { class: 'stack' }, [
    display.el,
    h('label', { class: 'check' }, [expireAtEnd, '恢复送电时自动结束']),
    target.el,
  ]);
  const slidePart = h('div', { class: 'form-grid' }, [
    field('幻灯片标题', slideTitle, { path: 'title', required: true, hint: '保存为草稿；提交审核并通过后加入播放列表排期' }),
  ]);
  const showMode = () => {
    result.hidden = true;
    emergencyPart.hidden = mode !== 'emergency';
    slidePart.hidden = mode !== 'slide';
    submit.textContent = mode === 'emergency' ? '发布为紧急通知…' : '保存为停电通知幻灯片';
    submit.className = `btn ${mode === 'emergency' ? 'danger' : 'primary'}`;
  };

  const facts = () => ({
    region: region.value, start: fromLocalInput(from.value) ?? '', end: fromLocalInput(until.value) ?? '', reason: reason.value, contact: contact.value,
  });
  const updatePreview = () => {
    const f = facts();
    const ready = f.region.trim() && !Number.isNaN(Date.parse(f.start)) && !Number.isNaN(Date.parse(f.end));
    preview.classList.toggle('empty', !ready);
    if (!ready) return mount(preview, h('p', {}, '填写停电范围和时间后，这里显示屏幕上的文字'));
    const text = composeOutageNotice(f);
    mount(preview, [h('strong', {}, text.title), h('p', {}, text.body)]);
  };

  const form = h('form', { novalidate: true, class: 'stack' }, [
    h('div', { class: 'form-grid' }, [
      field('停电范围（区域 / 线路）', region, { path: 'region', required: true, wide: true }),
      field('停电开始', from, { path: 'start', required: true }),
      field('恢复送电', until, { path: 'end', required: true }),
      field('停电原因', reason, { path: 'reason' }),
      field('咨询电话', contact, { path: 'contact' }),
    ]),
    group('发布方式', [
      h('div', { class: 'radio-row', role: 'radiogroup' }, [
        radio('emergency', '紧急通知（立即上屏）'),
        mayCreateSlides && radio('slide', '停电通知幻灯片（加入排期播放）'),
      ]),
      !mayCreateSlides && h('small', { class: 'hint' }, '制作排期播放的停电通知幻灯片需要内容编辑权限'),
      emergencyPart,
      slidePart,
    ]),
    h('div', { class: 'field' }, [h('span', { class: 'label' }, '屏幕上的文字'), preview]),
    errorSlot(''),
    result,
    h('div', { class: 'form-actions' }, submit),
  ]);
  form.addEventListener('input', updatePreview);
  showMode();
  updatePreview();

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const f = facts();
    const parsed = OutageSlideInput.safeParse({
      type: 'outageNotice', title: mode === 'slide' ? slideTitle.value : '停电通知',
      region: f.region, start: f.start || undefined, end: f.end || undefined, reason: f.reason, contact: f.contact.trim() || '95598',
    });
    if (!parsed.success) return void showIssues(form, parsed.error.issues);
    if (parsed.data.type !== 'outageNotice') return;
    const slide = parsed.data;
    if (mode === 'slide') {
      void withBusy(submit, async () => {
        const created = await api.createSlide(slide);
        toast(`已保存停电通知幻灯片「${created.title}」`);
        result.hidden = false;
        mount(result, ['已保存为草稿。', h('a', { href: `#/slides/${encodeURIComponent(created.id)}`, 'data-testid': 'outage-form-slide-link' }, '打开幻灯片'), '，提交审核通过后即可加入播放列表排期。']);
      });
      return;
    }
    if (expireAtEnd.checked && Date.parse(slide.end) <= Date.now()) {
      return void showIssues(form, [{ code: 'custom', path: ['end'], message: '恢复送电时间已过：请修改时间，或取消“恢复送电时自动结束”', input: undefined }]);
    }
    const text = composeOutageNotice(slide);
    const override = OverrideInput.safeParse({
      kind: 'emergency', target: target.read(), ...text, expiresAt: expireAtEnd.checked ? slide.end : undefined, display: display.read(),
    });
    if (!override.success) return void showIssues(form, override.error.issues);
    void withBusy(submit, async () => {
      if (!(await confirmTakeover(override.data, ctx, halls, screens))) return;
      await api.createOverride(override.data);
      toast('停电通知已作为紧急通知发布');
      result.hidden = false;
      mount(result, '已发布，可在上方“当前生效的插播”中查看回执或撤销。');
      onSent();
    });
  });
  return form;
}
