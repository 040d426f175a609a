import { describe, expect, it } from 'vitest';
import { validateImportRow, type ImportCells, type ImportContext } from '../src/enterprise/import-row.ts';

/** How a spreadsheet stored the cells, beyond their text: what LibreOffice and Excel do to codes. */
const ctx: ImportContext = { buildings: new Map([['虹桥商务大厦', { id: 'b-2', stationId: 's-2' }]]), allowedStationIds: null, today: '2024-07-01' };
const row: ImportCells = { name: '上海示例科技有限公司', creditCode: '91440300708461136T', building: '虹桥商务大厦', contactName: '李四' };

describe('a code stored as a number', () => {
  it('is refused in the credit code column, whatever its digits: 18 digits do not survive a float', () => {
    const result = validateImportRow({ ...row, creditCode: '913101203509709000' }, ctx, new Set(['creditCode']));
    expect(result.ok ? [] : result.errors).toEqual([{ column: 'creditCode', key: 'errors.import.codeStoredAsNumber' }]);
  });

  it('is refused in the phone column when it is no phone number any more (a landline without its 0)', () => {
    const landline = validateImportRow({ ...row, contactPhone: '2162345678' }, ctx, new Set(['contactPhone']));
    expect(landline.ok ? [] : landline.errors).toEqual([{ column: 'contactPhone', key: 'errors.import.codeStoredAsNumber' }]);
    expect(validateImportRow({ ...row, contactPhone: '13800138000' }, ctx, new Set(['contactPhone'])).ok).toBe(true);
  });

  it('is only a number elsewhere', () => {
    expect(validateImportRow({ ...row, employees: '120' }, ctx, new Set(['employees'])).ok).toBe(true);
  });
});
