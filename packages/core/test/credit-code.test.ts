import { describe, expect, it } from 'vitest';
import { creditCodeCheckCharacter, creditCodeProblem, isValidCreditCode, normalizeCode } from '../src/index.ts';

// Published codes of well-known companies (national enterprise credit information system).
const real = [
  '914403001922038216', // 华为技术有限公司
  '91440300708461136T', // 腾讯科技（深圳）有限公司
  '91330100799655058B', // 阿里巴巴（中国）有限公司
  '91110108551385082Q', // 小米科技有限责任公司
  '91310000607216596U', // 上海大众汽车有限公司
  '9131000013221158XC', // 上海市第一百货商店股份有限公司
  '91350100M000100Y43', // GB 32100-2015 worked example
];

describe('unified social credit code (GB 32100-2015)', () => {
  it.each(real)('accepts the published code %s', (code) => {
    expect(creditCodeProblem(code)).toBeNull();
    expect(isValidCreditCode(code)).toBe(true);
  });

  it.each(real)('rejects %s with its check character changed', (code) => {
    const wrong = code.slice(0, 17) + (code[17] === '0' ? '1' : '0');
    expect(creditCodeProblem(wrong)).toBe('checkCharacter');
  });

  it.each(real)('rejects %s with two body characters swapped', (code) => {
    const body = code.slice(0, 17).split('');
    const i = body.findIndex((c, k) => k >= 8 && c !== body[k + 1]);
    [body[i], body[i + 1]] = [body[i + 1]!, body[i]!];
    expect(creditCodeProblem(body.join('') + code[17])).toBe('checkCharacter');
  });

  it('computes the check character', () => {
    expect(creditCodeCheckCharacter('91440300708461136')).toBe('T');
    expect(creditCodeCheckCharacter('91350100M000100Y4')).toBe('3');
  });

  it('reports length and forbidden characters', () => {
    expect(creditCodeProblem('')).toBe('length');
    expect(creditCodeProblem('91440300708461136')).toBe('length');
    expect(creditCodeProblem('91440300708461136TT')).toBe('length');
    expect(creditCodeProblem('9144030070846113IT')).toBe('characters'); // I is not in the alphabet
    expect(creditCodeProblem('91A40300708461136T')).toBe('characters'); // region code is digits
    expect(creditCodeProblem('91440300708461136t')).toBe('characters');
  });

  it('normalises what people type', () => {
    expect(normalizeCode(' 9144 0300 7084 6113 6t ')).toBe('91440300708461136T');
    // Full-width, as Word or a Chinese input method writes it, with an ideographic space.
    expect(normalizeCode('９１３１００００６３１６９６３８２Ｃ')).toBe('91310000631696382C');
    expect(normalizeCode('９１３１　００００６３１６９６３８２ｃ')).toBe('91310000631696382C');
    expect(creditCodeProblem(normalizeCode('９１３１００００６３１６９６３８２Ｃ'))).toBeNull();
  });
});
