/**
 * 发布通知 presets as pure data: what each preset asks for, how its fields become the title and body
 * on screen, and which severity and end it suggests. No DOM, so the table test covers every text.
 */
import type { OverrideDisplay } from '../../content/model';
import { formatWallClock } from '../../content/wall-clock';

export type PresetKey = 'outage' | 'emergency' | 'custom';

/** The 停电通知 fields (times as ISO instants). */
export interface OutageFacts { region: string; start: string; end: string; reason: string; contact: string }

/** Ready-made 紧急通知 texts an operator can send in seconds and adjust before sending. */
export interface EmergencyText { key: string; label: string; title: string; body: string }

export const EMERGENCY_TEXTS: readonly EmergencyText[] = [
  {
    key: 'equipment', label: '设备故障暂停服务', title: '系统故障，暂停办理业务',
    body: '因营业系统设备故障，本厅业务暂停办理，恢复时间另行通知。您也可以通过“网上国网”App 办理大部分业务，给您带来不便，敬请谅解。',
  },
  {
    key: 'weather', label: '恶劣天气提示', title: '恶劣天气提示',
    body: '受台风、暴雨等恶劣天气影响，请您注意出行安全，远离倒伏电杆和断落电线，发现险情请立即拨打 95598。',
  },
  {
    key: 'evacuation', label: '紧急疏散', title: '紧急疏散',
    body: '请立即停止办理业务，听从工作人员指挥，沿安全出口标志有序撤离，不要使用电梯。',
  },
];

export interface Preset {
  key: PresetKey;
  label: string;
  /** One line under the preset's tab: when to use it. */
  hint: string;
  /**
   * Suggested severity. Outages mostly stop only some business, so calls go on (横幅); an evacuation or
   * a system failure means nobody should be called (全屏接管). Staff may change it either way.
   */
  display: OverrideDisplay;
}

export const PRESETS: readonly Preset[] = [
  { key: 'outage', label: '停电通知', hint: '填写停电范围和时间，文字自动生成；恢复送电时自动结束', display: 'banner' },
  { key: 'emergency', label: '紧急通知', hint: '设备故障、恶劣天气、紧急疏散等现成文字，可修改', display: 'fullscreen' },
  { key: 'custom', label: '自定义', hint: '自己填写标题和内容', display: 'banner' },
];

/** The preset for `key`. */
export function presetOf(key: PresetKey): Preset {
  return PRESETS.find((p) => p.key === key) ?? PRESETS[PRESETS.length - 1]!;
}

/**
 * "11月27日 08:00至17:30", or with both dates when the outage crosses midnight: on the hall's clock
 * (the notice is read in the hall), not the browser's.
 */
export function outageSpan(startIso: string, endIso: string, timeZone: string): string {
  const [sDate = '', sTime = ''] = formatWallClock(Date.parse(startIso), timeZone).split(' ');
  const [eDate = '', eTime = ''] = formatWallClock(Date.parse(endIso), timeZone).split(' ');
  const day = (date: string) => `${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`;
  return `${day(sDate)} ${sTime}至${sDate === eDate ? '' : `${day(eDate)} `}${eTime}`;
}

/** True once the outage fields can make a sentence (region and both times). */
export function outageReady(f: OutageFacts): boolean {
  return Boolean(f.region.trim()) && !Number.isNaN(Date.parse(f.start)) && !Number.isNaN(Date.parse(f.end));
}

/**
 * Title and body in Chinese, e.g. "因线路检修，11月27日 08:00至17:30，城东片区停电。…". The body says
 * what the severity means for customers: with a band calls go on, so only "部分业务暂停办理".
 */
export function outageText(f: OutageFacts, timeZone: string): { title: string; body: string } {
  const reason = f.reason.trim().replace(/[，。,.\s]+$/, '');
  const contact = f.contact.trim() || '95598';
  const sentence = `${reason ? `因${reason}，` : ''}${outageSpan(f.start, f.end, timeZone)}，${f.region.trim()}停电。`;
  return {
    title: '停电通知',
    body: `${sentence}停电期间本营业厅部分业务暂停办理，给您带来不便，敬请谅解。咨询电话：${contact}。`,
  };
}

/** The text of a ready-made 紧急通知 by key (unknown key → empty, i.e. the operator types it). */
export function emergencyText(key: string): { title: string; body: string } {
  const t = EMERGENCY_TEXTS.find((e) => e.key === key);
  return t ? { title: t.title, body: t.body } : { title: '', body: '' };
}
