/**
 * Admin forms for screens and halls: 添加 / 编辑屏幕 and 新建营业厅, in dialogs so the live table
 * stays in view. Validated with `ScreenInput` / `HallInput`. A screen may be its area's speaker
 * (播报声音); a second speaker in the same hall and area is warned about, not refused. 本屏默认内容
 * plays when no entry is active, before the area's and the hall's defaults (set in 系统设置).
 */
import {
  AREA_LABELS, CallDisplay, DEFAULT_RESOLUTION, DEFAULT_STRIP_IDLE_TEXT, DEFAULT_STRIP_PAUSED_TEXT, HallInput,
  SCREEN_KIND_LABELS, ScreenInput, defaultCallDisplay, type Area, type Hall, type Playlist, type ScreenKind,
} from '../../content/model';
import { ApiError, api, type ScreenPatch, type ScreenView } from '../api';
import { openDialog } from '../ui/dialog';
import { h, options } from '../ui/dom';
import { toast, withBusy } from '../ui/feedback';
import { errorSlot, field, showIssues } from '../ui/fields';
import { CALL_DISPLAY_LABELS, labelPairs } from '../ui/labels';
import { layoutSelect } from '../layouts/layout-select';
import { fillPlaylistSelect, playlistName, playlistSelect } from '../playlists/playlist-select';

const list = (value: string) => value.split(/[,，、\s]+/).map((s) => s.trim()).filter(Boolean);
const FOLLOW = '（跟随区域/营业厅默认）';

/** What a screen without its own default plays when nothing is scheduled, in words. */
function inheritedDefault(hall: Hall | undefined, area: Area, playlists: readonly Playlist[]): string {
  const named = (id: string) => `「${playlistName(playlists, id) ?? id}」`;
  const byArea = hall?.areaDefaults?.[area];
  if (byArea) return `不设置时播放${AREA_LABELS[area]}默认内容${named(byArea)}`;
  if (hall?.defaultPlaylistId) return `不设置时播放营业厅默认内容${named(hall.defaultPlaylistId)}`;
  return '不设置时显示待机画面（营业厅名称与时钟）；区域和营业厅默认内容在「系统设置」中设置';
}

/**
 * Opens the screen form; with `screen` it edits (PATCH), else creates and then shows the player link.
 * `screens` (all of them) is only read to warn about a second speaker in one area.
 */
export function openScreenForm(halls: Hall[], screens: readonly ScreenView[], screen: ScreenView | undefined, onSaved: (s: ScreenView) => void): void {
  const name = h('input', { type: 'text', 'data-testid': 'screen-name', value: screen?.name ?? '', placeholder: '例如：等候区 1 号大屏' });
  const hall = h('select', { 'data-testid': 'screen-hall' }, options(halls.map((x): [string, string] => [x.id, x.name]), screen?.hallId));
  const area = h('select', { 'data-testid': 'screen-area' }, options(labelPairs(AREA_LABELS), screen?.area ?? 'waiting'));
  const kind = h('select', { 'data-testid': 'screen-kind' }, options(labelPairs(SCREEN_KIND_LABELS), screen?.kind ?? 'tv'));
  const counters = h('input', { type: 'text', 'data-testid': 'screen-counters', value: screen?.counters.join('，') ?? '', placeholder: '如：1，2，3（窗口屏填写）' });
  const width = h('input', { type: 'number', 'data-testid': 'screen-width', min: 16, max: 16384, value: screen ? String(screen.resolution.width) : '', 'aria-label': '宽（像素）' });
  const height = h('input', { type: 'number', 'data-testid': 'screen-height', min: 16, max: 16384, value: screen ? String(screen.resolution.height) : '', 'aria-label': '高（像素）' });
  const callDisplay = h('select', { 'data-testid': 'screen-call-display' }, options([['', '按区域自动'], ...labelPairs(CALL_DISPLAY_LABELS)], screen?.callDisplay ?? ''));
  const tags = h('input', { type: 'text', 'data-testid': 'screen-tags', value: screen?.tags.join('，') ?? '', placeholder: '可选，用逗号分隔' });
  const announce = h('input', { type: 'checkbox', 'data-testid': 'screen-announce', checked: screen?.announce === true });
  const announceWarning = h('p', { class: 'field-warn', 'data-testid': 'screen-announce-warning', role: 'status', hidden: true });
  const stripIdle = h('input', { type: 'text', 'data-testid': 'screen-strip-idle', maxlength: 40, value: screen?.stripIdleText ?? '', placeholder: DEFAULT_STRIP_IDLE_TEXT });
  const stripPaused = h('input', { type: 'text', 'data-testid': 'screen-strip-paused', maxlength: 40, value: screen?.stripPausedText ?? '', placeholder: DEFAULT_STRIP_PAUSED_TEXT });
  const stripFields = [
    field('条屏空闲文字', stripIdle, { path: 'stripIdleText', hint: `窗口空闲时显示，留空为「${DEFAULT_STRIP_IDLE_TEXT}」` }),
    field('条屏暂停文字', stripPaused, { path: 'stripPausedText', hint: `窗口暂停时显示，留空为「${DEFAULT_STRIP_PAUSED_TEXT}」` }),
  ];
  let playlists: Playlist[] = [];
  const defaultPlaylist = playlistSelect([], screen?.defaultPlaylistId, FOLLOW, { 'data-testid': 'screen-default-playlist' }, '（正在加载…）');
  const defaultHint = h('small', { class: 'hint', 'data-testid': 'screen-default-hint' });
  const layout = layoutSelect(screen?.layoutId, '不分区（整屏播放）', 'screen-layout');
  const offlineBadge = h('input', {
    type: 'number', 'data-testid': 'screen-offline-badge', min: 0, max: 3600, step: 1, placeholder: '10',
    value: screen?.offlineBadgeMs === undefined ? '' : String(screen.offlineBadgeMs / 1000),
  });
  const screenshotEvery = h('input', {
    type: 'number', 'data-testid': 'screen-screenshot-every', min: 0, max: 1440, step: 1, placeholder: '0',
    value: screen?.screenshotEveryMin === undefined ? '' : String(screen.screenshotEveryMin),
  });
  const save = h('button', { type: 'submit', class: 'btn primary', 'data-testid': 'screen-save' }, screen ? '保存' : '添加屏幕');

  // Placeholders follow the chosen kind and area so staff see what "auto" will mean.
  const hintDefaults = () => {
    const r = DEFAULT_RESOLUTION[kind.value as ScreenKind];
    width.placeholder = String(r.width);
    height.placeholder = String(r.height);
    const auto = callDisplay.options[0];
    const byArea = defaultCallDisplay(area.value as Area, kind.value as ScreenKind);
    if (auto) auto.textContent = `按区域自动（${CALL_DISPLAY_LABELS[byArea]}）`;
    // Idle / paused texts only mean something where a counter's own number is shown.
    const strip = kind.value === 'ledStrip' || (callDisplay.value || byArea) === 'strip';
    for (const f of stripFields) f.hidden = !strip;
  };
  // Two speakers in one area echo; say so, but a hall may have reasons (a big waiting hall).
  const warnSpeakers = () => {
    const others = screens.filter((s) => s.id !== screen?.id && s.announce && s.hallId === hall.value && s.area === area.value);
    announceWarning.hidden = !announce.checked || others.length === 0;
    announceWarning.textContent = others.length
      ? `本营业厅的${AREA_LABELS[area.value as Area]}已有播报屏：${others.map((s) => `「${s.name}」`).join('、')}。两块屏同时播报会产生回声，建议只保留一块。`
      : '';
  };
  const defaultField = field('本屏默认内容', defaultPlaylist, { path: 'defaultPlaylistId', wide: true });
  defaultField.insertBefore(defaultHint, defaultField.lastChild); // the hint follows hall and area
  const hintDefaultContent = () => {
    defaultHint.textContent = inheritedDefault(halls.find((x) => x.id === hall.value), area.value as Area, playlists);
  };
  kind.onchange = () => {
    hintDefaults();
    layout.setKind(kind.value as ScreenKind);
  };
  layout.setKind(kind.value as ScreenKind);
  callDisplay.onchange = hintDefaults;
  area.onchange = () => {
    hintDefaults();
    warnSpeakers();
    hintDefaultContent();
  };
  hall.onchange = () => {
    warnSpeakers();
    hintDefaultContent();
  };
  announce.onchange = warnSpeakers;
  hintDefaults();
  warnSpeakers();
  hintDefaultContent();
  // The picker starts with only the stored choice (so an early save keeps it) and fills when the list arrives.
  void api.listPlaylists().then((p) => {
    playlists = p;
    fillPlaylistSelect(defaultPlaylist, p, FOLLOW);
    hintDefaultContent();
  }, () => {
    fillPlaylistSelect(defaultPlaylist, [], FOLLOW, undefined, '（当前设置）');
    defaultHint.textContent = '播放列表加载失败：保存不会改变本屏默认内容';
  });

  const form = h('form', { class: 'form-grid', novalidate: true }, [
    field('名称', name, { path: 'name', required: true }),
    field('营业厅', hall, { path: 'hallId', required: true }),
    field('区域', area, { path: 'area' }),
    field('屏幕类型', kind, { path: 'kind' }),
    field('服务窗口', counters, { path: 'counters', hint: '叫号时只显示这些窗口（窗口屏）' }),
    field('叫号显示', callDisplay, { path: 'callDisplay' }),
    field('分辨率（宽 × 高，留空用默认）', h('div', { class: 'pair' }, [width, h('span', {}, '×'), height]), { path: 'resolution' }),
    field('标签', tags, { path: 'tags' }),
    defaultField,
    field('布局', layout.select, { path: 'layoutId', hint: '排期未指定布局时使用；在「布局」页面新建' }),
    field('离线提示延迟（秒）', offlineBadge, { path: 'offlineBadgeMs', hint: '断网多久后在屏幕角落提示；0 为不提示，留空为默认' }),
    field('自动截图间隔（分钟）', screenshotEvery, { path: 'screenshotEveryMin', hint: '留空或 0 为只在需要时截图' }),
    h('div', { class: 'field wide' }, [
      h('span', { class: 'label' }, '播报声音'),
      h('label', { class: 'check' }, [announce, '本屏播报叫号语音']),
      h('small', { class: 'hint' }, '每个区域只设一块播报屏，避免回声'),
      announceWarning,
      errorSlot('announce'),
    ]),
    stripFields,
    errorSlot(''),
    h('div', { class: 'form-actions wide' }, save),
  ]);
  const close = openDialog(screen ? `编辑屏幕：${screen.name}` : '添加屏幕', form, { testid: 'screen-form', wide: true });
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const res = width.value || height.value ? { width: Number(width.value), height: Number(height.value) } : undefined;
    // An emptied text goes out as '' (= use the default) only if one was stored; else it is left out.
    const stripText = (input: HTMLInputElement, stored: string | undefined) =>
      stripFields[0]!.hidden ? undefined : input.value.trim() || (stored ? '' : undefined);
    const parsed = ScreenInput.safeParse({
      name: name.value, hallId: hall.value, area: area.value, kind: kind.value,
      counters: list(counters.value), tags: list(tags.value), resolution: res,
      callDisplay: CallDisplay.safeParse(callDisplay.value).data,
      announce: announce.checked,
      stripIdleText: stripText(stripIdle, screen?.stripIdleText),
      stripPausedText: stripText(stripPaused, screen?.stripPausedText),
      defaultPlaylistId: defaultPlaylist.value || undefined,
      layoutId: layout.read(),
      offlineBadgeMs: offlineBadge.value.trim() === '' ? undefined : Math.round(Number(offlineBadge.value) * 1000),
      screenshotEveryMin: screenshotEvery.value.trim() === '' ? undefined : Number(screenshotEvery.value),
    });
    if (!parsed.success) {
      showIssues(form, parsed.error.issues);
      return;
    }
    // Leaving a field out keeps what is stored, so dropping the screen's own default needs an explicit null.
    const clearing = !!screen?.defaultPlaylistId && !parsed.data.defaultPlaylistId;
    const patch: ScreenPatch = clearing ? { ...parsed.data, defaultPlaylistId: null } : parsed.data;
    // Same for the layout: back to a full screen is an explicit null.
    if (screen?.layoutId && !parsed.data.layoutId) (patch as Record<string, unknown>).layoutId = null;
    void withBusy(save, async () => {
      const saved = screen
        ? await api.updateScreen(screen.id, patch).catch((err: unknown) => {
          if (clearing && err instanceof ApiError && err.failure.kind === 'invalid' && (err.failure.message ?? '').includes('defaultPlaylistId')) {
            const message = '服务器暂不支持清除本屏默认内容，请改选一个播放列表';
            showIssues(form, [{ code: 'custom', path: ['defaultPlaylistId'], message }]);
            throw new ApiError({ kind: 'invalid', message }); // the server's own words name a JSON field
          }
          throw err;
        })
        : await api.createScreen(parsed.data);
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
