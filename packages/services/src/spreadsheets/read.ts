/**
 * Uploaded spreadsheets (.xlsx, .csv) as rows of cell text. Never evaluates a formula, never
 * throws: junk, bombs and oversized sheets come back as a locale key for the user.
 */
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import Papa from 'papaparse';

export interface TableRow {
  /** As the spreadsheet numbers it (the header is row 1), so users can find it. */
  rowNumber: number;
  /** Up to the last non-blank cell. */
  cells: string[];
  /** 0-based indexes into `cells` of formula cells; their text is '=' and the formula, never the result. */
  formulaColumns: number[];
}

export type ReadTableFailure = { ok: false; key: string; params?: Record<string, string | number> };
export type ReadTableResult = { ok: true; header: string[]; rows: TableRow[] } | ReadTableFailure;

/** Far more than the template's 21: a guard against junk, not a rule of the registry. */
const MAX_COLUMNS = 200;
/** Blank rows a sheet may carry beyond maxRows (borders dragged down the page) before it counts as oversized. */
const SPARE_ROWS = 10_000;
/** Decompressed size allowed for an .xlsx: generous for real rows, fatal to zip bombs. */
const INFLATED_BASE_BYTES = 16 * 1024 * 1024;
const INFLATED_BYTES_PER_ROW = 8 * 1024;

export async function readTable(data: Buffer, kind: 'xlsx' | 'csv', opts: { maxRows: number }): Promise<ReadTableResult> {
  try {
    return kind === 'xlsx' ? await readXlsx(data, opts.maxRows) : readCsv(data, opts.maxRows);
  } catch {
    // jszip, exceljs and papaparse fail in many ways on junk; none of their messages is for the user.
    return { ok: false, key: 'errors.import.unreadable' };
  }
}

const tooManyRows = (max: number): ReadTableFailure => ({ ok: false, key: 'errors.import.tooManyRows', params: { max } });
const tooManyColumns: ReadTableFailure = { ok: false, key: 'errors.import.tooManyColumns', params: { max: MAX_COLUMNS } };

/** Collects rows in order: row 1 is the header, blank rows are skipped, limits are checked as rows arrive. */
function tableCollector(maxRows: number) {
  let header: string[] = [];
  const rows: TableRow[] = [];
  return {
    add(rowNumber: number, cells: string[], formulaColumns: number[]): ReadTableFailure | null {
      let width = cells.length;
      while (width > 0 && !cells[width - 1]!.trim()) width--;
      if (width > MAX_COLUMNS) return tooManyColumns;
      if (rowNumber === 1) header = cells.slice(0, width);
      else if (width > 0) {
        if (rows.length === maxRows) return tooManyRows(maxRows);
        rows.push({ rowNumber, cells: cells.slice(0, width), formulaColumns });
      }
      return null;
    },
    result: (): ReadTableResult => ({ ok: true, header, rows }),
  };
}

async function readXlsx(data: Buffer, maxRows: number): Promise<ReadTableResult> {
  if (!(await inflatesWithin(data, INFLATED_BASE_BYTES + maxRows * INFLATED_BYTES_PER_ROW))) {
    return { ok: false, key: 'errors.import.tooLarge', params: { max: maxRows } };
  }
  const workbook = new ExcelJS.Workbook();
  try {
    // maxRows/maxCols are exceljs 4.4's own parse limits (not in its typings): a huge sheet stops
    // parsing at the limit instead of building millions of rows first.
    const limits = { ignoreNodes: ['dataValidations', 'conditionalFormatting', 'extLst'], maxRows: maxRows + 1 + SPARE_ROWS, maxCols: MAX_COLUMNS };
    // exceljs types its input as its own ArrayBuffer-like Buffer; it hands it to JSZip, which takes Node's.
    await workbook.xlsx.load(data as unknown as ExcelJS.Buffer, limits as Partial<ExcelJS.XlsxReadOptions>);
  } catch (e) {
    const message = e instanceof Error ? e.message : '';
    if (message.startsWith('Max row count')) return tooManyRows(maxRows);
    if (message.startsWith('Max column count')) return tooManyColumns;
    throw e;
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) return { ok: false, key: 'errors.import.unreadable' };

  const table = tableCollector(maxRows);
  let failure: ReadTableFailure | null = null;
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    if (failure) return;
    const cells: string[] = [];
    const formulaColumns: number[] = [];
    row.eachCell({ includeEmpty: false }, (cell, column) => {
      // A merged area repeats its top-left cell, as people read it.
      const source = cell.type === ExcelJS.ValueType.Merge ? cell.master : cell;
      const formula = source.type === ExcelJS.ValueType.Formula;
      const text = formula ? `=${source.formula ?? ''}` : valueText(source.value);
      if (column > MAX_COLUMNS) {
        if (text.trim()) failure = tooManyColumns;
        return;
      }
      cells[column - 1] = text;
      if (formula) formulaColumns.push(column - 1);
    });
    if (failure) return;
    failure = table.add(rowNumber, Array.from(cells, (c) => c ?? ''), formulaColumns);
  });
  return failure ?? table.result();
}

/** Inflates every entry once, counting, and stops at the budget: the sizes a zip declares can lie. */
async function inflatesWithin(data: Buffer, budget: number): Promise<boolean> {
  const zip = await JSZip.loadAsync(data);
  let total = 0;
  for (const entry of Object.values(zip.files)) {
    if (entry.dir) continue;
    total += await inflatedSize(entry, budget - total);
    if (total > budget) return false;
  }
  return true;
}

function inflatedSize(entry: JSZip.JSZipObject, limit: number): Promise<number> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const stream = entry.nodeStream('nodebuffer');
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      // Paused, the stream stops pulling from the inflater; the rest is never decompressed.
      if (size > limit) {
        stream.pause();
        resolve(size);
      }
    });
    stream.on('end', () => resolve(size));
    stream.on('error', reject);
  });
}

function valueText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return numberText(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? String(value) : value.toISOString().slice(0, 10);
  if ('richText' in value) return value.richText.map((run) => run.text).join('');
  // A hyperlink's text can itself be rich text.
  if ('hyperlink' in value) return valueText(value.text as ExcelJS.CellValue);
  if ('error' in value) return value.error;
  return '';
}

/** Fifteen significant digits, as Excel shows them: 0.1 + 0.2 reads 0.3, 13800138000 stays whole. */
function numberText(n: number): string {
  return String(Number(n.toPrecision(15)));
}

function readCsv(data: Buffer, maxRows: number): ReadTableResult {
  const table = tableCollector(maxRows);
  let failure: ReadTableFailure | null = null;
  let rowNumber = 0;
  Papa.parse<string[]>(decodeText(data), {
    delimiter: ',',
    step(result, parser) {
      rowNumber++;
      if (result.errors.some((e) => e.type === 'Quotes')) failure = { ok: false, key: 'errors.import.unclosedQuote', params: { row: rowNumber } };
      else if (rowNumber > maxRows + 1 + SPARE_ROWS) failure = tooManyRows(maxRows);
      else {
        const cells = result.data;
        // In a CSV '=' is only text, but Excel would run it: refused like a formula.
        const formulaColumns = cells.flatMap((cell, i) => (cell.trimStart().startsWith('=') ? [i] : []));
        failure = table.add(rowNumber, cells, formulaColumns);
      }
      if (failure) parser.abort();
    },
  });
  return failure ?? table.result();
}

/** UTF-8 (a BOM is dropped) when the bytes are valid UTF-8, else GB18030: what Chinese Excel saves CSV in. */
function decodeText(data: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    return new TextDecoder('gb18030').decode(data);
  }
}
