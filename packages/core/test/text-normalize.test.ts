import { describe, expect, it } from 'vitest';
import { classifyEnterpriseSearch, creditCodeProblem, normalizeCode, normalizeNumber, normalizePhone, normalizeSearchText, validateImportRow, type ImportContext } from '../src/index.ts';

/** 统一社会信用代码 typed with a Chinese input method in full-width mode. */
const FULL_WIDTH_CODE = '９１３１００００６３１６９６３８２Ｃ';
const CODE = '91310000631696382C';

const ctx: ImportContext = {
  buildings: new Map([['虹桥商务大厦', { id: 'b-1', stationId: 's-1' }]]),
  allowedStationIds: null,
  today: '2024-07-01',
};

describe('one normalisation per kind of value', () => {
  it('codes: NFKC, no whitespace, upper case', () => {
    expect(normalizeCode(FULL_WIDTH_CODE)).toBe(CODE);
    expect(normalizeCode(' ９１３１\u30000000 6316 9638 2c ')).toBe(CODE);
    expect(creditCodeProblem(normalizeCode(FULL_WIDTH_CODE))).toBeNull();
  });

  it('numbers: NFKC and trimmed, the parser reads the rest', () => {
    expect(normalizeNumber(' （０２１）６２３４５６７８ ')).toBe('(021)62345678');
    expect(normalizePhone('（０２１）６２３４５６７８')).toBe('021-62345678');
  });

  it('search text: NFKC, whitespace runs as one space', () => {
    expect(normalizeSearchText('　ＡＢＣ　　科技 ')).toBe('ABC 科技');
  });

  it('the importer reads a full-width code and phone exactly as the form and API do', () => {
    const result = validateImportRow({ name: '上海示例科技有限公司', creditCode: FULL_WIDTH_CODE, building: '虹桥商务大厦', contactName: '李四', contactPhone: '１３８　００１３　８０００' }, ctx);
    expect(result.ok && result.value.creditCode).toBe(normalizeCode(FULL_WIDTH_CODE));
    expect(result.ok && result.value.contact?.phone).toBe('13800138000');
  });

  it('search reads a full-width code the same way', () => {
    expect(classifyEnterpriseSearch(FULL_WIDTH_CODE)).toEqual({ kind: 'creditCode', prefix: CODE });
  });
});
