/**
 * Slides: the typed items staff make (notice, welcome, price table, safety tip, payment channels,
 * outage notice, image), with duration, transition, validity and review status. Re-exported by model.ts.
 */
import { z } from 'zod';
import { Id, IsoInstant } from './primitives';

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

/** What staff send to create or replace a slide. */
export const SlideInput = z.discriminatedUnion('type', [
  NoticeFields,
  WelcomeFields,
  PriceTableFields,
  SafetyTipFields,
  PayChannelsFields,
  OutageNoticeFields,
  ImageFields,
]);
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
};

const meta = {
  id: Id,
  status: ReviewStatus,
  /** Set when stored; for image slides, the URL of the player rendition. */
  mediaUrl: z.string().optional(),
  createdAt: IsoInstant,
  updatedAt: IsoInstant,
};
/** A stored slide: the input plus id, review status and timestamps. */
export const Slide = z.discriminatedUnion('type', [
  NoticeFields.extend(meta),
  WelcomeFields.extend(meta),
  PriceTableFields.extend(meta),
  SafetyTipFields.extend(meta),
  PayChannelsFields.extend(meta),
  OutageNoticeFields.extend(meta),
  ImageFields.extend(meta),
]);
export type Slide = z.infer<typeof Slide>;
export type SlideOf<T extends SlideType> = Extract<Slide, { type: T }>;
