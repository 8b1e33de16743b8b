/**
 * QR codes for pay channels, drawn by the `qrcode` package onto a canvas we own. The texture is
 * ours, not the asset cache's, so it is freed with `texture.destroy(true)`, never `Assets.unload`.
 */
import { Texture } from 'pixi.js';
import QRCode from 'qrcode';
import { COLORS } from './theme';

/** Pixels per side of the generated code: sharp up to about 4 cm on a 1080p screen, still small. */
const QR_SIZE = 360;

const hex = (n: number): string => `#${n.toString(16).padStart(6, '0')}ff`;

/** Render `url` as a QR code texture (dark teal on white, with a quiet zone). */
export async function qrTexture(url: string): Promise<Texture> {
  const canvas = document.createElement('canvas');
  await QRCode.toCanvas(canvas, url, {
    width: QR_SIZE,
    margin: 2,
    errorCorrectionLevel: 'M',
    color: { dark: hex(COLORS.tealDark), light: hex(COLORS.white) },
  });
  return Texture.from(canvas);
}
