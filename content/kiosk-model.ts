/**
 * Interactive kiosk content (触摸查询): a tree of pages staff build in the editor and publish as one
 * `kioskApp` slide, through the same review workflow as any slide. On a kiosk the scheduled playlist is
 * the attract loop; a touch opens the home page of the kiosk app in that loop. Tiles link pages; the
 * tree is checked at save time so a visitor can never reach a missing page or walk in a circle.
 */
import { z } from 'zod';
import { Area, CounterId, Id } from './primitives';

const PageId = z.string().trim().regex(/^[a-z][a-z0-9-]{0,39}$/, '页面 id 须以小写字母开头，只含小写字母、数字和连字符');
const Label = z.string().trim().min(1).max(40);
const Text = z.string().trim().max(2000);

export const KioskTile = z.object({
  label: Label,
  /** A short hint under the label. */
  hint: z.string().trim().max(60).default(''),
  /** An emoji or one or two characters shown large on the tile. */
  icon: z.string().trim().max(4).default(''),
  target: PageId,
});
export type KioskTile = z.infer<typeof KioskTile>;

const base = { id: PageId, title: Label };
export const KioskPage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('menu'), ...base, tiles: z.array(KioskTile).min(1, '菜单至少需要一个按钮').max(12, '一个菜单至多 12 个按钮') }),
  /** 办事指南: steps, required documents, and a QR code to do it online (网上国网). */
  z.object({
    type: z.literal('guide'),
    ...base,
    intro: Text.default(''),
    steps: z.array(z.object({ title: Label, body: Text.default('') })).min(1, '办事指南至少需要一个步骤').max(20),
    documents: z.array(z.string().trim().min(1).max(100)).max(20).default([]),
    qrUrl: z.url('二维码链接需要完整网址，例如 https://…').optional(),
    qrLabel: z.string().trim().max(60).default('扫码在「网上国网」App 办理'),
  }),
  /** A stored slide shown as a page (reuse of notices, price tables, safety tips). */
  z.object({ type: z.literal('slide'), ...base, slideId: Id }),
  /** Price look-up: the tiered table and time-of-use periods of a price slide, with a bill calculator. */
  z.object({ type: z.literal('prices'), ...base, priceSlideId: Id }),
  /** Hall navigation: a floor plan with the areas marked, "you are here", services → area and counters. */
  z.object({
    type: z.literal('map'),
    ...base,
    mediaId: Id.optional(),
    /** Set by the server from `mediaId` (the floor plan's player rendition). */
    imageUrl: z.string().optional(),
    areas: z
      .array(z.object({ area: Area, x: z.number().min(0).max(1), y: z.number().min(0).max(1), w: z.number().min(0).max(1), h: z.number().min(0).max(1) }))
      .max(10)
      .default([]),
    here: z.object({ x: z.number().min(0).max(1), y: z.number().min(0).max(1) }).optional(),
    services: z.array(z.object({ name: Label, area: Area, counters: z.array(CounterId).max(20).default([]) })).max(30).default([]),
  }),
  /** Waiting counts per service, from the hall's live queue state. */
  z.object({ type: z.literal('queue'), ...base }),
  /** 取号: big service tiles of the hall's own queue; the number, people ahead, a printed ticket with a QR code. */
  z.object({
    type: z.literal('takeTicket'),
    ...base,
    /** Services offered here, in this order; none = every service of the hall. */
    serviceIds: z.array(Id).max(20).default([]),
    /** Print the ticket (80 mm thermal paper, `window.print()`; the kiosk browser runs with --kiosk-printing). */
    print: z.boolean().default(true),
    /** A line printed under the number, e.g. 请留意叫号屏与广播. */
    note: z.string().trim().max(60).default('请留意叫号屏和语音广播'),
  }),
]);
export type KioskPage = z.infer<typeof KioskPage>;
export type KioskPageType = KioskPage['type'];
export const KIOSK_PAGE_LABELS: Record<KioskPageType, string> = {
  menu: '菜单',
  guide: '办事指南',
  slide: '幻灯片页面',
  prices: '电价查询',
  map: '大厅导航',
  queue: '排队信息',
  takeTicket: '取号',
};

export const DEFAULT_KIOSK_IDLE_MS = 60_000;

/** Problems of a page tree, each naming the page: missing targets, cycles, a missing home. */
export function pageTreeProblems(home: string, pages: readonly KioskPage[]): { path: (string | number)[]; message: string }[] {
  const problems: { path: (string | number)[]; message: string }[] = [];
  const byId = new Map<string, KioskPage>();
  pages.forEach((p, i) => {
    if (byId.has(p.id)) problems.push({ path: ['pages', i, 'id'], message: `页面 id「${p.id}」重复` });
    else byId.set(p.id, p);
  });
  if (!byId.has(home)) problems.push({ path: ['home'], message: `首页「${home}」不存在` });
  pages.forEach((p, i) => {
    if (p.type !== 'menu') return;
    p.tiles.forEach((t, j) => {
      if (!byId.has(t.target)) problems.push({ path: ['pages', i, 'tiles', j, 'target'], message: `页面「${p.title}」的按钮「${t.label}」指向不存在的页面「${t.target}」` });
    });
  });
  // A cycle: a tile leading back to a page already on the way down (the back button is navigation, not a link).
  const state = new Map<string, 'open' | 'done'>();
  const visit = (id: string, trail: string[]): void => {
    const page = byId.get(id);
    if (!page || state.get(id) === 'done') return;
    state.set(id, 'open');
    if (page.type === 'menu')
      for (const t of page.tiles) {
        if (state.get(t.target) === 'open') {
          const names = [...trail, id, t.target].map((x) => `「${byId.get(x)?.title ?? x}」`);
          const at = pages.findIndex((x) => x.id === id);
          problems.push({ path: ['pages', at, 'tiles'], message: `页面之间形成了循环：${names.join(' → ')}，请改用返回按钮` });
        } else visit(t.target, [...trail, id]);
      }
    state.set(id, 'done');
  };
  for (const p of pages) visit(p.id, []);
  return problems;
}

/** The fields of a `kioskApp` slide (validated as a tree with `pageTreeProblems`). */
export const KioskAppFields = {
  home: PageId,
  pages: z.array(KioskPage).min(1).max(100, '一个触摸应用至多 100 个页面'),
  /** Without a touch for this long the kiosk returns to the attract loop. */
  idleMs: z.number().int().min(10_000, '空闲返回时间至少 10 秒').max(600_000, '空闲返回时间至多 10 分钟').default(DEFAULT_KIOSK_IDLE_MS),
  /** Text of the attract card's call to action. */
  attractText: z.string().trim().max(40).default('触摸屏幕 开始查询'),
};

/** Slides a kiosk app shows as pages or prices from: the manifest must carry them too. */
export function kioskSlideRefs(pages: readonly KioskPage[]): string[] {
  return pages.flatMap((p) => (p.type === 'slide' ? [p.slideId] : p.type === 'prices' ? [p.priceSlideId] : []));
}
