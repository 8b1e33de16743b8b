import { describe, expect, it } from 'vitest';
import { refusalFor, sniffMedia } from './sniff';

/** A 32-byte header: the given leading bytes (numbers or ASCII), zero-padded. */
function head(...parts: (number[] | string)[]): Uint8Array {
  const bytes = parts.flatMap((p) => (typeof p === 'string' ? [...Buffer.from(p, 'latin1')] : p));
  const out = new Uint8Array(Math.max(32, bytes.length));
  out.set(bytes);
  return out;
}
const ftyp = (brand: string) => head([0, 0, 0, 0x20], 'ftyp', brand, [0, 0, 0, 0]);

describe('sniffMedia() tells the type from the first bytes', () => {
  it.each<[string, Uint8Array, string, string, string]>([
    ['JPEG (JFIF)', head([0xff, 0xd8, 0xff, 0xe0]), 'image', 'image/jpeg', 'jpg'],
    ['JPEG (Exif)', head([0xff, 0xd8, 0xff, 0xe1]), 'image', 'image/jpeg', 'jpg'],
    ['PNG', head([0x89], 'PNG', [0x0d, 0x0a, 0x1a, 0x0a]), 'image', 'image/png', 'png'],
    ['GIF87a', head('GIF87a'), 'image', 'image/gif', 'gif'],
    ['GIF89a', head('GIF89a'), 'image', 'image/gif', 'gif'],
    ['WebP', head('RIFF', [0x24, 0, 0, 0], 'WEBPVP8 '), 'image', 'image/webp', 'webp'],
    ['AVIF', ftyp('avif'), 'image', 'image/avif', 'avif'],
    ['AVIF sequence', ftyp('avis'), 'image', 'image/avif', 'avif'],
    ['MP4 isom', ftyp('isom'), 'video', 'video/mp4', 'mp4'],
    ['MP4 mp42', ftyp('mp42'), 'video', 'video/mp4', 'mp4'],
    ['MP4 avc1', ftyp('avc1'), 'video', 'video/mp4', 'mp4'],
    ['M4V', ftyp('M4V '), 'video', 'video/mp4', 'mp4'],
    ['WebM / Matroska', head([0x1a, 0x45, 0xdf, 0xa3]), 'video', 'video/webm', 'webm'],
    ['AVIF under the generic HEIF brand', head([0, 0, 0, 0x1c], 'ftyp', 'mif1', [0, 0, 0, 0], 'mif1', 'avif', 'miaf'), 'image', 'image/avif', 'avif'],
  ])('%s', (_name, bytes, kind, mime, ext) => {
    expect(sniffMedia(bytes)).toEqual({ kind, mime, ext });
  });

  it.each<[string, Uint8Array]>([
    ['SVG', head('<svg xmlns="http://www.w3.org/2000/svg">')],
    ['XML', head('<?xml version="1.0"?><svg>')],
    ['HTML', head('<!DOCTYPE html><html>')],
    ['PDF', head('%PDF-1.7')],
    ['ZIP', head('PK', [3, 4])],
    ['a Windows executable', head('MZ', [0x90, 0])],
    ['a RIFF file that is not WebP (WAV)', head('RIFF', [0x24, 0, 0, 0], 'WAVEfmt ')],
    ['an ISO-BMFF file of an unknown brand (HEIC)', ftyp('heic')],
    ['a QuickTime movie', ftyp('qt  ')],
    ['a HEIF image with no AVIF brand', head([0, 0, 0, 0x18], 'ftyp', 'mif1', [0, 0, 0, 0], 'mif1', 'heic')],
    ['a PNG signature without its first byte', head('PNG')],
    ['all zeros', new Uint8Array(32)],
    ['an empty file', new Uint8Array(0)],
    ['a truncated JPEG header', new Uint8Array([0xff, 0xd8])],
    ['a truncated ftyp header', new Uint8Array([0, 0, 0, 0x20, 0x66, 0x74, 0x79, 0x70])],
  ])('refuses %s', (_name, bytes) => {
    expect(sniffMedia(bytes)).toBeNull();
  });
});

describe('refusalFor() says why a file was refused', () => {
  it.each<[string, string]>([
    ['an SVG', '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'],
    ['an SVG with leading whitespace', '\n  <svg>'],
    ['an SVG in upper case', '<SVG>'],
    ['an XML prolog', '<?xml version="1.0" encoding="UTF-8"?>\n<svg/>'],
  ])('names the script risk for %s', (_name, text) => {
    const message = refusalFor(head(text));
    expect(message).toContain('SVG');
    expect(message).toContain('PNG');
  });

  it.each<[string, Uint8Array, string]>([
    ['an iPhone HEIC photo', ftyp('heic'), 'JPEG'],
    ['a QuickTime movie', ftyp('qt  '), 'MP4'],
  ])('tells how to convert %s', (_name, bytes, target) => {
    expect(refusalFor(bytes)).toContain(target);
  });

  it.each<[string, Uint8Array]>([
    ['a PDF', head('%PDF-1.7')],
    ['an empty file', new Uint8Array(0)],
  ])('lists the accepted types for %s', (_name, bytes) => {
    const message = refusalFor(bytes);
    expect(message).toContain('不支持的文件类型');
    expect(message).toMatch(/JPEG.*PNG.*MP4/);
  });
});
