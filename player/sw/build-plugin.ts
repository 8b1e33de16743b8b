/**
 * Build step for the service worker: after bundling, list the player's shell (its HTML, every JS
 * and CSS file reachable from the player entry, lazy chunks included, and the font slices) and write that list and a
 * version hash into `player/sw.js`. The worker's bytes change with every build that changes the
 * shell, which is what makes browsers install the new one.
 */
import type { Plugin } from 'vite';

/** The placeholder string in player/sw/shell-cache.ts. */
const PLACEHOLDER = /(["'`])__HALL_SIGNAGE_SHELL__\1/;
export const SW_FILE = 'player/sw.js';

interface ChunkLike {
  type: 'chunk';
  fileName: string;
  name: string;
  isEntry: boolean;
  imports: string[];
  dynamicImports: string[];
  code: string;
  viteMetadata?: { importedCss: Set<string>; importedAssets: Set<string> };
}

/** FNV-1a over the list: a short, stable version name for the shell cache. */
function versionOf(urls: string[]): string {
  let h = 0x811c9dc5;
  for (const ch of urls.join('\n')) {
    h ^= ch.charCodeAt(0);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(36);
}

export function serviceWorkerShell(): Plugin {
  return {
    name: 'hall-signage:sw-shell',
    apply: 'build',
    generateBundle(_options, bundle) {
      const chunks = Object.values(bundle).filter((f): f is ChunkLike & (typeof bundle)[string] => f.type === 'chunk') as unknown as ChunkLike[];
      const byFile = new Map(chunks.map((c) => [c.fileName, c]));
      const entry = chunks.find((c) => c.isEntry && c.name === 'player');
      const sw = byFile.get(SW_FILE);
      if (!entry || !sw) return this.error(`service worker build: missing ${entry ? SW_FILE : 'the player entry'}`);
      const files = new Set<string>();
      const visit = (chunk: ChunkLike): void => {
        if (files.has(chunk.fileName)) return;
        files.add(chunk.fileName);
        for (const css of chunk.viteMetadata?.importedCss ?? []) files.add(css);
        for (const next of [...chunk.imports, ...chunk.dynamicImports]) {
          const c = byFile.get(next);
          if (c) visit(c);
        }
      };
      visit(entry);
      // Font slices are referenced from CSS, not from chunks; a screen must be able to draw any text offline.
      for (const file of Object.keys(bundle)) if (/\.woff2?$/.test(file)) files.add(file);
      const urls = ['/player/', ...[...files].sort().map((f) => `/${f}`)];
      const shell = JSON.stringify({ version: versionOf(urls), urls });
      if (!PLACEHOLDER.test(sw.code)) return this.error('service worker build: shell placeholder not found in sw.js');
      sw.code = sw.code.replace(PLACEHOLDER, () => JSON.stringify(shell));
    },
  };
}
