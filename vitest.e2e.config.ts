import { defineConfig } from 'vitest/config';

/** Browser end-to-end specs: one real server (global setup), Debian's Chromium, one file at a time. */
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.ts'],
    globalSetup: ['e2e/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
