/**
 * The type-specific part of the slide form, one small builder per slide type. Each returns its
 * elements and a `read()` giving raw values for `SlideInput` to validate.
 */
import type { SlideInput, SlideType } from '../content/model';
import { h, options } from './dom';
import { field } from './fields';
import { FIT_LABELS, LEVEL_LABELS, labelPairs } from './labels';
import { mediaPicker } from './media-picker';
import { rowList } from './row-list';
import { fromLocalInput, toLocalInput } from './time-format';

export interface TypeFields {
  el: HTMLElement[];
  read(): Record<string, unknown>;
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
  const tiers = rowList({
    name: 'slide-tier', max: 12, addLabel: '添加一档', rows: s.tiers ?? [],
    columns: [
      { key: 'name', label: '档位', testid: 'slide-tier-name', placeholder: '第一档' },
      { key: 'range', label: '月用电量', testid: 'slide-tier-range', placeholder: '0–200 千瓦时' },
      { key: 'price', label: '电价', testid: 'slide-tier-price', placeholder: '0.5283 元/千瓦时' },
    ],
  });
  const note = area('slide-note', s.note, 3);
  return {
    el: [field('阶梯电价', tiers.el, { path: 'tiers', wide: true, required: true }), field('备注', note, { path: 'note', wide: true })],
    read: () => ({ tiers: tiers.read(), note: note.value }),
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

/** The fields for `type`, filled from `slide` when it is of that type. */
export function typeFields(type: SlideType, slide: Partial<SlideInput> | undefined): TypeFields {
  const s = slide?.type === type ? slide : {};
  switch (type) {
    case 'notice': return notice(s as Of<'notice'>);
    case 'welcome': return welcome(s as Of<'welcome'>);
    case 'priceTable': return priceTable(s as Of<'priceTable'>);
    case 'safetyTip': return safetyTip(s as Of<'safetyTip'>);
    case 'payChannels': return payChannels(s as Of<'payChannels'>);
    case 'outageNotice': return outageNotice(s as Of<'outageNotice'>);
    case 'image': return image(s as Of<'image'>);
  }
}
