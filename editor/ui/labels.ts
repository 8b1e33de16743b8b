/** Chinese words for enum values that content/ does not label (it labels areas, kinds, slide types). */
import type { CallDisplay, ReviewStatus, Transition } from '../../content/model';
import type { TraceOutcome } from '../../content/schedule';

export const REVIEW_LABELS: Record<ReviewStatus, string> = { draft: '草稿', pending: '待审核', approved: '已通过' };
export const LEVEL_LABELS = { info: '一般', important: '重要', urgent: '紧急' } as const;
export const TRANSITION_LABELS: Record<Transition, string> = { none: '无', fade: '淡入淡出', slide: '滑动' };
export const FIT_LABELS = { contain: '完整显示（留边）', cover: '铺满（裁切）' } as const;
export const OVERRIDE_KIND_LABELS = { emergency: '紧急通知', message: '信息提示' } as const;
export const CALL_DISPLAY_LABELS: Record<CallDisplay, string> = {
  full: '整屏叫号', banner: '底部横幅', strip: '本窗口号', none: '不显示叫号',
};
/** ISO weekday (1 = Monday) → 一…日 (defined once in content/, with the hours wording). */
export { WEEKDAY_LABELS } from '../../content/hours-text';

/** Short tags for the resolver's trace lines; the server's `message` says the rest. */
export const TRACE_LABELS: Record<TraceOutcome, string> = {
  playing: '正在播放',
  lowerPriority: '优先级较低',
  notTargeted: '未投放到此屏',
  outsideWindow: '不在时段内',
  wrongWeekday: '非播放日',
  notStarted: '尚未开始',
  ended: '已结束',
  exceptionDate: '例外日期',
  noPlayableSlides: '无可播内容',
  missingPlaylist: '播放列表缺失',
  slideSkipped: '幻灯片跳过',
  outsideHours: '营业时间外',
  default: '默认内容',
  idle: '空闲画面',
};

/** Pairs for `options()` from a label record. */
export function labelPairs<K extends string>(labels: Record<K, string>): [K, string][] {
  return Object.entries(labels) as [K, string][];
}
