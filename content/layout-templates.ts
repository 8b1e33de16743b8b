/**
 * Layout templates per screen kind: what staff start from in the editor ("新建布局 → 从模板").
 * Fractions were chosen at each kind's real size: a 1920×1080 TV keeps an exactly 16:9 main picture
 * (1440×810, so 1920×1080 pictures fill it without bars) beside the call panel, with the date and time
 * in the band under it (the panel's board then draws no second clock); a 1080×1920 kiosk keeps a square-ish main over an info column; LED walls and strips get
 * one big zone, because their low pixel density only carries big text and images.
 */
import type { LayoutInput, LayoutTemplateId } from './layout-model';
import type { ScreenKind } from './model';

export const DEFAULT_TICKER_TEXT = '欢迎光临国网供电营业厅 · 网上国网 App 可办理交费、报装、增容等业务 · 24 小时服务热线 95598';

export interface LayoutTemplate {
  id: LayoutTemplateId;
  label: string;
  kind: ScreenKind;
  build: () => LayoutInput;
}

export const LAYOUT_TEMPLATES: readonly LayoutTemplate[] = [
  {
    id: 'tvMain',
    label: '电视屏：16:9 主画面 + 时钟日期栏 + 侧边叫号 + 底部滚动字幕',
    kind: 'tv',
    build: () => ({
      name: '电视屏标准布局',
      template: 'tvMain',
      kind: 'tv',
      zones: [
        // Equal width and height fractions of a 16:9 screen are a 16:9 box.
        { id: 'main', name: '主画面', x: 0, y: 0, w: 0.75, h: 0.75, content: { type: 'main' } },
        { id: 'clock', name: '时钟', x: 0, y: 0.75, w: 0.75, h: 0.15, content: { type: 'clock', showDate: true, showSeconds: false } },
        { id: 'calls', name: '叫号面板', x: 0.75, y: 0, w: 0.25, h: 0.9, content: { type: 'callPanel' } },
        { id: 'ticker', name: '滚动字幕', x: 0, y: 0.9, w: 1, h: 0.1, content: { type: 'ticker', text: DEFAULT_TICKER_TEXT, speed: 1.5 } },
      ],
    }),
  },
  {
    id: 'tvFull',
    label: '电视屏：全屏',
    kind: 'tv',
    build: () => ({
      name: '电视屏全屏',
      template: 'tvFull',
      kind: 'tv',
      zones: [{ id: 'main', name: '主画面', x: 0, y: 0, w: 1, h: 1, content: { type: 'main' } }],
    }),
  },
  {
    id: 'kioskMainInfo',
    label: '竖屏查询机：主画面 + 信息栏',
    kind: 'kiosk',
    build: () => ({
      name: '竖屏标准布局',
      template: 'kioskMainInfo',
      kind: 'kiosk',
      zones: [
        { id: 'clock', name: '时钟', x: 0, y: 0, w: 1, h: 0.08, content: { type: 'clock', showDate: true, showSeconds: false } },
        { id: 'main', name: '主画面', x: 0, y: 0.08, w: 1, h: 0.56, content: { type: 'main' } },
        { id: 'info', name: '信息栏', x: 0, y: 0.64, w: 1, h: 0.3, content: { type: 'callPanel' } },
        { id: 'ticker', name: '滚动字幕', x: 0, y: 0.94, w: 1, h: 0.06, content: { type: 'ticker', text: DEFAULT_TICKER_TEXT, speed: 1.5 } },
      ],
    }),
  },
  {
    id: 'ledWallFull',
    label: 'LED 大屏：大字与图片',
    kind: 'ledWall',
    build: () => ({
      name: 'LED 大屏布局',
      template: 'ledWallFull',
      kind: 'ledWall',
      zones: [
        { id: 'main', name: '主画面', x: 0, y: 0, w: 1, h: 0.8, content: { type: 'main' } },
        { id: 'ticker', name: '滚动字幕', x: 0, y: 0.8, w: 1, h: 0.2, content: { type: 'ticker', text: DEFAULT_TICKER_TEXT, speed: 1 } },
      ],
    }),
  },
  {
    id: 'ledStripLine',
    label: 'LED 条屏：单行文字（放不下时滚动）',
    kind: 'ledStrip',
    build: () => ({
      name: 'LED 条屏布局',
      template: 'ledStripLine',
      kind: 'ledStrip',
      zones: [{ id: 'main', name: '主画面', x: 0, y: 0, w: 1, h: 1, content: { type: 'main' } }],
    }),
  },
];

export function layoutTemplate(id: LayoutTemplateId): LayoutTemplate {
  const t = LAYOUT_TEMPLATES.find((t) => t.id === id);
  if (!t) throw new Error(`unknown layout template ${id}`);
  return t;
}
