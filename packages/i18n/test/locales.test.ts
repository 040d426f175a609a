import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { locales, resolveLanguage, translator } from '../src/index.ts';

const zhCN = locales['zh-CN'];
const en = locales.en;

function keys(obj: unknown, prefix = ''): string[] {
  if (typeof obj !== 'object' || obj === null) return [prefix];
  return Object.entries(obj).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
}

describe('locale files', () => {
  it('every locale file on disk is loaded, in both languages', () => {
    const dir = join(import.meta.dirname, '..', 'locales');
    expect(readdirSync(join(dir, 'en')).sort()).toEqual(readdirSync(join(dir, 'zh-CN')).sort());
    const src = readFileSync(join(import.meta.dirname, '..', 'src', 'index.ts'), 'utf8');
    for (const f of readdirSync(join(dir, 'zh-CN'))) expect(src, f).toContain(`locales/zh-CN/${f}`);
  });

  it('hold the same keys in zh-CN and en', () => {
    expect(keys(en).sort()).toEqual(keys(zhCN).sort());
  });

  it('have no empty strings', () => {
    const leaves = (o: unknown): unknown[] =>
      typeof o === 'object' && o !== null ? Object.values(o).flatMap(leaves) : [o];
    for (const v of [...leaves(zhCN), ...leaves(en)]) expect(typeof v === 'string' && v.trim().length > 0).toBe(true);
  });

  it('use the same interpolation placeholders in both languages', () => {
    const get = (o: unknown, path: string) => path.split('.').reduce<any>((a, k) => a?.[k], o);
    const placeholders = (s: string) => [...s.matchAll(/\{\{(\w+)/g)].map((m) => m[1]).sort();
    for (const key of keys(zhCN)) {
      expect(placeholders(get(en, key)), key).toEqual(placeholders(get(zhCN, key)));
    }
  });
});

describe('resolveLanguage', () => {
  it('defaults to zh-CN', () => {
    expect(resolveLanguage(undefined, undefined)).toBe('zh-CN');
    expect(resolveLanguage('', 'fr-FR')).toBe('zh-CN');
  });
  it('prefers the cookie over Accept-Language', () => {
    expect(resolveLanguage('a=1; sd_lang=en', 'zh-CN')).toBe('en');
    expect(resolveLanguage('sd_lang=zh-CN', 'en-US')).toBe('zh-CN');
  });
  it('ignores an unknown cookie value and reads Accept-Language', () => {
    expect(resolveLanguage('sd_lang=xx', 'en-GB,en;q=0.9')).toBe('en');
    expect(resolveLanguage(null, 'zh-TW')).toBe('zh-CN');
  });
  it('translates with parameters', () => {
    expect(translator('en')('errors.rateLimited', { minutes: 3 })).toContain('3');
    expect(translator('zh-CN')('errors.rateLimited', { minutes: 3 })).toContain('3');
  });
});
