import { defineConfig } from 'vitest/config';

/**
 * Two projects: `unit` (pure code, no services) and `integration` (real Postgres and Redis:
 * a database is created for the run and dropped after it — see packages/test-utils).
 * Browser tests live in e2e/ with their own config.
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['packages/core/test/**/*.test.ts', 'packages/i18n/test/**/*.test.ts', 'apps/*/test/unit/**/*.test.ts', 'test/unit/**/*.test.ts'],
          setupFiles: ['packages/test-utils/src/fail-on-console-error.ts'],
        },
      },
      {
        test: {
          name: 'integration',
          include: [
            'packages/{db,auth,services,api,jobs,storage}/test/**/*.test.ts',
            'apps/*/test/integration/**/*.test.ts',
          ],
          globalSetup: ['packages/test-utils/src/global-setup.ts'],
          setupFiles: ['packages/test-utils/src/fail-on-console-error.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
