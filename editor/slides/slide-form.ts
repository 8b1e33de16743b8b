/**
 * 新建 / 编辑幻灯片: common fields (type, title, duration in seconds, transition, validity) plus the
 * fields of the chosen type. Validated with content's `SlideInput` before anything is sent. A new one
 * may start from a template (`#/slides/new?template=outage-plan`, `slides/slide-templates.ts`).
 */
import { MAX_SLIDE_MS, SLIDE_TYPE_LABELS, SlideInput, type Slide, type SlideType } from '../../content/model';
import { api } from '../api';
import type { View } from '../context';
import { h, mount, options } from '../ui/dom';
import { errorText, toast, withBusy } from '../ui/feedback';
import { clearIssues, errorSlot, field, showIssues } from '../ui/fields';
import { TRANSITION_LABELS, labelPairs } from '../ui/labels';
import { card, loadError, loading, pageHeader } from '../ui/page';
import { rejectionBar, reviewCard } from '../review/review-panel';
import { can } from '../access/roles';
import { keepUnsaved } from '../forms/unsaved-edits';
import { SLIDE_TEMPLATES, slideTemplate, templateBlanks } from './slide-templates';
import { previewFrame } from '../ui/preview-frame';
import { variablesHint } from '../halls/variables-hint';
import { typeFields, type TypeFields, type TypeHooks } from './slide-fields';
import { contentLock, lockForm } from '../access/content-lock';
import { fromLocalInput, secondsToMs, toLocalInput } from '../time/time-format';

// NOTE: content/ does not (yet) order validFrom/validTo or start/end; the editor checks it so staff
// are not surprised by a slide that never shows. Worth moving into SlideInput itself.
const PreviewSlideInput = SlideInput.superRefine((s, ctx) => {
  if (s.validFrom && s.validTo && Date.parse(s.validFrom) >= Date.parse(s.validTo))
    ctx.addIssue({ code: 'custom', path: ['validTo'], message: '下线时间必须晚于上线时间' });
  if (s.type === 'outageNotice' && Date.parse(s.end) <= Date.parse(s.start))
    ctx.addIssue({ code: 'custom', path: ['end'], message: '恢复送电时间必须晚于停电开始时间' });
});
/** What may be saved: also no template 【请填写：…】 left in (the preview shows a template as it is). */
const EditorSlideInput = PreviewSlideInput.superRefine((s, ctx) => {
  for (const b of templateBlanks(s)) ctx.addIssue({ code: 'custom', path: b.path, message: `请填写模板中的「${b.what}」` });
});

export const slideFormView: View = (root, ctx, [idParam = 'new'], query) => {
  const isNew = idParam === 'new';
  const template = isNew ? slideTemplate(query.get('template')) : undefined;
  let dispose = () => {};
  mount(root, loading());
  if (isNew) {
    build(root, undefined, template?.fields as Slide | undefined);
  } else {
    const load = () =>
      api.listSlides().then(
        (all) => {
          const slide = all.find((s) => s.id === idParam);
          if (slide) build(root, slide);
          else mount(root, loadError('这张幻灯片不存在，可能已被删除', () => ctx.go('#/slides')));
        },
        (err) => mount(root, loadError(errorText(err), load)),
      );
    void load();
  }
  return () => dispose();

  /**
   * `slide` is the stored one (or none); `source` fills the fields (a restored local draft, else the
   * slide); `baseline` is the stored slide's form values, what "unsaved changes" compare with.
   */
  function build(root: HTMLElement, slide: Slide | undefined, source: Slide | undefined = slide, baseline?: string): void {
    if (!root.isConnected) return; // left while loading
    dispose();
    const draftKey = `slide:${slide?.id ?? 'new'}`;
    const type = h('select', { 'data-testid': 'slide-type', disabled: !isNew }, options(labelPairs(SLIDE_TYPE_LABELS), source?.type ?? 'notice'));
    const title = h('input', { type: 'text', 'data-testid': 'slide-title', value: source?.title ?? '', maxlength: 100, placeholder: '屏幕上显示的标题' });
    const duration = h('input', {
      type: 'number', 'data-testid': 'slide-duration', min: 1, max: MAX_SLIDE_MS / 1000, step: 1, placeholder: '10',
      value: source?.durationMs ? String(source.durationMs / 1000) : '',
    });
    const transition = h('select', { 'data-testid': 'slide-transition' }, options([['', '默认'], ...labelPairs(TRANSITION_LABELS)], source?.transition ?? ''));
    const validFrom = h('input', { type: 'datetime-local', 'data-testid': 'slide-valid-from', value: toLocalInput(source?.validFrom) });
    const validTo = h('input', { type: 'datetime-local', 'data-testid': 'slide-valid-to', value: toLocalInput(source?.validTo) });
    const tags = h('input', { type: 'text', 'data-testid': 'slide-tags', value: source?.tags?.join('，') ?? '', placeholder: '可选，用逗号分隔' });
    const specific = h('div', { class: 'form-grid' });
    let fields: TypeFields;
    // A picked video's length fills the duration unless staff typed their own.
    const hooks: TypeHooks = {
      fileDuration(ms) {
        if (duration.value.trim() && !duration.dataset.auto) return;
        duration.value = String(Math.min(MAX_SLIDE_MS / 1000, Math.max(1, Math.ceil(ms / 1000))));
        duration.dataset.auto = 'true';
      },
    };
    duration.addEventListener('input', () => delete duration.dataset.auto);
    const showType = () => {
      fields = typeFields(type.value as SlideType, source?.type === type.value ? source : slide, hooks);
      mount(specific, fields.el);
    };
    type.onchange = showType;
    showType();

    const save = h('button', { type: 'submit', class: 'btn primary', 'data-testid': 'slide-save' }, '保存草稿');
    const saveSubmit = h('button', { type: 'button', class: 'btn', 'data-testid': 'slide-save-submit' }, '保存并提交审核');
    const cancel = h('a', { href: '#/slides', class: 'btn ghost', 'data-testid': 'slide-cancel' }, '取消');

    const hint = variablesHint(() => title);
    // Switching template goes through the router, so typed changes are asked about first.
    const templatePick = isNew && h('select', { 'data-testid': 'slide-template' },
      options([['', '空白幻灯片'], ...SLIDE_TEMPLATES.map((t): [string, string] => [t.id, t.label])], template?.id ?? ''));
    if (templatePick) templatePick.onchange = () => ctx.go(templatePick.value ? `#/slides/new?template=${templatePick.value}` : '#/slides/new');
    const form = h('form', { class: 'slide-form', novalidate: true }, [
      slide && rejectionBar(slide),
      (slide?.status === 'approved' || slide?.published) &&
        h('p', { class: 'notice-bar', 'data-testid': 'slide-on-air-note' }, '屏幕正在播放这张幻灯片已审核通过的版本。保存修改后，新版本要审核通过才会替换它；在此之前屏幕继续播放原版本。'),
      card('基本信息', h('div', { class: 'form-grid' }, [
        templatePick && field('从模板开始', templatePick, { path: 'template', hint: '停电计划、电价调整、节假日营业时间：填好【请填写】处即可', wide: true }),
        field('类型', type, { path: 'type', hint: isNew ? undefined : '已创建的幻灯片不能更改类型' }),
        field('标题', title, { path: 'title', required: true }),
      ])),
      card('内容', [specific, hint.el]),
      card('播放设置', h('div', { class: 'form-grid' }, [
        field('播放时长（秒）', duration, { path: 'durationMs', hint: '留空则使用默认 10 秒；播放列表中可单独设置' }),
        field('切换效果', transition, { path: 'transition' }),
        field('上线时间（可选）', validFrom, { path: 'validFrom', hint: '到点后才会播放' }),
        field('下线时间（可选）', validTo, { path: 'validTo', hint: '到点后自动停止播放' }),
        field('标签', tags, { path: 'tags', wide: true }),
      ])),
      errorSlot(''),
      h('div', { class: 'form-actions' }, [cancel, saveSubmit, save]),
      slide && reviewCard(slide, can(ctx.user, 'approve'), () => ctx.go('#/slides')),
    ]);

    hint.watch(form);
    const locked = slide && contentLock(ctx.user, slide);
    if (locked) lockForm(form, locked);

    const readRaw = () => {
      const raw = {
        type: type.value,
        title: title.value,
        durationMs: secondsToMs(duration.value),
        transition: transition.value || undefined,
        validFrom: fromLocalInput(validFrom.value),
        validTo: fromLocalInput(validTo.value),
        tags: tags.value.split(/[,，]/).map((t) => t.trim()).filter(Boolean),
        ...fields.read(),
      };
      if (!raw.tags.length) delete (raw as { tags?: string[] }).tags;
      return raw;
    };
    const submit = (button: HTMLButtonElement, thenSubmit: boolean) => {
      const parsed = EditorSlideInput.safeParse(readRaw());
      if (!parsed.success) {
        showIssues(form, parsed.error.issues);
        toast('请按提示修改后再保存', 'error');
        return;
      }
      clearIssues(form);
      void withBusy(button, async () => {
        const saved = slide ? await api.updateSlide(slide.id, parsed.data) : await api.createSlide(parsed.data);
        edits.saved();
        if (thenSubmit) await api.submitSlide(saved.id);
        toast(thenSubmit ? '已保存并提交审核' : '已保存为草稿');
        ctx.go('#/slides');
      });
    };
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      submit(save, false);
    });
    saveSubmit.onclick = () => submit(saveSubmit, true);

    // The unsaved slide as the player would get it; nothing is previewed while the input is invalid.
    const preview = previewFrame({
      pickKind: true,
      pickHall: true,
      onHall: (hall) => hint.setHall(hall),
      request: () => {
        const parsed = PreviewSlideInput.safeParse(readRaw());
        return parsed.success ? { slide: parsed.data } : undefined;
      },
    });
    for (const event of ['input', 'change', 'click']) form.addEventListener(event, () => preview.update());

    // Nothing typed is lost: a local draft follows every change, and leaving with changes asks first.
    const edits = keepUnsaved({
      prefix: 'slide', key: draftKey, form, read: readRaw, cancel, baseline,
      restore: (value, initial) => build(root, slide, { ...(slide ?? {}), ...value } as Slide, initial),
    });
    form.prepend(edits.bar);
    dispose = () => {
      edits.release();
      preview.dispose();
    };

    mount(root, [
      pageHeader(locked ? '查看幻灯片' : slide ? '编辑幻灯片' : '新建幻灯片', slide ? slide.title : '选择类型并填写内容'),
      h('div', { class: 'with-preview' }, [form, h('aside', { class: 'preview-aside' }, card('实时预览', preview.el))]),
    ]);
    title.focus();
  }
};
