import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // End-to-end tests start real servers and child processes; keep every wait bounded.
    testTimeout: 60_000,
    hookTimeout: 30_000,
  },
});
