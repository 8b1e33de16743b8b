/**
 * Slide templates for the hall's recurring notices (停电计划, 电价调整, 节假日营业时间): a new slide form
 * opened from one is prefilled, and every part staff must fill in is marked 【请填写：…】. Such a mark
 * left in a field stops the save (`templateBlanks`), so a half-filled template never reaches review.
 */
import type { SlideInput } from '../../content/model';

/** Starts every blank; the form refuses to save while one is left. */
export const BLANK_MARK = '【请填写';
const blank = (what: string) => `${BLANK_MARK}：${what}】`;

export interface SlideTemplate {
  id: string;
  label: string;
  /** What the form starts with (times and dates are left empty: they are the hall's to pick). */
  fields: Partial<SlideInput> & Pick<SlideInput, 'type' | 'title'>;
}

export const SLIDE_TEMPLATES: readonly SlideTemplate[] = [
  {
    id: 'outage-plan',
    label: '停电计划',
    fields: {
      type: 'outageNotice',
      title: '计划停电通知',
      region: blank('停电范围，如 XX 路 XX 号至 XX 号、XX 小区'),
      reason: `因${blank('原因，如 10kV 线路检修')}，届时以上区域将暂停供电，请提前做好准备。`,
      contact: '95598',
      tags: ['停电'],
    },
  },
  {
    id: 'tariff-change',
    label: '电价调整',
    fields: {
      type: 'notice',
      title: '电价调整公告',
      level: 'important',
      body: `根据${blank('文件名称与文号')}，自${blank('执行日期，如 2027年1月1日')}起，${blank('适用用户，如 居民生活用电')}价格调整如下：${blank('调整内容')}。\n如有疑问，请咨询营业厅工作人员或拨打 95598。`,
      tags: ['电价'],
    },
  },
  {
    id: 'holiday-hours',
    label: '节假日营业时间',
    fields: {
      type: 'notice',
      title: `${blank('节日')}营业时间安排`,
      level: 'info',
      body: `${blank('起止日期，如 10月1日至10月7日')}，本营业厅营业时间调整为 ${blank('时间，如 9:00–16:00')}。\n节日期间可通过“网上国网”App 办理交费、报装等业务，24 小时服务热线 95598。`,
      tags: ['营业时间'],
    },
  },
];

export function slideTemplate(id: string | null | undefined): SlideTemplate | undefined {
  return SLIDE_TEMPLATES.find((t) => t.id === id);
}

/** Every field (by path) that still holds a 【请填写…】 blank, with the blank's own words. */
export function templateBlanks(raw: unknown, path: (string | number)[] = []): { path: (string | number)[]; what: string }[] {
  if (typeof raw === 'string') {
    const at = raw.indexOf(BLANK_MARK);
    if (at < 0) return [];
    const end = raw.indexOf('】', at);
    return [{ path, what: raw.slice(at + 1, end < 0 ? undefined : end).replace(/^请填写：?/, '') }];
  }
  if (Array.isArray(raw)) return raw.flatMap((v, i) => templateBlanks(v, [...path, i]));
  if (raw && typeof raw === 'object') return Object.entries(raw).flatMap(([k, v]) => templateBlanks(v, [...path, k]));
  return [];
}
