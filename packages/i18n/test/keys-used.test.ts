import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { locales } from '../src/index.ts';

/** Every literal locale key the code throws or renders exists in the locale files. */
const root = join(import.meta.dirname, '..', '..', '..');
const dirs = ['packages/core/src', 'packages/services/src', 'packages/api/src', 'packages/auth/src', 'apps/web/app', 'apps/web/server'];

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p) : /\.(ts|tsx)$/.test(name) ? [p] : [];
  });
}

function has(key: string): boolean {
  let node: unknown = locales['zh-CN'];
  for (const part of key.split('.')) {
    if (typeof node !== 'object' || node === null || !(part in node)) return false;
    node = (node as Record<string, unknown>)[part];
  }
  return typeof node === 'string';
}

describe('locale keys used in code', () => {
  it('errors.* keys named in the source all exist', () => {
    const missing = new Set<string>();
    for (const dir of dirs) {
      for (const file of files(join(root, dir))) {
        for (const m of readFileSync(file, 'utf8').matchAll(/['"`](errors\.[A-Za-z_.]+[A-Za-z_])['"`]/g)) {
          if (!has(m[1]!)) missing.add(`${m[1]} (${file.slice(root.length + 1)})`);
        }
      }
    }
    expect([...missing]).toEqual([]);
  });
});
