/**
 * The type-specific part of the slide form, one small builder per slide type. Each returns its
 * elements and a `read()` giving raw values for `SlideInput` to validate.
 */
import type { SlideInput, SlideType } from '../../content/model';
import { h, options } from '../ui/dom';
import { errorSlot, field } from '../ui/fields';
import { FIT_LABELS, LEVEL_LABELS, labelPairs } from '../ui/labels';
import { mediaPicker } from '../media/media-picker';
import { probeDuration } from '../media/media-poster';
import { rowList } from '../ui/row-list';
import { tariffFields } from './tariff-fields';
import { fromLocalInput, toLocalInput } from '../time/time-format';

export interface TypeFields {
  el: HTMLElement[];
  read(): Record<string, unknown>;
}
/** What a type's fields may tell the rest of the form. */
export interface TypeHooks {
  /** A video was picked: its length is the natural slide duration. */
  fileDuration?(ms: number): void;
}
type Of<T extends SlideType> = Partial<Extract<SlideInput, { type: T }>>;

const text = (testid: string, value = '', placeholder = '') => h('input', { type: 'text', 'data-testid': testid, value, placeholder });
const area = (testid: string, value = '', rows = 4) => h('textarea', { 'data-testid': testid, rows }, value);
const when = (testid: string, iso?: string) => h('input', { type: 'datetime-local', 'data-testid': testid, value: toLocalInput(iso) });

function notice(s: Of<'notice'>): TypeFields {
  const body = area('slide-body', s.body, 7);
  const level = h('select', { 'data-testid': 'slide-level' }, options(labelPairs(LEVEL_LABELS), s.level ?? 'info'));
  return {
    el: [field('正文', body, { path: 'body', wide: true, hint: '换行会保留；至多 2000 字' }), field('级别', level, { path: 'level' })],
    read: () => ({ body: body.value, level: level.value }),
  };
}

function welcome(s: Of<'welcome'>): TypeFields {
  const hallName = text('slide-hall-name', s.hallName, '例如：国网某某供电公司城东营业厅');
  const slogan = text('slide-slogan', s.slogan, '例如：你用电 · 我用心');
  return {
    el: [field('营业厅名称', hallName, { path: 'hallName' }), field('标语', slogan, { path: 'slogan' })],
    read: () => ({ hallName: hallName.value, slogan: slogan.value }),
  };
}

function priceTable(s: Of<'priceTable'>): TypeFields {
  const tierList = (rows: readonly Record<string, string>[]) => rowList({
    name: 'slide-tier', max: 12, addLabel: '添加一档', rows,
    columns: [
      { key: 'name', label: '档位', testid: 'slide-tier-name', placeholder: '第一档' },
      { key: 'range', label: '月用电量', testid: 'slide-tier-range', placeholder: '0–200 千瓦时' },
      { key: 'price', label: '电价', testid: 'slide-tier-price', placeholder: '0.5283 元/千瓦时' },
    ],
  });
  let tiers = tierList(s.tiers ?? []);
  const tiersBox = h('div', {}, tiers.el);
  // Numeric prices (tariff, 峰谷) live in tariff-fields.ts; its button rewrites the rows above.
  const tariff = tariffFields(s, (rows) => {
    tiers = tierList(rows);
    tiersBox.replaceChildren(tiers.el);
  });
  const note = area('slide-note', s.note, 3);
  return {
    el: [field('阶梯电价', tiersBox, { path: 'tiers', wide: true, required: true }), ...tariff.el, field('备注', note, { path: 'note', wide: true })],
    read: () => ({ tiers: tiers.read(), note: note.value, ...tariff.read() }),
  };
}

function safetyTip(s: Of<'safetyTip'>): TypeFields {
  const tips = rowList({
    name: 'slide-tip', max: 10, addLabel: '添加一条', rows: (s.tips ?? []).map((t) => ({ text: t })),
    columns: [{ key: 'text', label: '提示内容', testid: 'slide-tip', placeholder: '例如：不要用湿手触摸电器开关' }],
  });
  return {
    el: [field('安全提示（每行一条）', tips.el, { path: 'tips', wide: true, required: true })],
    read: () => ({ tips: tips.read().map((r) => r.text) }),
  };
}

function payChannels(s: Of<'payChannels'>): TypeFields {
  const channels = rowList({
    name: 'slide-channel', max: 8, addLabel: '添加渠道', rows: s.channels ?? [],
    columns: [
      { key: 'name', label: '渠道名称', testid: 'slide-channel-name', placeholder: '网上国网 App' },
      { key: 'hint', label: '说明', testid: 'slide-channel-hint', placeholder: '扫码下载，在线缴费' },
      { key: 'url', label: '二维码链接（可选）', testid: 'slide-channel-url', placeholder: 'https://…', type: 'url' },
    ],
  });
  return {
    el: [field('缴费渠道', channels.el, { path: 'channels', wide: true, required: true, hint: '填写链接后屏幕上会显示二维码' })],
    read: () => ({ channels: channels.read().map((c) => ({ name: c.name, hint: c.hint, url: c.url?.trim() || undefined })) }),
  };
}

function outageNotice(s: Of<'outageNotice'>): TypeFields {
  const region = area('slide-region', s.region, 2);
  const start = when('slide-start', s.start);
  const end = when('slide-end', s.end);
  const reason = text('slide-reason', s.reason, '例如：线路检修');
  const contact = text('slide-contact', s.contact ?? '95598');
  return {
    el: [
      field('停电区域', region, { path: 'region', wide: true, required: true }),
      field('停电开始', start, { path: 'start', required: true }),
      field('恢复送电', end, { path: 'end', required: true }),
      field('停电原因', reason, { path: 'reason' }),
      field('联系电话', contact, { path: 'contact' }),
    ],
    read: () => ({
      region: region.value, start: fromLocalInput(start.value), end: fromLocalInput(end.value),
      reason: reason.value, contact: contact.value,
    }),
  };
}

function image(s: Of<'image'>): TypeFields {
  const picker = mediaPicker(s.mediaId);
  const fit = h('select', { 'data-testid': 'slide-fit' }, options(labelPairs(FIT_LABELS), s.fit ?? 'contain'));
  return {
    el: [field('图片', picker.el, { path: 'mediaId', wide: true, required: true }), field('显示方式', fit, { path: 'fit' })],
    read: () => ({ mediaId: picker.read(), fit: fit.value }),
  };
}

function video(s: Of<'video'>, hooks: TypeHooks): TypeFields {
  const picker = mediaPicker(s.mediaId, 'video', (m) => {
    if (m.durationMs) hooks.fileDuration?.(m.durationMs);
    else void probeDuration(m.url).then((ms) => ms && picker.read() === m.id && hooks.fileDuration?.(ms));
  });
  const fit = h('select', { 'data-testid': 'slide-fit' }, options(labelPairs(FIT_LABELS), s.fit ?? 'contain'));
  return {
    el: [
      field('视频', picker.el, { path: 'mediaId', wide: true, required: true, hint: '静音自动播放；播放时长默认取视频本身的长度' }),
      field('显示方式', fit, { path: 'fit' }),
    ],
    read: () => ({ mediaId: picker.read(), fit: fit.value }),
  };
}

function clock(s: Of<'clock'>): TypeFields {
  const showDate = h('input', { type: 'checkbox', 'data-testid': 'slide-show-date', checked: s.showDate ?? true });
  const showSeconds = h('input', { type: 'checkbox', 'data-testid': 'slide-show-seconds', checked: s.showSeconds ?? false });
  return {
    el: [h('div', { class: 'field wide' }, [
      h('span', { class: 'label' }, '显示内容'),
      h('label', { class: 'check' }, [showDate, '显示日期和星期']),
      h('label', { class: 'check' }, [showSeconds, '显示秒']),
      h('small', { class: 'hint' }, '按营业厅所在时区显示'),
      errorSlot('showDate'),
    ])],
    read: () => ({ showDate: showDate.checked, showSeconds: showSeconds.checked }),
  };
}

function queueBoard(s: Of<'queueBoard'>): TypeFields {
  const rows = h('input', { type: 'number', 'data-testid': 'slide-rows', min: 1, max: 20, step: 1, value: String(s.rows ?? 6) });
  return {
    el: [field('每页行数', rows, { path: 'rows', hint: '每屏显示的窗口数（1–20），其余窗口分页轮换' })],
    read: () => ({ rows: rows.value.trim() === '' ? undefined : Number(rows.value) }),
  };
}

/** The fields for `type`, filled from `slide` when it is of that type. */
export function typeFields(type: SlideType, slide: Partial<SlideInput> | undefined, hooks: TypeHooks = {}): TypeFields {
  const s = slide?.type === type ? slide : {};
  switch (type) {
    case 'notice': return notice(s as Of<'notice'>);
    case 'welcome': return welcome(s as Of<'welcome'>);
    case 'priceTable': return priceTable(s as Of<'priceTable'>);
    case 'safetyTip': return safetyTip(s as Of<'safetyTip'>);
    case 'payChannels': return payChannels(s as Of<'payChannels'>);
    case 'outageNotice': return outageNotice(s as Of<'outageNotice'>);
    case 'image': return image(s as Of<'image'>);
    case 'video': return video(s as Of<'video'>, hooks);
    case 'clock': return clock(s as Of<'clock'>);
    case 'queueBoard': return queueBoard(s as Of<'queueBoard'>);
    // A type another page edits (e.g. a kiosk app): say so rather than show an empty form.
    case 'kioskApp': return {
      el: [h('p', { class: 'muted wide', 'data-testid': 'slide-type-unsupported' }, [
        '触摸查询应用请在其专用页面中编辑：',
        h('a', { href: slide?.type === 'kioskApp' && 'id' in slide ? `#/kiosk/${encodeURIComponent(String(slide.id))}` : '#/kiosk/new', 'data-testid': 'slide-kiosk-link' }, slide?.type === 'kioskApp' ? '打开触摸查询应用编辑器' : '新建触摸查询应用'),
      ])],
      read: () => ({}),
    };
    default: return { el: [h('p', { class: 'muted wide', 'data-testid': 'slide-type-unsupported' }, '这种类型的内容请在其专用页面中编辑')], read: () => ({}) };
  }
}
