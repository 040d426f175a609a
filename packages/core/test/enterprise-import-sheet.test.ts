import { describe, expect, it } from 'vitest';
import { findHeaderRow, importColumns, validateImportRow, type ImportCells, type ImportContext } from '../src/enterprise/import-row.ts';

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

describe('findHeaderRow', () => {
  const headers = importColumns.map((c) => c.header);

  it('takes the first row that is the template header, below a merged title', () => {
    const title = headers.map(() => '新虹街道楼宇企业名录');
    const found = findHeaderRow([
      { rowNumber: 1, cells: title },
      { rowNumber: 3, cells: headers },
      { rowNumber: 4, cells: ['上海示例科技有限公司'] },
    ]);
    expect(found).toMatchObject({ ok: true, rowNumber: 3, columnIndex: { name: 0, creditCode: 2 } });
  });

  it('reports the problems of the row meant as the header', () => {
    const found = findHeaderRow([{ rowNumber: 1, cells: ['说明'] }, { rowNumber: 2, cells: ['企业名称*', '信用代码', '所在楼宇*'] }]);
    expect(found.ok ? [] : found.errors.map((e) => e.key)).toEqual(['errors.import.unknownColumn', 'errors.import.missingColumn']);
  });

  it('says plainly when none of the first ten rows is a header', () => {
    const rows = Array.from({ length: 12 }, (_, i) => ({ rowNumber: i + 1, cells: i === 10 ? headers : ['说明'] }));
    expect(findHeaderRow(rows)).toEqual({ ok: false, errors: [{ column: null, key: 'errors.import.headerNotFound', params: { rows: 10 } }] });
  });
});
