import { defineConfig } from 'vitest/config';

/** Unit and server integration tests; browser specs run separately (vitest.e2e.config.ts). */
export default defineConfig({
  test: {
    include: ['content/**/*.test.ts', 'server/**/*.test.ts', 'player/**/*.test.ts', 'editor/**/*.test.ts'],
    testTimeout: 20_000,
  },
});
