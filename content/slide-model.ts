/**
 * Slides: the typed items staff make (notice, welcome, price table, safety tip, payment channels,
 * outage notice, image, video, clock, queue board), with duration, transition, validity and review
 * status. Re-exported by model.ts.
 */
import { z } from 'zod';
import { KioskAppFields, pageTreeProblems } from './kiosk-model';
import { Tariff } from './tariff';
import { Id, IsoInstant, OwnerHallIds } from './primitives';

export const Transition = z.enum(['none', 'fade', 'slide']);
export type Transition = z.infer<typeof Transition>;
export const ReviewStatus = z.enum(['draft', 'pending', 'approved']);
export type ReviewStatus = z.infer<typeof ReviewStatus>;

export const MIN_SLIDE_MS = 1000;
export const MAX_SLIDE_MS = 3_600_000;
export const DEFAULT_SLIDE_MS = 10_000;
/** A slide's (or playlist item's) duration in ms. */
export const SlideDuration = z.number().int().min(MIN_SLIDE_MS, '时长至少 1 秒').max(MAX_SLIDE_MS, '时长至多 1 小时');
/** A slide or notice title. */
export const Title = z.string().trim().min(1, '标题不能为空').max(100, '标题至多 100 字');
const Line = z.string().trim().min(1).max(200);

/** Fields every slide type may carry. */
const common = {
  title: Title,
  durationMs: SlideDuration.optional(),
  transition: Transition.optional(),
  validFrom: IsoInstant.optional(),
  validTo: IsoInstant.optional(),
  tags: z.array(z.string().trim().min(1).max(40)).max(32).optional(),
};

const NoticeFields = z.object({
  type: z.literal('notice'),
  ...common,
  body: z.string().max(2000, '正文至多 2000 字').default(''),
  level: z.enum(['info', 'important', 'urgent']).default('info'),
});
const WelcomeFields = z.object({
  type: z.literal('welcome'),
  ...common,
  hallName: z.string().trim().max(100).default(''),
  slogan: z.string().trim().max(200).default(''),
});
const PriceTier = z.object({
  name: z.string().trim().min(1).max(40),
  range: z.string().trim().min(1).max(60),
  price: z.string().trim().min(1).max(40),
});
const PriceTableFields = z.object({
  type: z.literal('priceTable'),
  ...common,
  tiers: z.array(PriceTier).min(1, '至少一档电价').max(12),
  note: z.string().trim().max(500).default(''),
  /** 峰谷分时 periods shown under the tiers. */
  periods: z.array(z.object({ name: z.string().trim().min(1).max(20), hours: z.string().trim().min(1).max(60), price: z.string().trim().min(1).max(40) })).max(6).optional(),
  /** The same prices as numbers: drives the kiosks' bill calculator. */
  tariff: Tariff.optional(),
});
const SafetyTipFields = z.object({
  type: z.literal('safetyTip'),
  ...common,
  tips: z.array(Line).min(1, '至少一条提示').max(10),
});
const PayChannel = z.object({
  name: z.string().trim().min(1).max(40),
  hint: z.string().trim().max(100).default(''),
  url: z.url().optional(),
});
const PayChannelsFields = z.object({
  type: z.literal('payChannels'),
  ...common,
  channels: z.array(PayChannel).min(1, '至少一个缴费渠道').max(8),
});
const OutageNoticeFields = z.object({
  type: z.literal('outageNotice'),
  ...common,
  region: z.string().trim().min(1, '停电区域不能为空').max(200),
  start: IsoInstant,
  end: IsoInstant,
  reason: z.string().trim().max(300).default(''),
  contact: z.string().trim().max(100).default('95598'),
});
const ImageFields = z.object({
  type: z.literal('image'),
  ...common,
  mediaId: Id,
  fit: z.enum(['contain', 'cover']).default('contain'),
});

const VideoFields = z.object({
  type: z.literal('video'),
  ...common,
  mediaId: Id,
  fit: z.enum(['contain', 'cover']).default('contain'),
});
/** A full-zone clock with the date (and weekday) in the hall's time zone. */
const ClockFields = z.object({
  type: z.literal('clock'),
  ...common,
  showDate: z.boolean().default(true),
  showSeconds: z.boolean().default(false),
});
/** The hall's live queue board (now serving per counter, waiting counts), fed by queue state. */
const QueueBoardFields = z.object({
  type: z.literal('queueBoard'),
  ...common,
  /** Rows shown; the rest of the counters scroll in pages. */
  rows: z.number().int().min(1).max(20).default(6),
});

/** An interactive kiosk app: a page tree (menus, guides, prices, hall map); see kiosk-model.ts. */
const KioskAppSlideFields = z.object({ type: z.literal('kioskApp'), ...common, ...KioskAppFields });
/** The tree rules zod cannot say per field; applied to input and stored slides alike. */
const checkTree = (s: { type: string; home?: string; pages?: unknown }, ctx: z.RefinementCtx): void => {
  if (s.type !== 'kioskApp') return;
  const app = s as z.infer<typeof KioskAppSlideFields>;
  for (const p of pageTreeProblems(app.home, app.pages)) ctx.addIssue({ code: 'custom', path: p.path, message: p.message });
};

/** What staff send to create or replace a slide. */
export const SlideInput = z.discriminatedUnion('type', [
  NoticeFields,
  WelcomeFields,
  PriceTableFields,
  SafetyTipFields,
  PayChannelsFields,
  OutageNoticeFields,
  ImageFields,
  VideoFields,
  ClockFields,
  QueueBoardFields,
  KioskAppSlideFields,
]).superRefine(checkTree);
export type SlideInput = z.infer<typeof SlideInput>;
export type SlideType = SlideInput['type'];
export const SLIDE_TYPE_LABELS: Record<SlideType, string> = {
  notice: '通知公告',
  welcome: '欢迎词',
  priceTable: '电价表',
  safetyTip: '安全用电',
  payChannels: '缴费渠道',
  outageNotice: '停电通知',
  image: '图片',
  video: '视频',
  clock: '时钟日期',
  queueBoard: '叫号看板',
  kioskApp: '触摸查询应用',
};

/** One step of a slide's review: who submitted, approved or rejected it, when, and why (rejections). */
export const ReviewEvent = z.object({
  action: z.enum(['submitted', 'approved', 'rejected']),
  /** Username of who did it. */
  by: z.string(),
  /** Their display name at the time (what staff read). */
  byName: z.string().optional(),
  at: IsoInstant,
  reason: z.string().optional(),
  /** Submissions made together (media dropped into a playlist) share one: the reviewer approves them as one batch. */
  batch: z.string().max(64).optional(),
});
export type ReviewEvent = z.infer<typeof ReviewEvent>;
/** Why a reviewer sent the working copy back; cleared when a version is approved. */
export const Rejection = z.object({ reason: z.string(), by: z.string(), byName: z.string().optional(), at: IsoInstant });
export type Rejection = z.infer<typeof Rejection>;
/** A reviewer's reason for sending a slide back (required, shown to its editor). */
export const RejectInput = z.object({ reason: z.string({ error: '请填写驳回理由' }).trim().min(1, '请填写驳回理由').max(500, '驳回理由至多 500 字') });

const meta = {
  id: Id,
  /** The review state of the working copy (the top-level fields); see `published` for what plays. */
  status: ReviewStatus,
  /** Set when stored; for image slides, the URL of the player rendition; for video, the file. */
  mediaUrl: z.string().optional(),
  /** Video slides: the poster frame shown while the file loads (no black gap). */
  posterUrl: z.string().optional(),
  createdAt: IsoInstant,
  updatedAt: IsoInstant,
  ownerHallIds: OwnerHallIds,
  rejection: Rejection.optional(),
  /** Every submission, approval and rejection, oldest first. */
  review: z.array(ReviewEvent).optional(),
};
const withMeta = <T extends z.ZodRawShape>(fields: z.ZodObject<T>) => fields.extend(meta);
/** The last approved version of a slide, exactly as it was approved: what screens play. */
export const PublishedSlide = z.discriminatedUnion('type', [
  withMeta(NoticeFields),
  withMeta(WelcomeFields),
  withMeta(PriceTableFields),
  withMeta(SafetyTipFields),
  withMeta(PayChannelsFields),
  withMeta(OutageNoticeFields),
  withMeta(ImageFields),
  withMeta(VideoFields),
  withMeta(ClockFields),
  withMeta(QueueBoardFields),
  withMeta(KioskAppSlideFields),
]);
export type PublishedSlide = z.infer<typeof PublishedSlide>;
const stored = { ...meta, published: PublishedSlide.optional() };
/**
 * A stored slide: the working copy (input fields, id, review status of that copy, timestamps) plus
 * `published`, the approved version that stays on air while an edit waits for review.
 */
export const Slide = z.discriminatedUnion('type', [
  NoticeFields.extend(stored),
  WelcomeFields.extend(stored),
  PriceTableFields.extend(stored),
  SafetyTipFields.extend(stored),
  PayChannelsFields.extend(stored),
  OutageNoticeFields.extend(stored),
  ImageFields.extend(stored),
  VideoFields.extend(stored),
  ClockFields.extend(stored),
  QueueBoardFields.extend(stored),
  KioskAppSlideFields.extend(stored),
]);
export type Slide = z.infer<typeof Slide>;
export type SlideOf<T extends SlideType> = Extract<Slide, { type: T }>;
