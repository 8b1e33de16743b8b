import { defineConfig } from 'vite';

/** One build, two pages: the screen app and the staff app. The server serves `dist/`. */
export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  publicDir: false,
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
    rolldownOptions: {
      input: {
        player: `${import.meta.dirname}/player/index.html`,
        editor: `${import.meta.dirname}/editor/index.html`,
      },
    },
  },
});
