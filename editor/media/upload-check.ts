/**
 * Checks a file in the browser before any byte is sent: over the server's size limit or of a type
 * the pipeline does not take, staff hear why at once instead of after half a 220 MB upload.
 */

/** What the server takes (`GET /api/media/limits`); the defaults match the server's own. */
export interface UploadLimits { maxUploadBytes: number; types: readonly string[] }
export const DEFAULT_LIMITS: UploadLimits = {
  maxUploadBytes: 200 * 1024 * 1024,
  types: ['image/png', 'image/jpeg', 'image/webp', 'image/gif', 'image/avif', 'video/mp4', 'video/webm'],
};

/** The type from the name when the browser reports none (some systems do for .webm / .avif). */
const BY_EXTENSION: Record<string, string> = {
  png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', webp: 'image/webp', gif: 'image/gif', avif: 'image/avif', mp4: 'video/mp4', webm: 'video/webm',
};

const mb = (bytes: number): string => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;

/** Why `file` cannot be uploaded, in words staff can act on, or undefined when it may go. */
export function uploadProblem(file: { name: string; size: number; type: string }, limits: UploadLimits = DEFAULT_LIMITS): string | undefined {
  const type = file.type || BY_EXTENSION[file.name.split('.').pop()?.toLowerCase() ?? ''] || '';
  if (!limits.types.includes(type)) return `「${file.name}」的格式不支持：请上传 PNG、JPEG、WebP、GIF、AVIF 图片或 MP4、WebM 视频`;
  if (file.size > limits.maxUploadBytes) return `「${file.name}」有 ${mb(file.size)}，超过 ${mb(limits.maxUploadBytes)} 上限，请压缩后再上传`;
  if (file.size === 0) return `「${file.name}」是空文件`;
  return undefined;
}
