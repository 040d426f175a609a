import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The folders of packages/services/src stack (issue 17): access and calendar at the bottom, then
 * reminders, files, enterprises, work items, agency and disputes, the SLA settings on top. A folder
 * that imports one above it makes a cycle, and a newcomer can no longer tell which comes first.
 * The root files (context, schema, index) are shared by all and are not a folder.
 */
const src = fileURLToPath(new URL('../../packages/services/src/', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

const folderOf = (file: string) => {
  const parts = relative(src, file).split('/');
  return parts.length > 1 ? parts[0]! : null;
};

/** Folder → the other folders it imports, each with one file that does (to name it in a failure). */
function folderImports(): Map<string, Map<string, string>> {
  const graph = new Map<string, Map<string, string>>();
  for (const file of sourceFiles(src)) {
    const from = folderOf(file);
    if (!from) continue;
    for (const [, spec] of readFileSync(file, 'utf8').matchAll(/from '(\.{1,2}\/[^']+)'/g)) {
      const to = folderOf(resolve(dirname(file), spec!));
      if (!to || to === from) continue;
      if (!graph.has(from)) graph.set(from, new Map());
      if (!graph.get(from)!.has(to)) graph.get(from)!.set(to, relative(src, file));
    }
  }
  return graph;
}

/** Every folder path that leads back to where it started (depth first). */
function cycles(graph: Map<string, Map<string, string>>): string[] {
  const found: string[] = [];
  const walk = (path: string[]) => {
    for (const [next, via] of graph.get(path.at(-1)!) ?? []) {
      if (next === path[0]) found.push(`${[...path, next].join(' → ')} (${via})`);
      else if (!path.includes(next) && next > path[0]!) walk([...path, next]);
    }
  };
  for (const start of graph.keys()) walk([start]);
  return found;
}

describe('service folders', () => {
  it('import each other one way only: no cycle', () => {
    expect(cycles(folderImports())).toEqual([]);
  });

  it('the check finds a cycle when there is one', () => {
    const graph = folderImports();
    graph.set('calendar', new Map([...(graph.get('calendar') ?? []), ['work-items', 'calendar/x.ts']]));
    expect(cycles(graph)).toContainEqual(expect.stringMatching(/^calendar → work-items → calendar/));
  });
});
