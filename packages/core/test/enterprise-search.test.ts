import { describe, expect, it } from 'vitest';
import { classifyEnterpriseSearch, searchGrams } from '../src/index.ts';

describe('classifyEnterpriseSearch', () => {
  it('treats two Chinese characters as a name fragment', () => {
    expect(classifyEnterpriseSearch('虹智')).toEqual({ kind: 'name', text: '虹智' });
    expect(classifyEnterpriseSearch('  虹智　科技 ')).toEqual({ kind: 'name', text: '虹智 科技' });
  });

  it('treats Latin words as a name', () => {
    expect(classifyEnterpriseSearch('Roche')).toEqual({ kind: 'name', text: 'Roche' });
    expect(classifyEnterpriseSearch('3M')).toEqual({ kind: 'name', text: '3M' });
  });

  it('recognises credit codes and their prefixes', () => {
    expect(classifyEnterpriseSearch('91440300708461136T')).toEqual({ kind: 'creditCode', prefix: '91440300708461136T' });
    expect(classifyEnterpriseSearch('914403001922038216')).toEqual({ kind: 'creditCode', prefix: '914403001922038216' });
    expect(classifyEnterpriseSearch('91310115ma1h')).toEqual({ kind: 'creditCode', prefix: '91310115MA1H' });
    expect(classifyEnterpriseSearch('913101150000')).toEqual({ kind: 'creditCode', prefix: '913101150000' });
  });

  it('recognises phone digits, with or without separators', () => {
    expect(classifyEnterpriseSearch('13812345678')).toEqual({ kind: 'phone', digits: '13812345678' });
    expect(classifyEnterpriseSearch('021-3471 0001')).toEqual({ kind: 'phone', digits: '02134710001' });
    expect(classifyEnterpriseSearch('5678')).toEqual({ kind: 'phone', digits: '5678' });
  });

  it('refuses a single character', () => {
    expect(classifyEnterpriseSearch('虹')).toBeNull();
    expect(classifyEnterpriseSearch('   ')).toBeNull();
  });

  it('counts an emoji or a CJK Extension-B character as one character, not two', () => {
    expect(classifyEnterpriseSearch('😀')).toBeNull();
    expect(classifyEnterpriseSearch('𠮷')).toBeNull();
    expect(classifyEnterpriseSearch(' 𠮷 ')).toBeNull();
    expect(classifyEnterpriseSearch('𠮷野')).toEqual({ kind: 'name', text: '𠮷野' });
  });
});

describe('full-width search text', () => {
  it('reads full-width letters, digits and spaces as their ordinary forms', () => {
    expect(classifyEnterpriseSearch('９１３１００００６３１６９６３８２Ｃ')).toEqual({ kind: 'creditCode', prefix: '91310000631696382C' });
    expect(classifyEnterpriseSearch('９１３１０１１５ｍａ１ｈ')).toEqual({ kind: 'creditCode', prefix: '91310115MA1H' });
    expect(classifyEnterpriseSearch('１３８１２３４５６７８')).toEqual({ kind: 'phone', digits: '13812345678' });
    expect(classifyEnterpriseSearch('Ｒｏｃｈｅ')).toEqual({ kind: 'name', text: 'Roche' });
    expect(searchGrams('ＡＢＣ　科技')).toEqual(searchGrams('abc科技'));
  });
});

describe('searchGrams', () => {
  it('builds overlapping two-character grams by code point, as sd_bigrams does in SQL', () => {
    expect(searchGrams('𠮷野家')).toEqual(['𠮷野', '野家']);
    expect(searchGrams('笑😀脸')).toEqual(['笑😀', '😀脸']);
    expect(searchGrams('新虹 科技')).toEqual(['新虹', '虹科', '科技']);
    expect(searchGrams('ABab')).toEqual(['ab', 'ba']);
  });

  it('gives no gram for fewer than two characters', () => {
    expect(searchGrams('😀')).toEqual([]);
    expect(searchGrams('𠮷')).toEqual([]);
    expect(searchGrams('虹')).toEqual([]);
    expect(searchGrams('')).toEqual([]);
  });
});
