/** Tells a file's real type from its first bytes; the name and the browser's claim are never trusted. */

export type Sniffed =
  | { kind: 'image'; mime: 'image/jpeg' | 'image/png' | 'image/gif' | 'image/webp' | 'image/avif'; ext: string }
  | { kind: 'video'; mime: 'video/mp4' | 'video/webm'; ext: string };

const ascii = (b: Uint8Array, from: number, to: number): string => String.fromCharCode(...b.subarray(from, to));

/** The type of a file from its header (≥ 32 bytes), or null when it is not one we accept. */
export function sniffMedia(head: Uint8Array): Sniffed | null {
  if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return { kind: 'image', mime: 'image/jpeg', ext: 'jpg' };
  if (head.length >= 8 && ascii(head, 1, 4) === 'PNG' && head[0] === 0x89) return { kind: 'image', mime: 'image/png', ext: 'png' };
  if (head.length >= 6 && (ascii(head, 0, 6) === 'GIF87a' || ascii(head, 0, 6) === 'GIF89a')) return { kind: 'image', mime: 'image/gif', ext: 'gif' };
  if (head.length >= 12 && ascii(head, 0, 4) === 'RIFF' && ascii(head, 8, 12) === 'WEBP') return { kind: 'image', mime: 'image/webp', ext: 'webp' };
  if (head.length >= 4 && head[0] === 0x1a && head[1] === 0x45 && head[2] === 0xdf && head[3] === 0xa3) return { kind: 'video', mime: 'video/webm', ext: 'webm' };
  if (head.length >= 12 && ascii(head, 4, 8) === 'ftyp') {
    const brand = ascii(head, 8, 12);
    if (brand === 'avif' || brand === 'avis') return { kind: 'image', mime: 'image/avif', ext: 'avif' };
    // Some encoders write the generic HEIF brand first and list AVIF among the compatible brands.
    if ((brand === 'mif1' || brand === 'msf1') && compatibleBrands(head).includes('avif')) return { kind: 'image', mime: 'image/avif', ext: 'avif' };
    if (['isom', 'iso2', 'iso4', 'iso5', 'iso6', 'mp41', 'mp42', 'avc1', 'M4V ', 'dash'].includes(brand)) return { kind: 'video', mime: 'video/mp4', ext: 'mp4' };
  }
  return null;
}

/** The compatible brands listed in the leading `ftyp` box (as far as `head` holds it). */
function compatibleBrands(head: Uint8Array): string[] {
  const size = ((head[0]! << 24) | (head[1]! << 16) | (head[2]! << 8) | head[3]!) >>> 0;
  const out: string[] = [];
  for (let p = 16; p + 4 <= Math.min(size, head.length); p += 4) out.push(ascii(head, p, p + 4));
  return out;
}

/** Why a file was refused, in words for staff. */
export function refusalFor(head: Uint8Array): string {
  const text = ascii(head, 0, Math.min(head.length, 256)).trimStart().toLowerCase();
  if (text.startsWith('<svg') || text.startsWith('<?xml')) return 'SVG/XML 文件可能含有脚本，不能上传；请导出为 PNG 后再上传';
  if (head.length >= 12 && ascii(head, 4, 8) === 'ftyp' && /^(heic|heix|hevc|mif1|msf1)$/.test(ascii(head, 8, 12)))
    return 'HEIC/HEIF 照片（苹果手机默认格式）暂不支持：请在手机上选择"兼容性最佳"或转为 JPEG 后再上传';
  if (head.length >= 12 && ascii(head, 4, 8) === 'ftyp' && ascii(head, 8, 12) === 'qt  ') return 'QuickTime（.mov）视频暂不支持：请导出为 MP4（H.264）后再上传';
  return '不支持的文件类型：仅支持 JPEG、PNG、WebP、AVIF、GIF 图片和 MP4（H.264）、WebM 视频';
}
