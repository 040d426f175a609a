import { defineConfig } from 'vitest/config';

/**
 * Fault tests: the built app's real processes (the launcher, web, worker) with faults injected —
 * a process killed, Postgres stopped under load. Each test brings its own database (and, for the
 * Postgres faults, its own Postgres server), so the suite runs beside the browser tests.
 */
export default defineConfig({
  test: {
    name: 'faults',
    root: import.meta.dirname,
    include: ['faults/**/*.fault.ts'],
    setupFiles: ['../packages/test-utils/src/fail-on-console-error.ts'],
    testTimeout: 900_000,
    hookTimeout: 180_000,
    fileParallelism: false,
  },
});
