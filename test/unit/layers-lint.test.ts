import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/**
 * The layers of docs/ARCHITECTURE.md (ADR 011) are held by eslint.config.js: an import across a
 * layer fails `npm run lint`, and so `npm test`. Each case lints one line as if it were in that file.
 */
const root = fileURLToPath(new URL('../../', import.meta.url));
const eslint = new ESLint({ cwd: root, overrideConfigFile: `${root}eslint.config.js` });

/** The layer complaints about `line` in a file at `path` (other rules are not this test's business). */
async function layerErrors(path: string, line: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${line}\nexport const used = [x];\n`, { filePath: `${root}${path}` });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

// The first lint loads the config and parsers, which takes seconds on a busy machine.
describe('the linter holds the layers', { timeout: 60_000 }, () => {
  it('refuses a web page that imports the database, even for types, or re-exports a service', async () => {
    expect(await layerErrors('apps/web/app/routes/items.tsx', "import { x } from '@stationdesk/db';")).toEqual([
      expect.stringContaining('pages reach data only through the API'),
    ]);
    expect(await layerErrors('apps/web/app/lib/items.server.ts', "import type { x } from '@stationdesk/db';")).toHaveLength(1);
    expect(await layerErrors('apps/web/app/lib/items.server.ts', "export { x } from '@stationdesk/services';")).toHaveLength(1);
    expect(await layerErrors('apps/web/app/lib/items.server.ts', "import { x } from 'kysely';")).toHaveLength(1);
  });

  it('refuses core anything with I/O: Node built-ins, drivers, our other packages', async () => {
    for (const source of ['node:fs', 'fs', 'node:child_process', 'pg', 'kysely', 'ioredis', 'bullmq', '@stationdesk/db', '@stationdesk/i18n']) {
      expect(await layerErrors('packages/core/src/reminders/plan.ts', `import { x } from '${source}';`), source).toEqual([
        expect.stringContaining('core holds pure rules'),
      ]);
    }
  });

  it('refuses an import upwards: services → api, db → services, jobs → services, worker → api', async () => {
    expect(await layerErrors('packages/services/src/work-items/read.ts', "import { x } from '@stationdesk/api';")).toHaveLength(1);
    expect(await layerErrors('packages/db/src/repositories/audit.ts', "import { x } from '@stationdesk/services/context';")).toHaveLength(1);
    expect(await layerErrors('packages/jobs/src/producer.ts', "import { x } from '@stationdesk/services';")).toHaveLength(1);
    expect(await layerErrors('apps/worker/src/index.ts', "import { x } from '@stationdesk/api';")).toHaveLength(1);
  });

  it('refuses reaching into another workspace by relative path', async () => {
    expect(await layerErrors('packages/api/src/trpc.ts', "import { x } from '../../../apps/web/server/app-server.ts';")).toEqual([
      expect.stringContaining('by its package name'),
    ]);
  });

  it('lets each layer import what lies below it, and tests import anything', async () => {
    const allowed: [string, string][] = [
      ['apps/web/app/routes/items.tsx', '@stationdesk/api/errors'],
      ['apps/web/app/routes/items.tsx', '@stationdesk/core'],
      ['apps/web/server/main.ts', '@stationdesk/db'],
      ['packages/api/src/trpc.ts', '@stationdesk/services'],
      ['packages/services/src/work-items/read.ts', '@stationdesk/db'],
      ['packages/services/src/work-items/read.ts', 'kysely'],
      ['packages/db/src/tenant.ts', '@stationdesk/core'],
      ['packages/core/src/reminders/plan.ts', '../calendar/time-zone.ts'],
      ['packages/api/test/work-items.test.ts', '../../../apps/web/server/app-server.ts'],
      ['packages/core/test/calendar.test.ts', 'node:fs'],
    ];
    for (const [path, source] of allowed) expect(await layerErrors(path, `import { x } from '${source}';`), `${path} ← ${source}`).toEqual([]);
  });
});
