/**
 * 设备告警: what the server raises when a screen is offline in business hours, plays badly, cannot
 * cache, or does not confirm a call, and the hall's settings for it (threshold, webhook). The rules
 * that raise and close alerts live in server/alerts/; the editor lists them.
 */
import { z } from 'zod';
import { Id, IsoInstant } from './primitives';

export const AlertKind = z.enum(['offline', 'lowFps', 'cacheFailed', 'callUnacked']);
export type AlertKind = z.infer<typeof AlertKind>;
export const ALERT_KIND_LABELS: Record<AlertKind, string> = {
  offline: '屏幕离线',
  lowFps: '画面卡顿',
  cacheFailed: '离线缓存失败',
  callUnacked: '叫号未确认',
};

/** One alert; `endedAt` is null while its cause lasts (open) and set when the cause ended by itself. */
export const Alert = z.object({
  id: Id,
  /** One open alert per key (`kind:screenId`): the rules find the alert of a cause again by it. */
  key: z.string().max(200),
  hallId: Id,
  screenId: Id.optional(),
  kind: AlertKind,
  message: z.string().max(500),
  startedAt: IsoInstant,
  endedAt: IsoInstant.nullable(),
});
export type Alert = z.infer<typeof Alert>;

/** How a webhook body is shaped: 企业微信 or 钉钉 group robot text, or the alert itself as JSON. */
export const WebhookFormat = z.enum(['wecom', 'dingtalk', 'json']);
export type WebhookFormat = z.infer<typeof WebhookFormat>;
export const WEBHOOK_FORMAT_LABELS: Record<WebhookFormat, string> = { wecom: '企业微信群机器人', dingtalk: '钉钉群机器人', json: 'JSON（告警原文）' };

const WebhookUrl = z
  .string()
  .trim()
  .max(2000)
  // No URL class here (content/ sees neither Node nor the DOM): scheme, a host, nothing that splits the request line.
  .refine((u) => /^https?:\/\/[^\s/?#@]+(?:[/?#][^\s]*)?$/i.test(u), { message: '告警推送地址必须是以 http:// 或 https:// 开头的完整网址' });

export const DEFAULT_OFFLINE_MINUTES = 5;
/** A hall's alert settings; absent = a 5-minute offline threshold and no webhook. */
export const HallAlertSettings = z.object({
  /** A screen counts as failed after this many minutes offline within its area's business hours. */
  offlineMinutes: z.number({ message: '离线告警阈值需要是分钟数' }).int('离线告警阈值需要是整数分钟').min(1, '离线告警阈值至少 1 分钟').max(1440, '离线告警阈值至多 1440 分钟（一天）').optional(),
  webhook: z.object({ url: WebhookUrl, format: WebhookFormat.default('json') }).optional(),
});
export type HallAlertSettings = z.infer<typeof HallAlertSettings>;

/** `GET /api/alerts` answers `{ alerts }`, open ones first, then the newest. */
export const AlertList = z.object({ alerts: z.array(Alert) });
