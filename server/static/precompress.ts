/**
 * Build-time compression of the built player and editor: next to every text asset (JS, CSS, HTML, SVG, JSON,
 * source maps) a `.br` (brotli, best quality) and a `.gz` (gzip -9), so the server never compresses per request.
 * Fonts (woff2) and images are compressed already and are left alone.
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/** Extensions worth compressing (text); everything else is served as it is. */
export const COMPRESSIBLE = /\.(js|mjs|css|html|svg|json|map|txt|wasm)$/;
/** Below this a compressed copy saves less than its own headers cost. */
export const MIN_BYTES = 1024;

/** Writes `.br` and `.gz` beside each compressible file under `dir`; returns raw and compressed totals. */
export function precompressDir(dir: string): { files: number; raw: number; br: number; gz: number } {
  const total = { files: 0, raw: 0, br: 0, gz: 0 };
  const walk = (d: string): void => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (COMPRESSIBLE.test(entry.name) && statSync(p).size >= MIN_BYTES) {
        const raw = readFileSync(p);
        const br = brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length } });
        const gz = gzipSync(raw, { level: 9 });
        // A copy that is not smaller is not written: the server then sends the original.
        if (br.length < raw.length) writeFileSync(`${p}.br`, br);
        if (gz.length < raw.length) writeFileSync(`${p}.gz`, gz);
        total.files++;
        total.raw += raw.length;
        total.br += Math.min(br.length, raw.length);
        total.gz += Math.min(gz.length, raw.length);
      }
    }
  };
  walk(dir);
  return total;
}
