import { creditCodeCheckCharacter } from '@stationdesk/core';
import {
  findDuplicateCodes,
  importColumns,
  importRowCells,
  matchHeaders,
  validateImportRow,
  type ImportContext,
} from '@stationdesk/core';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { enterpriseImportTemplate, readTable, safeCellText, writeXlsx, type ReadTableResult } from '../src/spreadsheets/index.ts';

async function xlsx(build: (workbook: ExcelJS.Workbook) => void): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  build(workbook);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** exceljs types its input as its own ArrayBuffer-like Buffer; Node's is what it takes at run time. */
async function workbookOf(data: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(data as unknown as ExcelJS.Buffer);
  return workbook;
}

/** The rows read, the first taken as the header (as in the template). */
function table(result: ReadTableResult) {
  if (!result.ok) throw new Error(`unexpected failure: ${result.key}`);
  const [header, ...rows] = result.rows;
  return { header: header?.cells ?? [], rows };
}

const csv = (text: string) => Buffer.from(text, 'utf8');

/** A valid credit code per index: region 310000, organisation code from the index. */
function creditCode(i: number): string {
  const body = `91310000${String(i).padStart(9, '0')}`;
  return body + creditCodeCheckCharacter(body);
}

const importCtx: ImportContext = {
  buildings: new Map([['新虹示例大厦', { id: 'b-1', stationId: 's-1' }]]),
  allowedStationIds: null,
  today: '2026-01-01',
};

describe('safeCellText', () => {
  it('quotes text that would start a formula', () => {
    for (const text of ['=1+2', '+86 138 0013 8000', '-2', '@SUM(A1)', '\tx', '\rx', '=HYPERLINK("http://evil.example","x")']) {
      expect(safeCellText(text), JSON.stringify(text)).toBe(`'${text}`);
    }
  });

  it('leaves everything else alone', () => {
    for (const text of ['上海示例科技有限公司', 'A=B', ' =1', "'=1", '13800138000', '']) expect(safeCellText(text)).toBe(text);
  });
});

describe('writeXlsx', () => {
  const columns = [
    { header: '企业名称', key: 'name' },
    { header: '注册资本（万元）', key: 'capital', kind: 'number' as const },
    { header: '成立日期', key: 'establishedOn', kind: 'date' as const },
    { header: '联系电话', key: 'phone', width: 18 },
    { header: '标签', key: 'tags' },
  ];
  const rows = [
    { name: '上海示例科技有限公司', capital: '500.5000', establishedOn: '2019-03-15', phone: '13800138000', tags: ['专精特新', '外资'] },
    { name: '=HYPERLINK("http://evil.example","点我")', capital: 0.1 + 0.2, establishedOn: new Date(Date.UTC(2020, 1, 29)), phone: '+86 21 6234 5678', tags: [] },
    { name: '@SUM(1+1)*cmd|\' /C calc\'!A0', capital: null, establishedOn: null, phone: '-1', tags: ['=evil'] },
  ];

  it('reads back what it wrote, numbers and dates included', async () => {
    const result = table(await readTable(await writeXlsx([{ name: '企业', columns, rows }]), 'xlsx', { maxRows: 10 }));
    expect(result.header).toEqual(['企业名称', '注册资本（万元）', '成立日期', '联系电话', '标签']);
    expect(result.rows).toEqual([
      { rowNumber: 2, cells: ['上海示例科技有限公司', '500.5', '2019-03-15', '13800138000', '专精特新、外资'], formulaColumns: [], numericColumns: [1] },
      { rowNumber: 3, cells: ['\'=HYPERLINK("http://evil.example","点我")', '0.3', '2020-02-29', "'+86 21 6234 5678"], formulaColumns: [], numericColumns: [1] },
      { rowNumber: 4, cells: ["'@SUM(1+1)*cmd|' /C calc'!A0", '', '', "'-1", "'=evil"], formulaColumns: [], numericColumns: [] },
    ]);
  });

  it('never writes a formula, and types numbers and dates as Excel does', async () => {
    const workbook = await workbookOf(await writeXlsx([{ name: '企业', columns, rows }]));
    const sheet = workbook.worksheets[0]!;
    sheet.eachRow((row) =>
      row.eachCell((cell) => {
        expect(cell.type).not.toBe(ExcelJS.ValueType.Formula);
        if (typeof cell.value === 'string') expect(cell.value).not.toMatch(/^[=+\-@\t\r]/);
      }),
    );
    expect(sheet.getCell('A3').value).toBe('\'=HYPERLINK("http://evil.example","点我")');
    expect(sheet.getCell('B2').value).toBe(500.5);
    expect(sheet.getCell('C2').value).toEqual(new Date(Date.UTC(2019, 2, 15)));
    expect(sheet.getCell('C2').numFmt).toBe('yyyy-mm-dd');
    expect(sheet.getCell('D2').value).toBe('13800138000');
    expect(sheet.getCell('D2').numFmt).toBe('@');
  });

  it('freezes a bold, filtered header row and sizes the columns', async () => {
    const workbook = await workbookOf(await writeXlsx([{ name: '企业', columns, rows }, { name: '空表', columns: [{ header: 'x', key: 'x' }], rows: [] }]));
    const sheet = workbook.getWorksheet('企业')!;
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.getCell('A1').font.bold).toBe(true);
    expect(sheet.autoFilter).toBe('A1:E1');
    expect(sheet.getColumn(4).width).toBe(18);
    expect(sheet.getColumn(1).width).toBe(43); // the widest text: 41 columns of the HYPERLINK line, plus 2
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['企业', '空表']);
  });
});

describe('enterpriseImportTemplate', () => {
  it('has the column definitions as its header row and an example that imports', async () => {
    for (const lang of ['zh-CN', 'en'] as const) {
      const result = table(await readTable(await enterpriseImportTemplate(lang), 'xlsx', { maxRows: 100 }));
      expect(result.header).toEqual(importColumns.map((c) => c.header));
      const header = matchHeaders(result.header);
      if (!header.ok) throw new Error('template headers must match');
      expect(result.rows).toHaveLength(1);
      const example = validateImportRow(importRowCells(header.columnIndex, result.rows[0]!.cells), importCtx);
      expect(example.ok ? example.value : example.errors).toMatchObject({
        name: '上海新虹示例科技有限公司',
        creditCode: '91350100M000100Y43',
        registeredCapitalWan: '500',
        industry: 'I',
        establishedOn: '2019-03-15',
        employees: 120,
        contact: { phone: '13800138000' },
        hasPartyBranch: true,
      });
    }
  });

  it('offers lists, marks required columns and explains every column', async () => {
    const workbook = await workbookOf(await enterpriseImportTemplate('zh-CN'));
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['企业信息', '填写说明']);
    const [sheet, help] = [workbook.worksheets[0]!, workbook.worksheets[1]!];
    expect(sheet.getCell('L2').dataValidation).toMatchObject({ type: 'list', formulae: ['"在驻,拟迁出,已迁出,已注销"'] });
    expect(sheet.getCell('Q10001').dataValidation).toMatchObject({ type: 'list', formulae: ['"是,否"'] });
    const industryList = sheet.getCell('F2').dataValidation.formulae[0] as string;
    const [first, last] = /\$A\$(\d+):\$A\$(\d+)$/.exec(industryList)!.slice(1).map(Number) as [number, number];
    expect(industryList.startsWith("'填写说明'!")).toBe(true);
    expect(help.getCell(`A${first}`).value).toBe('A 农、林、牧、渔业');
    expect(help.getCell(`A${first + 8}`).value).toBe('I 信息传输、软件和信息技术服务业');
    expect(help.getCell(`A${last}`).value).toBe('T 国际组织');
    expect(last - first).toBe(19);
    expect((sheet.getCell('A1').fill as ExcelJS.FillPattern).fgColor?.argb).not.toBe((sheet.getCell('B1').fill as ExcelJS.FillPattern).fgColor?.argb);
    expect(sheet.getCell('A1').note).toBeUndefined();
    const lines = importColumns.map((_, i) => help.getRow(i + 2).values as unknown[]);
    expect(lines[0]).toEqual([undefined, '企业名称', '是', importColumns[0].rule]);
    expect(lines[20]).toEqual([undefined, '标签', '否', importColumns[20].rule]);
  });

  it('adds the English headers as notes and rules in English', async () => {
    const workbook = await workbookOf(await enterpriseImportTemplate('en'));
    const [sheet, help] = [workbook.worksheets[0]!, workbook.worksheets[1]!];
    expect(sheet.getCell('C1').value).toBe('统一社会信用代码*');
    expect(sheet.getCell('C1').note).toBe(`Unified social credit code*\n${importColumns[2].ruleEn}`);
    expect(help.getRow(4).values).toEqual([undefined, '统一社会信用代码（Unified social credit code）', '是 Yes', importColumns[2].rule, importColumns[2].ruleEn]);
  });
});

describe('readTable (xlsx)', () => {
  it('reads cell text without float noise, formulas never evaluated', async () => {
    const data = await xlsx((workbook) => {
      const sheet = workbook.addWorksheet('企业信息');
      sheet.addRow(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']);
      sheet.addRow([
        13800138000,
        1.1 + 2.2,
        { formula: 'HYPERLINK("http://evil.example","点我")', result: '点我' },
        { richText: [{ text: '上海' }, { text: '示例', font: { bold: true } }] },
        { text: '官网', hyperlink: 'https://example.com' },
        true,
        new Date(Date.UTC(2019, 2, 15, 10, 30)),
        { error: '#N/A' },
      ]);
      sheet.addRow([null, 'x', { sharedFormula: 'C2', result: 0 }]);
      sheet.getCell('A3').value = { formula: 'SUM(1,2)', result: 3 };
    });
    expect(table(await readTable(data, 'xlsx', { maxRows: 10 })).rows).toEqual([
      {
        rowNumber: 2,
        cells: ['13800138000', '3.3', '=HYPERLINK("http://evil.example","点我")', '上海示例', '官网', 'TRUE', '2019-03-15', '#N/A'],
        formulaColumns: [2],
        numericColumns: [0, 1],
      },
      { rowNumber: 3, cells: ['=SUM(1,2)', 'x', '=HYPERLINK("http://evil.example","点我")'], formulaColumns: [0, 2], numericColumns: [] },
    ]);
  });

  it('reads the first worksheet only, skipping blank rows but keeping their numbers', async () => {
    const data = await xlsx((workbook) => {
      const first = workbook.addWorksheet('企业信息');
      workbook.addWorksheet('其他').addRow(['not me']);
      first.getCell('A1').value = '企业名称*';
      first.getCell('C1').value = '所在楼宇*';
      first.getCell('A3').value = '甲公司';
      first.getCell('B4').value = '   ';
      first.getCell('C6').value = '乙大厦';
      first.getCell('A7').value = '';
    });
    expect(table(await readTable(data, 'xlsx', { maxRows: 10 }))).toEqual({
      header: ['企业名称*', '', '所在楼宇*'],
      rows: [
        { rowNumber: 3, cells: ['甲公司'], formulaColumns: [], numericColumns: [] },
        { rowNumber: 6, cells: ['', '', '乙大厦'], formulaColumns: [], numericColumns: [] },
      ],
    });
  });

  it('repeats a merged cell in every row it covers', async () => {
    const data = await xlsx((workbook) => {
      const sheet = workbook.addWorksheet('企业信息');
      sheet.addRows([['企业名称*', '所在楼宇*'], ['甲公司', '新虹示例大厦'], ['乙公司']]);
      sheet.mergeCells('B2:B3');
    });
    expect(table(await readTable(data, 'xlsx', { maxRows: 10 })).rows.map((r) => r.cells)).toEqual([
      ['甲公司', '新虹示例大厦'],
      ['乙公司', '新虹示例大厦'],
    ]);
  });

  it('refuses more data rows than allowed, blank rows not counted', async () => {
    const data = await xlsx((workbook) => {
      const sheet = workbook.addWorksheet('企业信息');
      sheet.addRow(['企业名称*']);
      for (let i = 0; i < 6; i++) sheet.addRow([`企业${i}`]);
      sheet.addRow([]);
    });
    expect(table(await readTable(data, 'xlsx', { maxRows: 6 })).rows).toHaveLength(6);
    expect(await readTable(data, 'xlsx', { maxRows: 5 })).toEqual({ ok: false, key: 'errors.import.tooManyRows', params: { max: 5 } });
  });

  it('allows blank formatted rows, up to a limit', async () => {
    const blankRows = (count: number) =>
      xlsx((workbook) => {
        const sheet = workbook.addWorksheet('企业信息');
        sheet.getCell('A1').value = '企业名称*';
        for (let i = 2; i <= count + 1; i++) sheet.getCell(i, 1).value = ' ';
      });
    expect(table(await readTable(await blankRows(10_000), 'xlsx', { maxRows: 10 }))).toEqual({ header: ['企业名称*'], rows: [] });
    expect(await readTable(await blankRows(10_011), 'xlsx', { maxRows: 10 })).toEqual({ ok: false, key: 'errors.import.tooManyRows', params: { max: 10 } });
  });

  it('refuses absurdly wide sheets', async () => {
    const data = await xlsx((workbook) => {
      const sheet = workbook.addWorksheet('企业信息');
      sheet.addRow(Array.from({ length: 250 }, (_, i) => `列${i}`));
    });
    expect(await readTable(data, 'xlsx', { maxRows: 10 })).toEqual({ ok: false, key: 'errors.import.tooManyColumns', params: { max: 200 } });
    const farCell = await xlsx((workbook) => {
      const sheet = workbook.addWorksheet('企业信息');
      sheet.getCell('A1').value = '企业名称*';
      sheet.getCell(2, 16_000).value = 'far away';
    });
    expect(await readTable(farCell, 'xlsx', { maxRows: 10 })).toEqual({ ok: false, key: 'errors.import.tooManyColumns', params: { max: 200 } });
  });

  it('refuses a zip bomb before decompressing it', async () => {
    const zip = new JSZip();
    zip.file('[Content_Types].xml', '<Types/>');
    zip.file('xl/worksheets/sheet1.xml', Buffer.alloc(20 * 1024 * 1024, 0x20));
    const bomb = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 9 } });
    expect(bomb.length).toBeLessThan(50 * 1024);
    expect(await readTable(bomb, 'xlsx', { maxRows: 10 })).toEqual({ ok: false, key: 'errors.import.tooLarge', params: { max: 10 } });
  });

  it('turns junk into "unreadable" and never throws', async () => {
    const random = Buffer.alloc(10 * 1024 * 1024);
    for (let i = 0, x = 2463534242; i < random.length; i++) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      random[i] = x & 0xff;
    }
    const executable = Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00This program cannot be run in DOS mode.', 'latin1'), random.subarray(0, 4096)]);
    const notExcel = await new JSZip().file('readme.txt', 'hello').generateAsync({ type: 'nodebuffer' });
    for (const junk of [random, executable, notExcel, Buffer.alloc(0), Buffer.from('企业名称*,所在楼宇*\n')]) {
      expect(await readTable(junk, 'xlsx', { maxRows: 10_000 })).toEqual({ ok: false, key: 'errors.import.unreadable' });
    }
  });

  it('survives damaged files', async () => {
    const good = await writeXlsx([{ name: '企业', columns: [{ header: '企业名称*', key: 'name' }], rows: [{ name: '甲公司' }, { name: '乙公司' }] }]);
    const outcomes = new Set<string>();
    for (let i = 0; i < 60; i++) {
      const damaged = Buffer.from(good);
      const at = Math.floor((damaged.length * i) / 60);
      damaged.fill(0x5a, at, at + 16);
      const result = await readTable(damaged, 'xlsx', { maxRows: 10 });
      outcomes.add(result.ok ? 'ok' : result.key);
    }
    expect([...outcomes].every((o) => o === 'ok' || o === 'errors.import.unreadable')).toBe(true);
    expect(outcomes.has('errors.import.unreadable')).toBe(true);
    expect(await readTable(good.subarray(0, good.length / 2), 'xlsx', { maxRows: 10 })).toEqual({ ok: false, key: 'errors.import.unreadable' });
  });
});

describe('readTable (csv)', () => {
  it('reads UTF-8 with or without a BOM', async () => {
    const text = '企业名称*,所在楼宇*\r\n上海示例科技有限公司,新虹示例大厦\r\n';
    for (const data of [csv(text), csv(`\ufeff${text}`)]) {
      expect(table(await readTable(data, 'csv', { maxRows: 10 }))).toEqual({
        header: ['企业名称*', '所在楼宇*'],
        rows: [{ rowNumber: 2, cells: ['上海示例科技有限公司', '新虹示例大厦'], formulaColumns: [], numericColumns: [] }],
      });
    }
  });

  it('reads what Chinese Excel saves: GB18030', async () => {
    // "企业名称*,统一社会信用代码*,所在楼宇*\r\n上海示例科技有限公司,91440300708461136T,虹桥商务大厦\r\n", encoded by Python.
    const gbk = Buffer.from(
      'c6f3d2b5c3fbb3c62a2ccdb3d2bbc9e7bbe1d0c5d3c3b4fac2eb2a2ccbf9d4dac2a5d3ee2a0d0ac9cfbaa3cabec0fdbfc6bcbcd3d0cfdeb9abcbbe2c3931343430333030373038343631313336542cbae7c7c5c9cccef1b4f3cfc30d0a',
      'hex',
    );
    expect(table(await readTable(gbk, 'csv', { maxRows: 10 }))).toEqual({
      header: ['企业名称*', '统一社会信用代码*', '所在楼宇*'],
      rows: [{ rowNumber: 2, cells: ['上海示例科技有限公司', '91440300708461136T', '虹桥商务大厦'], formulaColumns: [], numericColumns: [] }],
    });
  });

  it('numbers rows as a spreadsheet does: quoted line breaks stay in their row, blank lines count', async () => {
    const data = csv('企业名称*,标签\n"甲公司","专精特新\n外资"\n\n,\n"乙公司, 上海",x\n');
    expect(table(await readTable(data, 'csv', { maxRows: 10 })).rows).toEqual([
      { rowNumber: 2, cells: ['甲公司', '专精特新\n外资'], formulaColumns: [], numericColumns: [] },
      { rowNumber: 5, cells: ['乙公司, 上海', 'x'], formulaColumns: [], numericColumns: [] },
    ]);
  });

  it('marks cells starting with "=" as formulas', async () => {
    const data = csv('企业名称*,联系电话,标签\n"=HYPERLINK(""http://evil.example"",""x"")",+86 13800138000, =1+1\n');
    expect(table(await readTable(data, 'csv', { maxRows: 10 })).rows).toEqual([
      { rowNumber: 2, cells: ['=HYPERLINK("http://evil.example","x")', '+86 13800138000', ' =1+1'], formulaColumns: [0, 2], numericColumns: [] },
    ]);
  });

  it('refuses an unclosed quote, too many rows and too many columns', async () => {
    expect(await readTable(csv('企业名称*\n甲公司\n"乙公司\n丙公司\n'), 'csv', { maxRows: 10 })).toEqual({
      ok: false,
      key: 'errors.import.unclosedQuote',
      params: { row: 3 },
    });
    const many = csv(`企业名称*\n${Array.from({ length: 11 }, (_, i) => `企业${i}`).join('\n')}\n`);
    expect(table(await readTable(many, 'csv', { maxRows: 11 })).rows).toHaveLength(11);
    expect(await readTable(many, 'csv', { maxRows: 10 })).toEqual({ ok: false, key: 'errors.import.tooManyRows', params: { max: 10 } });
    expect(await readTable(csv('\n'.repeat(2_000_000)), 'csv', { maxRows: 10 })).toEqual({ ok: false, key: 'errors.import.tooManyRows', params: { max: 10 } });
    expect(await readTable(csv(`${'x,'.repeat(250)}\n`), 'csv', { maxRows: 10 })).toEqual({ ok: false, key: 'errors.import.tooManyColumns', params: { max: 200 } });
  });

  it('reads junk bytes without throwing', async () => {
    const junk = Buffer.from(Array.from({ length: 100_000 }, (_, i) => (i * 7919) % 256));
    expect(matchHeaders(table(await readTable(junk, 'csv', { maxRows: 10_000 })).header).ok).toBe(false);
  });
});

describe('10,000 rows', () => {
  it('write, read and validate the whole registry', async () => {
    const kinds: Record<string, 'number' | 'date'> = { registeredCapitalWan: 'number', establishedOn: 'date', employees: 'number', partyMembers: 'number' };
    const example = Object.fromEntries(importColumns.map((c) => [c.key, c.example]));
    const rows = Array.from({ length: 10_000 }, (_, i) => ({
      ...example,
      name: `上海新虹第${i + 1}号示例科技有限公司`,
      creditCode: creditCode(i + 1),
      contactPhone: `1380013${String(i).padStart(4, '0')}`,
      employees: i % 500,
    }));
    const data = await writeXlsx([
      { name: '企业信息', columns: importColumns.map((c) => ({ header: c.header, key: c.key, kind: kinds[c.key] ?? 'text' })), rows },
    ]);

    const started = performance.now();
    const result = table(await readTable(data, 'xlsx', { maxRows: 10_000 }));
    const header = matchHeaders(result.header);
    if (!header.ok) throw new Error('headers must match');
    const validated = result.rows.map((row) => validateImportRow(importRowCells(header.columnIndex, row.cells), importCtx));
    const duplicates = findDuplicateCodes(result.rows.map((row) => ({ rowNumber: row.rowNumber, creditCode: row.cells[header.columnIndex.creditCode!]! })));
    const elapsed = performance.now() - started;
    console.log(`10,000-row import: read + validate in ${Math.round(elapsed)} ms (file ${Math.round(data.length / 1024)} KiB)`);

    expect(validated.filter((v) => v.ok)).toHaveLength(10_000);
    expect(duplicates.size).toBe(0);
    const last = validated[9_999]!;
    expect(last.ok && last.value).toMatchObject({ name: '上海新虹第10000号示例科技有限公司', creditCode: creditCode(10_000), employees: 9_999 % 500 });
  });
});
