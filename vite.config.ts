import { defineConfig, type Plugin } from 'vite';
import { serviceWorkerShell, SW_FILE } from './player/sw/build-plugin.ts';
import { precompressDir } from './server/static/precompress.ts';

/** Brotli and gzip copies of the built text assets, made once here; server/static/dist-files.ts serves them. */
const precompress = (): Plugin => ({
  name: 'hall-signage:precompress',
  apply: 'build',
  writeBundle(options) {
    const t = precompressDir(options.dir ?? `${import.meta.dirname}/dist`);
    this.info(`precompressed ${t.files} files: ${Math.round(t.raw / 1024)} KB → br ${Math.round(t.br / 1024)} KB, gz ${Math.round(t.gz / 1024)} KB`);
  },
});

/** One build, two pages: the screen app and the staff app. The server serves `dist/`. */
export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  publicDir: false,
  plugins: [serviceWorkerShell(), precompress()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
    rolldownOptions: {
      input: {
        player: `${import.meta.dirname}/player/index.html`,
        editor: `${import.meta.dirname}/editor/index.html`,
        // The player's service worker: a fixed name (its scope is its folder), the shell list written in.
        sw: `${import.meta.dirname}/player/sw/sw.ts`,
      },
      output: { entryFileNames: (chunk) => (chunk.name === 'sw' ? SW_FILE : 'assets/[name]-[hash].js') },
    },
  },
});
