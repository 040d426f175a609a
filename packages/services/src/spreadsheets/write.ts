/**
 * .xlsx files we hand out: list exports and the 一企一档 import template. Every text cell is
 * sanitised so that no exported value can start a formula when someone opens the file.
 */
import {
  importColumnLabel,
  importColumns,
  importStatusNames,
  industrySectionNames,
  type ImportColumnKey,
} from '@stationdesk/core';
import ExcelJS from 'exceljs';

export interface SheetColumn {
  header: string;
  key: string;
  width?: number;
  /**
   * text (default, formatted as text so typed codes keep their leading zeros); number: numbers and
   * numeric text; date: 'YYYY-MM-DD' text or a Date (taken as UTC).
   */
  kind?: 'text' | 'number' | 'date';
}

export interface SheetSpec {
  name: string;
  columns: SheetColumn[];
  rows: Record<string, unknown>[];
}

/** Text Excel would run as a formula or DDE command gets a leading quote (OWASP, CSV injection). */
export function safeCellText(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

export async function writeXlsx(sheets: SheetSpec[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  for (const spec of sheets) addSheet(workbook, spec);
  return toBuffer(workbook);
}

const MAX_AUTO_WIDTH = 50;

/** Columns as wide as their widest text, CJK characters counting double. */
function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += ch.codePointAt(0)! > 0x2e7f ? 2 : 1;
  return width;
}

function addSheet(workbook: ExcelJS.Workbook, spec: SheetSpec): ExcelJS.Worksheet {
  const sheet = workbook.addWorksheet(spec.name, { views: [{ state: 'frozen', ySplit: 1 }] });
  const rows = spec.rows.map((row) => Object.fromEntries(spec.columns.map((c) => [c.key, cellValue(row[c.key], c.kind ?? 'text')])));
  sheet.columns = spec.columns.map((c) => ({
    header: safeCellText(c.header),
    key: c.key,
    width: c.width ?? fittedWidth(c.header, rows.map((r) => r[c.key])),
    style: { numFmt: c.kind === 'date' ? 'yyyy-mm-dd' : c.kind === 'number' ? 'General' : '@' },
  }));
  sheet.addRows(rows);
  sheet.getRow(1).font = { bold: true };
  if (spec.columns.length > 0) sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: spec.columns.length } };
  return sheet;
}

function fittedWidth(header: string, values: ExcelJS.CellValue[]): number {
  let width = displayWidth(header);
  for (const value of values) {
    if (width >= MAX_AUTO_WIDTH) break;
    if (typeof value === 'string') width = Math.max(width, displayWidth(value));
    else if (typeof value === 'number') width = Math.max(width, String(value).length);
    else if (value instanceof Date) width = Math.max(width, 10);
  }
  return Math.min(Math.max(width + 2, 8), MAX_AUTO_WIDTH);
}

function cellValue(value: unknown, kind: 'text' | 'number' | 'date'): ExcelJS.CellValue {
  if (value === null || value === undefined || (typeof value === 'string' && !value.trim())) return null;
  if (kind === 'number') {
    if (typeof value === 'number' && Number.isFinite(value)) return value;
    // Postgres numeric arrives as text.
    if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim())) return Number(value);
  }
  if (kind === 'date') {
    if (value instanceof Date && !Number.isNaN(value.getTime())) return value;
    if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return new Date(`${value}T00:00:00Z`);
  }
  return safeCellText(plainText(value));
}

function plainText(value: unknown): string {
  if (Array.isArray(value)) return value.map(plainText).join('、');
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString().slice(0, 10);
  return String(value);
}

async function toBuffer(workbook: ExcelJS.Workbook): Promise<Buffer> {
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** Numbers and dates typed as Excel types them; every other template column is text. */
const templateKinds: Partial<Record<ImportColumnKey, 'number' | 'date'>> = {
  registeredCapitalWan: 'number',
  establishedOn: 'date',
  employees: 'number',
  partyMembers: 'number',
};

/** Rows of the template's sheet that offer the drop-down lists. */
const TEMPLATE_ROWS = 10_000;
const REQUIRED_FILL = 'FFFCE4D6';
const OPTIONAL_FILL = 'FFF2F2F2';

/**
 * The import template: sheet 1 "企业信息" (the Chinese headers are the contract, whatever the
 * language; English rides along as header notes), sheet 2 "填写说明" with one line per column
 * and the industry sections the 所属行业 list reads from.
 */
export async function enterpriseImportTemplate(lang: 'zh-CN' | 'en'): Promise<Buffer> {
  const en = lang === 'en';
  const workbook = new ExcelJS.Workbook();
  const sheet = addSheet(workbook, {
    name: '企业信息',
    columns: importColumns.map((c) => ({
      header: c.header,
      key: c.key,
      width: Math.max(12, displayWidth(c.header) + 4, Math.min(displayWidth(c.example) + 2, 36)),
      kind: templateKinds[c.key] ?? 'text',
    })),
    rows: [Object.fromEntries(importColumns.map((c) => [c.key, c.example]))],
  });

  importColumns.forEach((c, i) => {
    const header = sheet.getCell(1, i + 1);
    header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: c.required ? REQUIRED_FILL : OPTIONAL_FILL } };
    if (c.required) header.font = { bold: true, color: { argb: 'FFC00000' } };
    if (en) header.note = `${c.headerEn}\n${c.ruleEn}`;
  });
  sheet.getRow(2).font = { italic: true, color: { argb: 'FF808080' } };

  const instructions = workbook.addWorksheet('填写说明');
  const industryRange = writeInstructions(instructions, en);
  const lists: Partial<Record<ImportColumnKey, string>> = {
    status: `"${Object.values(importStatusNames).join(',')}"`,
    hasPartyBranch: '"是,否"',
    industry: industryRange,
  };
  for (const [key, formula] of Object.entries(lists)) {
    const letter = sheet.getColumn(key).letter;
    // exceljs 4.4 keeps sheet-level validations by range (missing from its typings); per cell,
    // they would write 10,000 empty cells per column.
    (sheet as unknown as { dataValidations: { add(range: string, v: ExcelJS.DataValidation): void } }).dataValidations.add(
      `${letter}2:${letter}${TEMPLATE_ROWS + 1}`,
      {
        type: 'list',
        allowBlank: true,
        formulae: [formula],
        showErrorMessage: true,
        errorTitle: en ? 'Not in the list 不在列表中' : '不在列表中',
        error: en ? 'Pick a value from the list. 请从下拉列表中选择。' : '请从下拉列表中选择。',
      },
    );
  }
  return toBuffer(workbook);
}

/** Writes the 填写说明 sheet; returns the range holding the industry sections, for the 所属行业 list. */
function writeInstructions(sheet: ExcelJS.Worksheet, en: boolean): string {
  const header = en ? ['列名 Column', '必填 Required', '填写要求', 'Rule'] : ['列名', '必填', '填写要求'];
  sheet.columns = [{ width: 36 }, { width: 10 }, { width: 70 }, ...(en ? [{ width: 70 }] : [])];
  sheet.addRow(header).font = { bold: true };
  for (const c of importColumns) {
    const name = importColumnLabel(c);
    const required = c.required ? (en ? '是 Yes' : '是') : en ? '否 No' : '否';
    sheet.addRow(en ? [`${name}（${c.headerEn.replace(/\*$/, '')}）`, required, c.rule, c.ruleEn] : [name, required, c.rule]);
  }
  sheet.addRow([]);
  const notes: [string, string][] = [
    ['第 2 行为示例，导入前请删除。', 'Row 2 is an example: delete it before importing.'],
    ['请勿修改第 1 行的列名，请勿使用公式。', 'Keep the headers of row 1 as they are; do not use formulas.'],
    ['同一文件内统一社会信用代码不得重复；已登记的企业按统一社会信用代码更新。', 'Each credit code once per file; registered enterprises are updated by their credit code.'],
  ];
  for (const [zh, english] of notes) sheet.addRow([en ? `${zh} ${english}` : zh]);
  sheet.addRow([]);
  sheet.addRow([en ? '所属行业门类（GB/T 4754-2017）Industry sections' : '所属行业门类（GB/T 4754-2017）']).font = { bold: true };
  const first = sheet.rowCount + 1;
  for (const [letter, name] of Object.entries(industrySectionNames)) sheet.addRow([`${letter} ${name}`]);
  return `'填写说明'!$A$${first}:$A$${sheet.rowCount}`;
}
