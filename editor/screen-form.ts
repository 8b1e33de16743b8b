/**
 * Admin forms for screens and halls: 添加 / 编辑屏幕 and 新建营业厅, in dialogs so the live table
 * stays in view. Validated with `ScreenInput` / `HallInput`.
 */
import {
  AREA_LABELS, CallDisplay, DEFAULT_RESOLUTION, HallInput, SCREEN_KIND_LABELS, ScreenInput, defaultCallDisplay,
  type Area, type Hall, type ScreenKind,
} from '../content/model';
import { api, type ScreenView } from './api';
import { openDialog } from './dialog';
import { h, options } from './dom';
import { toast, withBusy } from './feedback';
import { errorSlot, field, showIssues } from './fields';
import { CALL_DISPLAY_LABELS, labelPairs } from './labels';

const list = (value: string) => value.split(/[,，、\s]+/).map((s) => s.trim()).filter(Boolean);

/** Opens the screen form; with `screen` it edits (PATCH), else creates and then shows the player link. */
export function openScreenForm(halls: Hall[], screen: ScreenView | undefined, onSaved: (s: ScreenView) => void): void {
  const name = h('input', { type: 'text', 'data-testid': 'screen-name', value: screen?.name ?? '', placeholder: '例如：等候区 1 号大屏' });
  const hall = h('select', { 'data-testid': 'screen-hall' }, options(halls.map((x): [string, string] => [x.id, x.name]), screen?.hallId));
  const area = h('select', { 'data-testid': 'screen-area' }, options(labelPairs(AREA_LABELS), screen?.area ?? 'waiting'));
  const kind = h('select', { 'data-testid': 'screen-kind' }, options(labelPairs(SCREEN_KIND_LABELS), screen?.kind ?? 'tv'));
  const counters = h('input', { type: 'text', 'data-testid': 'screen-counters', value: screen?.counters.join('，') ?? '', placeholder: '如：1，2，3（窗口屏填写）' });
  const width = h('input', { type: 'number', 'data-testid': 'screen-width', min: 16, max: 16384, value: screen ? String(screen.resolution.width) : '', 'aria-label': '宽（像素）' });
  const height = h('input', { type: 'number', 'data-testid': 'screen-height', min: 16, max: 16384, value: screen ? String(screen.resolution.height) : '', 'aria-label': '高（像素）' });
  const callDisplay = h('select', { 'data-testid': 'screen-call-display' }, options([['', '按区域自动'], ...labelPairs(CALL_DISPLAY_LABELS)], screen?.callDisplay ?? ''));
  const tags = h('input', { type: 'text', 'data-testid': 'screen-tags', value: screen?.tags.join('，') ?? '', placeholder: '可选，用逗号分隔' });
  const save = h('button', { type: 'submit', class: 'btn primary', 'data-testid': 'screen-save' }, screen ? '保存' : '添加屏幕');

  // Placeholders follow the chosen kind and area so staff see what "auto" will mean.
  const hintDefaults = () => {
    const r = DEFAULT_RESOLUTION[kind.value as ScreenKind];
    width.placeholder = String(r.width);
    height.placeholder = String(r.height);
    const auto = callDisplay.options[0];
    if (auto) auto.textContent = `按区域自动（${CALL_DISPLAY_LABELS[defaultCallDisplay(area.value as Area, kind.value as ScreenKind)]}）`;
  };
  kind.onchange = area.onchange = hintDefaults;
  hintDefaults();

  const form = h('form', { class: 'form-grid', novalidate: true }, [
    field('名称', name, { path: 'name', required: true }),
    field('营业厅', hall, { path: 'hallId', required: true }),
    field('区域', area, { path: 'area' }),
    field('屏幕类型', kind, { path: 'kind' }),
    field('服务窗口', counters, { path: 'counters', hint: '叫号时只显示这些窗口（窗口屏）' }),
    field('叫号显示', callDisplay, { path: 'callDisplay' }),
    field('分辨率（宽 × 高，留空用默认）', h('div', { class: 'pair' }, [width, h('span', {}, '×'), height]), { path: 'resolution' }),
    field('标签', tags, { path: 'tags' }),
    errorSlot(''),
    h('div', { class: 'form-actions wide' }, save),
  ]);
  const close = openDialog(screen ? `编辑屏幕：${screen.name}` : '添加屏幕', form, { testid: 'screen-form', wide: true });
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const res = width.value || height.value ? { width: Number(width.value), height: Number(height.value) } : undefined;
    const parsed = ScreenInput.safeParse({
      name: name.value, hallId: hall.value, area: area.value, kind: kind.value,
      counters: list(counters.value), tags: list(tags.value), resolution: res,
      callDisplay: CallDisplay.safeParse(callDisplay.value).data,
    });
    if (!parsed.success) {
      showIssues(form, parsed.error.issues);
      return;
    }
    void withBusy(save, async () => {
      const saved = screen ? await api.updateScreen(screen.id, parsed.data) : await api.createScreen(parsed.data);
      close();
      toast(screen ? '屏幕已保存' : '屏幕已添加');
      onSaved(saved);
    });
  });
  name.focus();
}

/** Opens 新建营业厅. */
export function openHallForm(onSaved: (hall: Hall) => void): void {
  const name = h('input', { type: 'text', 'data-testid': 'hall-name', placeholder: '例如：城东供电营业厅' });
  const tz = h('input', { type: 'text', 'data-testid': 'hall-timezone', value: 'Asia/Shanghai' });
  const save = h('button', { type: 'submit', class: 'btn primary', 'data-testid': 'hall-save' }, '新建营业厅');
  const form = h('form', { class: 'form-grid', novalidate: true }, [
    field('名称', name, { path: 'name', required: true }),
    field('时区', tz, { path: 'timezone', hint: '排期按营业厅当地时间执行' }),
    errorSlot(''),
    h('div', { class: 'form-actions wide' }, save),
  ]);
  const close = openDialog('新建营业厅', form, { testid: 'hall-form' });
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const parsed = HallInput.safeParse({ name: name.value, timezone: tz.value.trim() || undefined });
    if (!parsed.success) {
      showIssues(form, parsed.error.issues);
      return;
    }
    void withBusy(save, async () => {
      const hall = await api.createHall(parsed.data);
      close();
      toast(`已新建营业厅「${hall.name}」`);
      onSaved(hall);
    });
  });
  name.focus();
}
