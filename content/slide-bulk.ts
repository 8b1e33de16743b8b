/**
 * Bulk actions on slides (批量通过 / 删除 / 添加标签 / 移除标签) and media turned into slides: the
 * wire shapes the editor sends and the server answers. Each id gets its own result, so a partial
 * success (5 approved, 2 outside the caller's halls) is visible item by item.
 */
import { z } from 'zod';
import { Id } from './primitives';

/** The most slides one bulk request may name (a page of the slide list, with room to spare). */
export const MAX_BULK_IDS = 200;

const Tag = z.string().trim().min(1, '标签不能为空').max(40, '标签至多 40 字');

/** `POST /api/slides/bulk`. `tag` is required for tag/untag. */
export const SlideBulkInput = z
  .object({
    action: z.enum(['approve', 'delete', 'tag', 'untag'], { error: '操作必须是 approve、delete、tag 或 untag' }),
    ids: z.array(Id).min(1, '请至少选择一项').max(MAX_BULK_IDS, `一次至多 ${MAX_BULK_IDS} 项`),
    tag: Tag.optional(),
  })
  .refine((b) => (b.action !== 'tag' && b.action !== 'untag') || b.tag !== undefined, { message: '添加或移除标签时请填写标签', path: ['tag'] });
export type SlideBulkInput = z.infer<typeof SlideBulkInput>;
export type SlideBulkAction = SlideBulkInput['action'];

/** One item's outcome; `code` is the HttpError code (forbidden, outside_halls, in_use, not_found, …). */
export const SlideBulkResult = z.object({ id: z.string(), ok: z.boolean(), error: z.object({ code: z.string(), message: z.string() }).optional() });
export type SlideBulkResult = z.infer<typeof SlideBulkResult>;
export const SlideBulkReply = z.object({ action: z.string(), results: z.array(SlideBulkResult) });
export type SlideBulkReply = z.infer<typeof SlideBulkReply>;

/** `POST /api/slides/from-media`: library images/videos become slides appended to the playlist in this order. */
export const SlidesFromMediaInput = z.object({
  playlistId: Id,
  mediaIds: z.array(Id).min(1, '请至少选择一个素材').max(50, '一次至多 50 个素材'),
});
export type SlidesFromMediaInput = z.infer<typeof SlidesFromMediaInput>;
