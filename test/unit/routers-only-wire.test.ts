import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * ADR 012: a procedure's input and output schemas live beside its use case in packages/services,
 * and a router only wires them (`.input(x).output(y).query(…)`). A router that imports zod is
 * writing a schema of its own — one the use case's type does not follow.
 */
const routers = fileURLToPath(new URL('../../packages/api/src/routers/', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : /\.(ts|tsx|mts|cts|js|mjs)$/.test(e.name) ? [join(dir, e.name)] : [],
  );
}

/** `import … from 'zod'`, `export … from 'zod/v4'`, a bare `import 'zod'`, `import('zod')`, `require('zod')`. */
const ZOD_IMPORT = /(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)['"]zod(?:\/[^'"]*)?['"]/;

/** The files (relative to the routers folder) whose text imports zod. */
function zodImporters(files: { path: string; text: string }[]): string[] {
  return files.filter((f) => ZOD_IMPORT.test(f.text)).map((f) => f.path);
}

describe('routers only wire', () => {
  it('no file under packages/api/src/routers imports zod', () => {
    const files = sourceFiles(routers).map((file) => ({ path: relative(routers, file), text: readFileSync(file, 'utf8') }));
    expect(files.length).toBeGreaterThan(0);
    expect(zodImporters(files)).toEqual([]);
  });

  it('the check finds every way of importing it', () => {
    const samples = [
      "import { z } from 'zod';",
      'import * as z from "zod";',
      "import type { ZodType } from 'zod/v4';",
      "export { z } from 'zod';",
      "import 'zod';",
      "const { z } = await import('zod');",
      "const { z } = require('zod');",
    ];
    expect(zodImporters(samples.map((text, i) => ({ path: `sample-${i}.ts`, text })))).toHaveLength(samples.length);
    // Wiring a schema from the services is what a router does: no complaint.
    expect(zodImporters([{ path: 'router.ts', text: "import { listStations, listStationsOutput } from '@stationdesk/services';\n// zod lives in services" }])).toEqual([]);
  });
});
