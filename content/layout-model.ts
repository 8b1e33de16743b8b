/**
 * Layouts: a screen divided into zones (fractions of the screen), each fed by the schedule's playlist
 * (the main zone), a playlist of its own, or a live widget (ticker, clock, queue call panel).
 * A schedule entry may name a layout; else the screen's own; else the whole screen is one main zone.
 */
import { z } from 'zod';
import { Id, IsoInstant, OwnerHallIds } from './primitives';

/** A fraction of the screen's width or height. */
const Fraction = z.number().min(0).max(1);

export const ZoneContent = z.discriminatedUnion('type', [
  /** Fed by the playlist the schedule resolves for the screen (the "now playing" zone). */
  z.object({ type: z.literal('main') }),
  /** Loops a playlist of its own (side pictures, an info column). */
  z.object({ type: z.literal('playlist'), playlistId: Id }),
  /** One line of text crawling right to left at the display's frame rate. */
  z.object({
    type: z.literal('ticker'),
    text: z.string().trim().min(1, '滚动字幕不能为空').max(1000, '滚动字幕至多 1000 字'),
    /** Crawl speed in screen heights of the zone per second (readable on LED walls and strips alike). */
    speed: z.number().min(0.2).max(10).default(1.5),
  }),
  z.object({ type: z.literal('clock'), showDate: z.boolean().default(true), showSeconds: z.boolean().default(false) }),
  /** The queue call panel: latest calls and now-serving per counter, from the hall's queue state. */
  z.object({ type: z.literal('callPanel') }),
]);
export type ZoneContent = z.infer<typeof ZoneContent>;
export type ZoneType = ZoneContent['type'];
export const ZONE_TYPE_LABELS: Record<ZoneType, string> = {
  main: '主画面（排期内容）',
  playlist: '播放列表',
  ticker: '滚动字幕',
  clock: '时钟日期',
  callPanel: '叫号面板',
};

export const Zone = z
  .object({
    id: z.string().trim().regex(/^[a-z][a-zA-Z0-9-]{0,31}$/, '区域 id 须以小写字母开头，只含字母、数字和连字符'),
    name: z.string().trim().min(1).max(40),
    x: Fraction,
    y: Fraction,
    w: Fraction.refine((v) => v > 0, '宽度必须大于 0'),
    h: Fraction.refine((v) => v > 0, '高度必须大于 0'),
    content: ZoneContent,
  })
  .refine((z) => z.x + z.w <= 1.0001 && z.y + z.h <= 1.0001, { message: '区域超出了屏幕范围' });
export type Zone = z.infer<typeof Zone>;

export const LayoutTemplateId = z.enum(['tvMain', 'tvFull', 'kioskMainInfo', 'ledWallFull', 'ledStripLine']);
export type LayoutTemplateId = z.infer<typeof LayoutTemplateId>;

export const LayoutInput = z
  .object({
    name: z.string().trim().min(1, '布局名称不能为空').max(100),
    /** The template it was made from (for the editor's grouping; zones are the truth). */
    template: LayoutTemplateId.optional(),
    /** Screen kind it is designed for (the editor previews it at that kind's size). */
    kind: z.enum(['ledWall', 'ledStrip', 'tv', 'kiosk']),
    zones: z.array(Zone).min(1, '布局至少需要一个区域').max(8, '一个布局至多 8 个区域'),
  })
  .superRefine((l, ctx) => {
    const ids = new Set<string>();
    for (const [i, zone] of l.zones.entries()) {
      if (ids.has(zone.id)) ctx.addIssue({ code: 'custom', path: ['zones', i, 'id'], message: `区域 id「${zone.id}」重复` });
      ids.add(zone.id);
    }
    const mains = l.zones.filter((z) => z.content.type === 'main').length;
    if (mains !== 1) ctx.addIssue({ code: 'custom', path: ['zones'], message: '布局必须恰好有一个主画面区域' });
  });
export type LayoutInput = z.infer<typeof LayoutInput>;
/** A reviewer's approval of one ticker zone's text: that text (and only it) may crawl on screens. */
export const TickerApproval = z.object({ text: z.string(), by: z.string(), byName: z.string().optional(), at: IsoInstant });
export type TickerApproval = z.infer<typeof TickerApproval>;
export const Layout = z.object({
  id: Id,
  /** Approved ticker texts by zone id; a ticker zone plays its approved text (see ticker-review.ts). */
  approvedTickers: z.record(z.string(), TickerApproval).optional(),
  name: z.string(),
  template: LayoutTemplateId.optional(),
  kind: z.enum(['ledWall', 'ledStrip', 'tv', 'kiosk']),
  zones: z.array(Zone),
  createdAt: IsoInstant,
  updatedAt: IsoInstant,
  ownerHallIds: OwnerHallIds,
});
export type Layout = z.infer<typeof Layout>;

/** The zone a screen without a layout plays in: the whole screen. */
export const FULL_SCREEN_ZONE: Zone = { id: 'main', name: '全屏', x: 0, y: 0, w: 1, h: 1, content: { type: 'main' } };
