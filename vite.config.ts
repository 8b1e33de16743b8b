import { defineConfig } from 'vite';
import { serviceWorkerShell, SW_FILE } from './player/sw/build-plugin.ts';

/** One build, two pages: the screen app and the staff app. The server serves `dist/`. */
export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  publicDir: false,
  plugins: [serviceWorkerShell()],
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
