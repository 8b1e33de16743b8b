/**
 * What changed in a slide's working copy since its published version, field by field, in words a
 * reviewer reads ("正文: 周六 9:00 开门 → 周六 8:30 开门"). Stored meta (ids, status, timestamps,
 * derived media URLs, review history) never counts as a change.
 */
import type { PublishedSlide, Slide } from './model';

/** One changed field: its label and both values as text ('' = empty). */
export interface FieldChange {
  field: string;
  label: string;
  before: string;
  after: string;
}

const META = new Set(['id', 'status', 'mediaUrl', 'posterUrl', 'createdAt', 'updatedAt', 'rejection', 'review', 'published', 'type']);

/** Chinese labels of the fields staff fill in; unknown fields show their key. */
export const FIELD_LABELS: Record<string, string> = {
  title: '标题', durationMs: '播放时长', transition: '切换效果', validFrom: '上线时间', validTo: '下线时间', tags: '标签',
  body: '正文', level: '级别', hallName: '营业厅名称', slogan: '标语', tiers: '阶梯电价', note: '备注', periods: '峰谷分时',
  tariff: '计费参数', tips: '提示', channels: '缴费渠道', region: '停电区域', start: '停电开始', end: '恢复送电', reason: '停电原因',
  contact: '联系电话', mediaId: '素材', fit: '填充方式', showDate: '显示日期', showSeconds: '显示秒', rows: '显示行数',
  home: '首页', pages: '页面', idleMs: '无人操作返回时间',
};

/** A value as one line of text: lists and objects as their entries joined, so a tier edit reads as text. */
export function fieldText(v: unknown): string {
  if (v === undefined || v === null || v === '') return '';
  if (Array.isArray(v)) return v.map(fieldText).join('；');
  if (typeof v === 'object') return Object.values(v as Record<string, unknown>).map(fieldText).filter(Boolean).join(' ');
  if (typeof v === 'boolean') return v ? '是' : '否';
  return String(v);
}

/** The fields whose value differs between `published` and `working` (both directions), in a stable order. */
export function slideDiff(published: PublishedSlide | Slide, working: Slide): FieldChange[] {
  const before = published as Record<string, unknown>;
  const after = working as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((k) => !META.has(k));
  const order = Object.keys(FIELD_LABELS);
  keys.sort((a, b) => (order.indexOf(a) + 1 || 999) - (order.indexOf(b) + 1 || 999) || a.localeCompare(b));
  return keys
    .filter((k) => JSON.stringify(before[k] ?? null) !== JSON.stringify(after[k] ?? null))
    .map((k) => ({ field: k, label: FIELD_LABELS[k] ?? k, before: fieldText(before[k]), after: fieldText(after[k]) }));
}
