/**
 * Uploaded spreadsheets (.xlsx, .csv) as rows of cell text. Never evaluates a formula, never
 * throws: junk, bombs and oversized sheets come back as a locale key for the user.
 *
 * An .xlsx is read as a stream (the sheet's XML through saxes as it inflates), and refused the
 * moment a limit is passed: a cell-dense 10 MB file costs the cells up to the limit, not a
 * workbook model of millions of cells. Call it through readTableInWorker from a web process.
 */
import JSZip from 'jszip';
import Papa from 'papaparse';
import { SaxesParser, type SaxesTagPlain } from 'saxes';

export interface TableRow {
  /** As the spreadsheet numbers it, so users can find it. */
  rowNumber: number;
  /** Up to the last non-blank cell. */
  cells: string[];
  /** 0-based indexes into `cells` of formula cells; their text is '=' and the formula, never the result. */
  formulaColumns: number[];
  /** 0-based indexes of cells stored as numbers (not dates): a code typed into them has lost its text form. */
  numericColumns: number[];
}

export type ReadTableFailure = { ok: false; key: string; params?: Record<string, string | number> };
/** Every non-blank row, in order; which one is the header is the caller's to decide. */
export type ReadTableResult = { ok: true; rows: TableRow[] } | ReadTableFailure;

/** Far more than the template's 21: a guard against junk, not a rule of the registry. */
export const MAX_COLUMNS = 200;
/** Non-blank cells in the sheet: the whole template (21 columns) filled for 20,000 rows fits. */
export const MAX_CELLS = 500_000;
/** Blank rows a sheet may carry beyond maxRows (borders dragged down the page) before it counts as oversized. */
const SPARE_ROWS = 10_000;
/** Decompressed size allowed for an .xlsx: generous for real rows, fatal to zip bombs. */
const INFLATED_BASE_BYTES = 16 * 1024 * 1024;
const INFLATED_BYTES_PER_ROW = 8 * 1024;

/** `maxRows` counts the non-blank rows after the first one (a header). */
export async function readTable(data: Buffer, kind: 'xlsx' | 'csv', opts: { maxRows: number }): Promise<ReadTableResult> {
  try {
    return kind === 'xlsx' ? await readXlsx(data, opts.maxRows) : readCsv(data, opts.maxRows);
  } catch (e) {
    if (e instanceof Refusal) return e.failure;
    // jszip, saxes and papaparse fail in many ways on junk; none of their messages is for the user.
    return unreadable;
  }
}

const unreadable: ReadTableFailure = { ok: false, key: 'errors.import.unreadable' };
const tooManyRows = (max: number): ReadTableFailure => ({ ok: false, key: 'errors.import.tooManyRows', params: { max } });
const tooManyColumns: ReadTableFailure = { ok: false, key: 'errors.import.tooManyColumns', params: { max: MAX_COLUMNS } };
const tooManyCells: ReadTableFailure = { ok: false, key: 'errors.import.tooManyCells', params: { max: MAX_CELLS } };
export const tooLarge = (maxRows: number): ReadTableFailure => ({ ok: false, key: 'errors.import.tooLarge', params: { max: maxRows } });

/** Thrown from deep inside a parse to stop it at once; readTable turns it back into its failure. */
class Refusal extends Error {
  constructor(readonly failure: ReadTableFailure) {
    super(failure.key);
  }
}

/** Collects rows in order, blank ones skipped, every limit checked as each row and cell arrives. */
function tableCollector(maxRows: number) {
  const rows: TableRow[] = [];
  let rowsSeen = 0;
  let cells = 0;
  return {
    rows,
    /** Every row of the sheet, blank ones too: a million formatted blank rows is refused as well. */
    sawRow() {
      if (++rowsSeen > maxRows + 1 + SPARE_ROWS) throw new Refusal(tooManyRows(maxRows));
    },
    sawCell(column: number, text: string) {
      if (!text.trim()) return;
      if (column >= MAX_COLUMNS) throw new Refusal(tooManyColumns);
      if (++cells > MAX_CELLS) throw new Refusal(tooManyCells);
    },
    add(row: TableRow) {
      let width = Math.min(row.cells.length, MAX_COLUMNS);
      while (width > 0 && !row.cells[width - 1]?.trim()) width--;
      if (width === 0) return;
      if (rows.length === maxRows + 1) throw new Refusal(tooManyRows(maxRows));
      const cells = Array.from(row.cells.slice(0, width), (c) => c ?? '');
      rows.push({ ...row, cells, formulaColumns: row.formulaColumns.filter((i) => i < width), numericColumns: row.numericColumns.filter((i) => i < width) });
    },
  };
}

async function readXlsx(data: Buffer, maxRows: number): Promise<ReadTableResult> {
  const zip = await JSZip.loadAsync(data);
  const entries = inflater(zip, INFLATED_BASE_BYTES + maxRows * INFLATED_BYTES_PER_ROW, maxRows);
  const { sheetPath, date1904 } = await locateFirstSheet(entries);
  const sharedStrings = await readSharedStrings(entries);
  const dateStyles = await readDateStyles(entries);
  if (!zip.file(sheetPath)) return unreadable;
  return { ok: true, rows: await readSheet(entries, sheetPath, { sharedStrings, dateStyles, date1904, maxRows }) };
}

type XmlHandlers = {
  open?: (name: string, attributes: Record<string, string>) => void;
  text?: (text: string) => void;
  close?: (name: string) => void;
};

/**
 * Streams zip entries through an XML parser, counting what every entry inflates to against one
 * budget: the sizes a zip declares can lie. Element names lose their namespace prefix (x:row → row).
 */
function inflater(zip: JSZip, budget: number, maxRows: number) {
  let inflated = 0;
  return async function parse(path: string, handlers: XmlHandlers): Promise<boolean> {
    const entry = zip.file(path);
    if (!entry) return false;
    const parser = new SaxesParser();
    const local = (name: string) => name.slice(name.indexOf(':') + 1);
    if (handlers.open) parser.on('opentag', (tag) => handlers.open!(local(tag.name), (tag as SaxesTagPlain).attributes));
    if (handlers.text) parser.on('text', handlers.text);
    if (handlers.close) parser.on('closetag', (tag) => handlers.close!(local(tag.name)));
    const decoder = new TextDecoder('utf-8');
    await new Promise<void>((resolve, reject) => {
      const stream = entry.nodeStream('nodebuffer');
      stream.on('data', (chunk: Buffer) => {
        try {
          inflated += chunk.length;
          if (inflated > budget) throw new Refusal(tooLarge(maxRows));
          parser.write(decoder.decode(chunk, { stream: true }));
        } catch (e) {
          // Paused, the stream stops pulling from the inflater; the rest is never decompressed.
          stream.pause();
          reject(e);
        }
      });
      stream.on('end', () => {
        try {
          parser.write(decoder.decode());
          parser.close();
          resolve();
        } catch (e) {
          reject(e);
        }
      });
      stream.on('error', reject);
    });
    return true;
  };
}

type Entries = ReturnType<typeof inflater>;

/** The first sheet in the workbook's own order (not the zip's), and its date system. */
async function locateFirstSheet(entries: Entries): Promise<{ sheetPath: string; date1904: boolean }> {
  const book = { date1904: false, firstSheetRel: '', target: '' };
  await entries('xl/workbook.xml', {
    open(name, attributes) {
      if (name === 'workbookPr') book.date1904 = ['1', 'true'].includes(attributes.date1904 ?? '');
      if (name === 'sheet' && !book.firstSheetRel) book.firstSheetRel = Object.entries(attributes).find(([key]) => key.endsWith(':id'))?.[1] ?? '';
    },
  });
  await entries('xl/_rels/workbook.xml.rels', {
    open(name, attributes) {
      if (name === 'Relationship' && book.firstSheetRel && attributes.Id === book.firstSheetRel) book.target = attributes.Target ?? '';
    },
  });
  // Targets are relative to xl/, or absolute within the package; without a workbook, the usual name.
  const { target } = book;
  const sheetPath = !target ? 'xl/worksheets/sheet1.xml' : target.startsWith('/') ? target.slice(1) : `xl/${target}`;
  return { sheetPath, date1904: book.date1904 };
}

/** The shared string table; phonetic guides (rPh) are not part of the text. */
async function readSharedStrings(entries: Entries): Promise<string[]> {
  const strings: string[] = [];
  let current = '';
  let inText = false;
  let inPhonetic = false;
  await entries('xl/sharedStrings.xml', {
    open(name) {
      if (name === 'si') current = '';
      else if (name === 'rPh') inPhonetic = true;
      else if (name === 't' && !inPhonetic) inText = true;
    },
    text(text) {
      if (inText) current += text;
    },
    close(name) {
      if (name === 't') inText = false;
      else if (name === 'rPh') inPhonetic = false;
      else if (name === 'si') strings.push(current);
    },
  });
  return strings;
}

/** Excel's built-in date and time formats, Chinese ones (27–36, 50–58) included. */
const builtInDateFormats = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58]);

/** A custom format is a date when, outside quoted text and [colour] tags, it has day, month or year parts. */
function isDateFormat(code: string): boolean {
  return /[dmy]/i.test(code.replace(/"[^"]*"|\[[^\]]*\]|\\./g, ''));
}

/** Indexes of the cell styles (cellXfs) whose number format shows a date. */
async function readDateStyles(entries: Entries): Promise<Set<number>> {
  const customDates = new Set<number>();
  const dateStyles = new Set<number>();
  let inCellXfs = false;
  let index = 0;
  await entries('xl/styles.xml', {
    open(name, attributes) {
      if (name === 'numFmt' && isDateFormat(attributes.formatCode ?? '')) customDates.add(Number(attributes.numFmtId));
      else if (name === 'cellXfs') inCellXfs = true;
      else if (name === 'xf' && inCellXfs) {
        const format = Number(attributes.numFmtId ?? 0);
        if (builtInDateFormats.has(format) || customDates.has(format)) dateStyles.add(index);
        index++;
      }
    },
    close(name) {
      if (name === 'cellXfs') inCellXfs = false;
    },
  });
  return dateStyles;
}

/** "AB12" → 27 (1-based column). */
function columnOf(ref: string): number {
  let column = 0;
  for (const ch of ref.toUpperCase()) {
    const code = ch.charCodeAt(0);
    if (code < 65 || code > 90) break;
    column = column * 26 + (code - 64);
  }
  return column;
}

interface PendingCell {
  column: number;
  type: string;
  style: number;
  formula: string | null;
  /** A shared formula's group: the cells after its first carry no text of their own. */
  sharedFormula: string | null;
  value: string;
  inline: string;
}

async function readSheet(
  entries: Entries,
  path: string,
  book: { sharedStrings: string[]; dateStyles: Set<number>; date1904: boolean; maxRows: number },
): Promise<TableRow[]> {
  const table = tableCollector(book.maxRows);
  const merges: string[] = [];
  const sharedFormulas = new Map<string, string>();
  let row: TableRow | null = null;
  let lastRowNumber = 0;
  let nextColumn = 1;
  let cell: PendingCell | null = null;
  let capture: 'formula' | 'value' | 'inline' | null = null;
  let inInline = false;
  let inPhonetic = false;

  await entries(path, {
    open(name, a) {
      switch (name) {
        case 'row':
          table.sawRow();
          lastRowNumber = a.r ? Number(a.r) : lastRowNumber + 1;
          row = { rowNumber: lastRowNumber, cells: [], formulaColumns: [], numericColumns: [] };
          nextColumn = 1;
          break;
        case 'c':
          if (!row) break;
          cell = { column: a.r ? columnOf(a.r) : nextColumn, type: a.t ?? 'n', style: Number(a.s ?? 0), formula: null, sharedFormula: null, value: '', inline: '' };
          nextColumn = cell.column + 1;
          break;
        case 'f':
          if (cell) [cell.formula, cell.sharedFormula, capture] = ['', a.t === 'shared' ? (a.si ?? '') : null, 'formula'];
          break;
        case 'v':
          if (cell) capture = 'value';
          break;
        case 'is':
          inInline = true;
          break;
        case 'rPh':
          inPhonetic = true;
          break;
        case 't':
          if (cell && inInline && !inPhonetic) capture = 'inline';
          break;
        case 'mergeCell':
          if (a.ref) merges.push(a.ref);
          break;
      }
    },
    text(text) {
      if (!cell || !capture) return;
      if (capture === 'formula') cell.formula += text;
      else if (capture === 'value') cell.value += text;
      else cell.inline += text;
    },
    close(name) {
      switch (name) {
        case 'f':
        case 'v':
        case 't':
          capture = null;
          break;
        case 'is':
          inInline = false;
          break;
        case 'rPh':
          inPhonetic = false;
          break;
        case 'c':
          if (row && cell) {
            if (cell.sharedFormula !== null) {
              if (cell.formula) sharedFormulas.set(cell.sharedFormula, cell.formula);
              else cell.formula = sharedFormulas.get(cell.sharedFormula) ?? '';
            }
            const { text, formula, numeric } = cellText(cell, book);
            table.sawCell(cell.column - 1, text);
            if (cell.column <= MAX_COLUMNS) {
              row.cells[cell.column - 1] = text;
              if (formula) row.formulaColumns.push(cell.column - 1);
              if (numeric) row.numericColumns.push(cell.column - 1);
            }
          }
          cell = null;
          break;
        case 'row':
          if (row) table.add(row);
          row = null;
          break;
      }
    },
  });
  repeatMergedCells(table, merges);
  return table.rows;
}

/** A merged area repeats its top-left cell in every row kept, as people read it. */
function repeatMergedCells(table: ReturnType<typeof tableCollector>, merges: string[]) {
  const byNumber = new Map(table.rows.map((r) => [r.rowNumber, r]));
  for (const ref of merges) {
    const m = /^([A-Z]+)(\d+):([A-Z]+)(\d+)$/i.exec(ref);
    if (!m) continue;
    const [left, top, right, bottom] = [columnOf(m[1]!), Number(m[2]), Math.min(columnOf(m[3]!), MAX_COLUMNS), Number(m[4])];
    const master = byNumber.get(top);
    const text = master?.cells[left - 1] ?? '';
    if (!master || !text) continue;
    const formula = master.formulaColumns.includes(left - 1);
    const numeric = master.numericColumns.includes(left - 1);
    for (const row of table.rows) {
      if (row.rowNumber < top || row.rowNumber > bottom) continue;
      for (let column = left; column <= right; column++) {
        if (row === master && column === left) continue;
        table.sawCell(column - 1, text);
        while (row.cells.length < column - 1) row.cells.push('');
        row.cells[column - 1] = text;
        if (formula) row.formulaColumns.push(column - 1);
        if (numeric) row.numericColumns.push(column - 1);
      }
    }
  }
}

/** Days from 1899-12-30 (Excel's epoch once past its fictional 29 Feb 1900), or from 1904-01-01. */
const EPOCH_1900 = Date.UTC(1899, 11, 30);
const EPOCH_1904 = Date.UTC(1904, 0, 1);

function cellText(cell: PendingCell, book: { sharedStrings: string[]; dateStyles: Set<number>; date1904: boolean }) {
  if (cell.formula !== null) return { text: `=${cell.formula}`, formula: true, numeric: false };
  const plain = (text: string) => ({ text, formula: false, numeric: false });
  switch (cell.type) {
    case 's':
      return plain(book.sharedStrings[Number(cell.value)] ?? '');
    case 'inlineStr':
      return plain(cell.inline || cell.value);
    case 'str':
    case 'e':
      return plain(cell.value);
    case 'b':
      return plain(cell.value === '1' || cell.value === 'true' ? 'TRUE' : 'FALSE');
    case 'd':
      return plain(cell.value.slice(0, 10));
  }
  if (cell.value.trim() === '') return plain('');
  const n = Number(cell.value);
  if (!Number.isFinite(n)) return plain(cell.value);
  if (book.dateStyles.has(cell.style)) {
    const date = new Date((book.date1904 ? EPOCH_1904 : EPOCH_1900) + Math.round(n * 86_400_000));
    return plain(date.toISOString().slice(0, 10));
  }
  return { text: numberText(n), formula: false, numeric: true };
}

/** Fifteen significant digits, as Excel shows them: 0.1 + 0.2 reads 0.3, 13800138000 stays whole. */
function numberText(n: number): string {
  return String(Number(n.toPrecision(15)));
}

function readCsv(data: Buffer, maxRows: number): ReadTableResult {
  const table = tableCollector(maxRows);
  let rowNumber = 0;
  let refusal: unknown = null;
  Papa.parse<string[]>(decodeText(data), {
    delimiter: ',',
    step(result, parser) {
      rowNumber++;
      try {
        if (result.errors.some((e) => e.type === 'Quotes')) throw new Refusal({ ok: false, key: 'errors.import.unclosedQuote', params: { row: rowNumber } });
        table.sawRow();
        const cells = result.data;
        cells.forEach((cell, i) => table.sawCell(i, cell));
        // In a CSV '=' is only text, but Excel would run it: refused like a formula.
        const formulaColumns = cells.flatMap((cell, i) => (cell.trimStart().startsWith('=') ? [i] : []));
        table.add({ rowNumber, cells, formulaColumns, numericColumns: [] });
      } catch (e) {
        refusal = e;
        parser.abort();
      }
    },
  });
  if (refusal) throw refusal;
  return { ok: true, rows: table.rows };
}

/** UTF-8 (a BOM is dropped) when the bytes are valid UTF-8, else GB18030: what Chinese Excel saves CSV in. */
function decodeText(data: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    return new TextDecoder('gb18030').decode(data);
  }
}
