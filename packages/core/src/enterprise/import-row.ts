/**
 * 一企一档 spreadsheet import: the template's columns, header matching and the row rules.
 * Pure: the reader hands over cell text, the use case hands over the tenant's buildings.
 * Limits mirror the checks of the enterprises and enterprise_contacts tables.
 */
import { normalizePhone } from '../disputes/phone.ts';
import { normalizeCode } from '../text/normalize.ts';
import { creditCodeProblem, type CreditCodeProblem } from './credit-code.ts';
import type { EnterpriseStatus, Industry } from './enterprise.ts';

/** GB/T 4754-2017 门类 names. Data, not locale text: the template and its files are in Chinese. */
export const industrySectionNames: Readonly<Record<Industry, string>> = {
  A: '农、林、牧、渔业',
  B: '采矿业',
  C: '制造业',
  D: '电力、热力、燃气及水生产和供应业',
  E: '建筑业',
  F: '批发和零售业',
  G: '交通运输、仓储和邮政业',
  H: '住宿和餐饮业',
  I: '信息传输、软件和信息技术服务业',
  J: '金融业',
  K: '房地产业',
  L: '租赁和商务服务业',
  M: '科学研究和技术服务业',
  N: '水利、环境和公共设施管理业',
  O: '居民服务、修理和其他服务业',
  P: '教育',
  Q: '卫生和社会工作',
  R: '文化、体育和娱乐业',
  S: '公共管理、社会保障和社会组织',
  T: '国际组织',
};

/** The words the template's 状态 column uses. */
export const importStatusNames: Readonly<Record<EnterpriseStatus, string>> = {
  active: '在驻',
  moving_out: '拟迁出',
  moved_out: '已迁出',
  deregistered: '已注销',
};

export interface ImportColumnDefinition {
  key: string;
  /** Exactly what the template's header cell says; the Chinese headers are the contract. */
  header: string;
  headerEn: string;
  required: boolean;
  example: string;
  /** One line for the template's 填写说明 sheet. */
  rule: string;
  ruleEn: string;
}

export const importColumns = [
  {
    key: 'name', header: '企业名称*', headerEn: 'Enterprise name*', required: true, example: '上海新虹示例科技有限公司',
    rule: '必填，与营业执照一致，不超过 200 个字。', ruleEn: 'Required, as on the business licence, up to 200 characters.',
  },
  {
    key: 'nameEn', header: '英文名称', headerEn: 'English name', required: false, example: 'Shanghai Xinhong Example Technology Co., Ltd.',
    rule: '选填，不超过 300 个字符。', ruleEn: 'Optional, up to 300 characters.',
  },
  {
    key: 'creditCode', header: '统一社会信用代码*', headerEn: 'Unified social credit code*', required: true, example: '91350100M000100Y43',
    rule: '必填，18 位统一社会信用代码，系统校验最后一位校验码；已登记的企业按此代码更新，不会重复创建。',
    ruleEn: 'Required: the 18-character code, check character verified. A registered enterprise with the same code is updated, never duplicated.',
  },
  {
    key: 'legalRepresentative', header: '法定代表人', headerEn: 'Legal representative', required: false, example: '张三',
    rule: '选填，不超过 100 个字。', ruleEn: 'Optional, up to 100 characters.',
  },
  {
    key: 'registeredCapitalWan', header: '注册资本（万元）', headerEn: 'Registered capital (10k CNY)', required: false, example: '500',
    rule: '选填，单位为万元，不小于 0，最多 4 位小数。', ruleEn: 'Optional, in units of 10,000 yuan, not negative, at most 4 decimal places.',
  },
  {
    key: 'industry', header: '所属行业', headerEn: 'Industry', required: false, example: 'I 信息传输、软件和信息技术服务业',
    rule: '选填，国民经济行业门类（GB/T 4754-2017）：填字母 A–T 或门类名称，可从下拉列表选择。',
    ruleEn: 'Optional: the GB/T 4754-2017 section, as its letter A–T or its Chinese name (pick from the list).',
  },
  {
    key: 'establishedOn', header: '成立日期', headerEn: 'Established on', required: false, example: '2019-03-15',
    rule: '选填，如 2019-03-15、2019/3/15 或 2019年3月15日，不得晚于今天。',
    ruleEn: 'Optional, e.g. 2019-03-15, 2019/3/15 or 2019年3月15日; not after today.',
  },
  {
    key: 'employees', header: '从业人数', headerEn: 'Employees', required: false, example: '120',
    rule: '选填，0 至 1000000 之间的整数。', ruleEn: 'Optional, a whole number from 0 to 1,000,000.',
  },
  {
    key: 'building', header: '所在楼宇*', headerEn: 'Building*', required: true, example: '新虹示例大厦',
    rule: '必填，与系统中登记的楼宇名称完全一致；工作站人员只能导入本人负责工作站的楼宇。',
    ruleEn: 'Required, exactly the building name registered in the system; station staff can only import into their own stations’ buildings.',
  },
  {
    key: 'floor', header: '楼层', headerEn: 'Floor', required: false, example: '12',
    rule: '选填，不超过 20 个字符。', ruleEn: 'Optional, up to 20 characters.',
  },
  {
    key: 'room', header: '房间号', headerEn: 'Room', required: false, example: '1205',
    rule: '选填，不超过 40 个字符。', ruleEn: 'Optional, up to 40 characters.',
  },
  {
    key: 'status', header: '状态', headerEn: 'Status', required: false, example: '在驻',
    rule: '选填：在驻、拟迁出、已迁出或已注销；留空视为在驻。',
    ruleEn: 'Optional: 在驻 (active), 拟迁出 (moving out), 已迁出 (moved out) or 已注销 (deregistered); blank means active.',
  },
  {
    key: 'contactName', header: '联系人', headerEn: 'Contact name', required: false, example: '李四',
    rule: '选填，不超过 100 个字；填写联系人职务、电话或邮箱时必填。',
    ruleEn: 'Optional, up to 100 characters; required when a contact title, phone or e-mail is given.',
  },
  {
    key: 'contactTitle', header: '联系人职务', headerEn: 'Contact title', required: false, example: '行政经理',
    rule: '选填，不超过 100 个字。', ruleEn: 'Optional, up to 100 characters.',
  },
  {
    key: 'contactPhone', header: '联系电话', headerEn: 'Contact phone', required: false, example: '13800138000',
    rule: '选填，手机号码或固定电话（如 021-62345678）。', ruleEn: 'Optional, a mainland mobile or landline number (e.g. 021-62345678).',
  },
  {
    key: 'contactEmail', header: '联系邮箱', headerEn: 'Contact e-mail', required: false, example: 'lisi@example.com',
    rule: '选填，有效的电子邮箱地址。', ruleEn: 'Optional, a valid e-mail address.',
  },
  {
    key: 'hasPartyBranch', header: '是否建立党组织', headerEn: 'Party branch', required: false, example: '是',
    rule: '选填：是或否；留空视为否。', ruleEn: 'Optional: 是 (yes) or 否 (no); blank means no.',
  },
  {
    key: 'partyBranchName', header: '党组织名称', headerEn: 'Party branch name', required: false, example: '上海新虹示例科技有限公司党支部',
    rule: '选填，不超过 200 个字。', ruleEn: 'Optional, up to 200 characters.',
  },
  {
    key: 'partyMembers', header: '党员人数', headerEn: 'Party members', required: false, example: '8',
    rule: '选填，0 至 100000 之间的整数。', ruleEn: 'Optional, a whole number from 0 to 100,000.',
  },
  {
    key: 'partySecretary', header: '党组织书记', headerEn: 'Party secretary', required: false, example: '王五',
    rule: '选填，不超过 100 个字。', ruleEn: 'Optional, up to 100 characters.',
  },
  {
    key: 'tags', header: '标签', headerEn: 'Tags', required: false, example: '高新技术企业、专精特新',
    rule: '选填，多个标签用顿号、逗号或分号分隔，每个标签不超过 40 个字。',
    ruleEn: 'Optional; separate several tags with 、 , or ; — each up to 40 characters.',
  },
] as const satisfies readonly ImportColumnDefinition[];

export type ImportColumnKey = (typeof importColumns)[number]['key'];
export type ImportColumn = (typeof importColumns)[number];

export interface ImportIssue {
  column: ImportColumnKey | null;
  /** Locale key (errors.import.*). */
  key: string;
  params?: Record<string, string | number>;
}

export interface EnterpriseImportRow {
  name: string;
  nameEn: string | null;
  creditCode: string;
  legalRepresentative: string | null;
  /** Decimal text for numeric(14, 4): no float rounding on the way to the database. */
  registeredCapitalWan: string | null;
  industry: Industry | null;
  establishedOn: string | null;
  employees: number | null;
  buildingId: string;
  stationId: string;
  floor: string | null;
  room: string | null;
  status: EnterpriseStatus;
  /** The primary contact, when the row names one. */
  contact: { name: string; title: string | null; phone: string | null; email: string | null } | null;
  hasPartyBranch: boolean;
  partyBranchName: string | null;
  partyMembers: number | null;
  partySecretary: string | null;
  tags: string[];
}

export interface ImportContext {
  /** The tenant's buildings by exact name. */
  buildings: ReadonlyMap<string, { id: string; stationId: string }>;
  /** The actor's stations; null = every station of the tenant. */
  allowedStationIds: readonly string[] | null;
  /** YYYY-MM-DD in the tenant's time zone. */
  today: string;
}

export type ImportCells = Partial<Record<ImportColumnKey, string>>;

const tagMaxLength = 40;

/** Header text as people retype it: no spaces, no trailing required mark, one kind of bracket. */
function headerText(raw: string): string {
  return raw
    .replace(/[\s\u3000]+/g, '')
    .replace(/[*＊]+$/, '')
    .replace(/（/g, '(')
    .replace(/）/g, ')')
    .toLowerCase();
}

const keyByHeader = new Map<string, ImportColumnKey>(
  importColumns.flatMap((c) => [[headerText(c.header), c.key] as const, [headerText(c.headerEn), c.key] as const]),
);

const columnByKey = Object.fromEntries(importColumns.map((c) => [c.key, c])) as Record<ImportColumnKey, ImportColumn>;

const columnOrder: readonly ImportColumnKey[] = importColumns.map((c) => c.key);

/** The Chinese header without its required mark, as messages name a column. */
export function importColumnLabel(column: ImportColumn): string {
  return column.header.replace(/\*$/, '');
}

function columnLetter(index: number): string {
  let letters = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

/** Junk files have junk headers: keep messages short. */
function shorten(text: string): string {
  const chars = [...text];
  return chars.length > 30 ? `${chars.slice(0, 30).join('')}…` : text;
}

export type ImportHeaderMatch =
  | { ok: true; columnIndex: Partial<Record<ImportColumnKey, number>> }
  | { ok: false; errors: ImportIssue[] };

/** Maps the header row (Chinese or English headers, any order) to column positions. Blank headers are ignored. */
export function matchHeaders(headerRow: readonly string[]): ImportHeaderMatch {
  const columnIndex: Partial<Record<ImportColumnKey, number>> = {};
  const errors: ImportIssue[] = [];
  headerRow.forEach((raw, index) => {
    const text = headerText(raw);
    if (!text) return;
    const key = keyByHeader.get(text);
    if (!key) {
      errors.push({ column: null, key: 'errors.import.unknownColumn', params: { header: shorten(raw.trim()), columnLetter: columnLetter(index) } });
    } else if (columnIndex[key] !== undefined) {
      errors.push({ column: key, key: 'errors.import.duplicateColumn', params: { header: importColumnLabel(columnByKey[key]) } });
    } else {
      columnIndex[key] = index;
    }
  });
  for (const column of importColumns) {
    if (column.required && columnIndex[column.key] === undefined) {
      errors.push({ column: column.key, key: 'errors.import.missingColumn', params: { header: importColumnLabel(column) } });
    }
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, columnIndex };
}

/** How far down a sheet the header row is looked for: title rows often sit above it. */
export const importHeaderSearchRows = 10;

export type ImportHeaderRow =
  | { ok: true; rowNumber: number; columnIndex: Partial<Record<ImportColumnKey, number>> }
  | { ok: false; errors: ImportIssue[] };

/**
 * The header is the first of the sheet's first rows whose cells are the template's columns (a
 * merged title above it is skipped). Failing that, the row naming the most template columns —
 * at least two — is taken as the header meant, and its problems reported; with none, one plain
 * message instead of a complaint about every cell of a title.
 */
export function findHeaderRow(rows: readonly { rowNumber: number; cells: readonly string[] }[]): ImportHeaderRow {
  let best: { known: number; errors: ImportIssue[] } | null = null;
  for (const row of rows) {
    if (row.rowNumber > importHeaderSearchRows) break;
    const match = matchHeaders(row.cells);
    if (match.ok) return { ok: true, rowNumber: row.rowNumber, columnIndex: match.columnIndex };
    const known = new Set(row.cells.map((cell) => keyByHeader.get(headerText(cell))).filter(Boolean)).size;
    if (known >= 2 && (!best || known > best.known)) best = { known, errors: match.errors };
  }
  return { ok: false, errors: best?.errors ?? [{ column: null, key: 'errors.import.headerNotFound', params: { rows: importHeaderSearchRows } }] };
}

/** One data row's cells by column key; columns the file lacks are blank. */
export function importRowCells(columnIndex: Partial<Record<ImportColumnKey, number>>, cells: readonly string[]): ImportCells {
  const out: ImportCells = {};
  for (const column of importColumns) {
    const index = columnIndex[column.key];
    out[column.key] = index === undefined ? '' : (cells[index] ?? '');
  }
  return out;
}

function clean(text: string | undefined): string {
  return (text ?? '').replace(/[\u3000\u00a0]/g, ' ').trim();
}

/** Full-width ASCII (what a Chinese IME types) to half-width; only for codes, numbers and dates, never names. */
function halfWidth(text: string): string {
  return text.replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
}

/** Characters as Postgres length() counts them (code points, not UTF-16 units). */
function charLength(text: string): number {
  return [...text].length;
}

/** Excel's CSV export writes numbers as displayed, thousands separators included. */
function ungroup(text: string): string {
  return /^\d{1,3}(,\d{3})+(\.\d+)?$/.test(text) ? text.replace(/,/g, '') : text;
}

const creditCodeKeys: Record<CreditCodeProblem, string> = {
  length: 'errors.import.creditCodeLength',
  characters: 'errors.import.creditCodeCharacters',
  checkCharacter: 'errors.import.creditCodeCheckCharacter',
};

const sectionByName = new Map(Object.entries(industrySectionNames).map(([letter, name]) => [name, letter as Industry]));

/** A section letter, its name, or both ("I 信息传输、软件和信息技术服务业", as the template's list offers). */
export function parseIndustry(text: string): Industry | null {
  const t = text.trim();
  const m = /^([A-Ta-t])(?:[\s.、:：-]*(\S.*))?$/.exec(t);
  if (m) {
    const letter = m[1]!.toUpperCase() as Industry;
    return m[2] === undefined || industrySectionNames[letter] === m[2].trim() ? letter : null;
  }
  return sectionByName.get(t) ?? null;
}

/** Days from 1899-12-30, Excel's epoch once past its fictional 29 Feb 1900. */
const EXCEL_EPOCH = Date.UTC(1899, 11, 30);

/**
 * 2019-03-15, 2019/3/15, 2019.3.15, 2019年3月15日 or an Excel serial number; YYYY-MM-DD, or null when
 * not a real date. Serials need five digits: a four-digit number is a bare year, not a day in 1905.
 */
export function parseImportDate(text: string): string | null {
  const t = halfWidth(text).trim();
  const m = /^([1-9]\d{3})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(t) ?? /^([1-9]\d{3})年(\d{1,2})月(\d{1,2})日?$/.exec(t);
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const date = new Date(Date.UTC(y, mo - 1, d));
    if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
    return date.toISOString().slice(0, 10);
  }
  if (/^\d{5}(\.\d+)?$/.test(t)) return new Date(EXCEL_EPOCH + Math.floor(Number(t)) * 86_400_000).toISOString().slice(0, 10);
  return null;
}

const statusByWord = new Map<string, EnterpriseStatus>(
  (Object.entries(importStatusNames) as [EnterpriseStatus, string][]).flatMap(([status, word]) => [[word, status], [status, status]]),
);

const yesWords = new Set(['是', '有', 'y', 'yes', 'true']);
const noWords = new Set(['否', '无', 'n', 'no', 'false']);

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** numeric(14, 4): ten digits before the point, four after. Canonical decimal text, or null. */
function parseCapital(text: string): string | null {
  const m = /^(\d+)(?:\.(\d{1,4}))?$/.exec(text);
  if (!m) return null;
  const whole = m[1]!.replace(/^0+(?=\d)/, '');
  if (whole.length > 10) return null;
  const fraction = (m[2] ?? '').replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}` : whole;
}

export type ImportRowValidation = { ok: true; value: EnterpriseImportRow } | { ok: false; errors: ImportIssue[] };

/**
 * `numericColumns`: the columns whose cell the spreadsheet stored as a number. LibreOffice and
 * Excel store an all-digit entry so: a credit code then has lost its last digits to floating point
 * (913101203509709000), a landline its leading 0. Such a code column must be formatted as text.
 */
export function validateImportRow(cells: ImportCells, ctx: ImportContext, numericColumns: ReadonlySet<ImportColumnKey> = new Set()): ImportRowValidation {
  const errors: ImportIssue[] = [];
  const issue = (column: ImportColumnKey, key: string, params?: Record<string, string | number>) => {
    errors.push(params ? { column, key, params } : { column, key });
  };

  // A formula is never evaluated: the cell is refused whatever else it would have been.
  const values = {} as Record<ImportColumnKey, string>;
  const formulas = new Set<ImportColumnKey>();
  for (const column of importColumns) {
    const value = clean(cells[column.key]);
    const formula = value.startsWith('=');
    if (formula) {
      formulas.add(column.key);
      issue(column.key, 'errors.import.formulaNotAllowed');
    }
    values[column.key] = formula ? '' : value;
  }

  const required = (key: ImportColumnKey): string => {
    if (!values[key] && !formulas.has(key)) issue(key, 'errors.import.required');
    return values[key];
  };
  const text = (key: ImportColumnKey, max: number): string | null => {
    const value = values[key];
    if (!value) return null;
    if (charLength(value) > max) issue(key, 'errors.import.tooLong', { max });
    return value;
  };
  const count = (key: ImportColumnKey, max: number): number | null => {
    const value = ungroup(halfWidth(values[key]));
    if (!value) return null;
    if (!/^\d+$/.test(value) || Number(value) > max) {
      issue(key, 'errors.import.integerInvalid', { max });
      return null;
    }
    return Number(value);
  };

  const name = required('name');
  if (name && charLength(name) > 200) issue('name', 'errors.import.tooLong', { max: 200 });

  const creditCode = normalizeCode(required('creditCode'));
  if (creditCode && numericColumns.has('creditCode')) {
    issue('creditCode', 'errors.import.codeStoredAsNumber');
  } else if (creditCode) {
    const problem = creditCodeProblem(creditCode);
    if (problem) issue('creditCode', creditCodeKeys[problem]);
  }

  let registeredCapitalWan: string | null = null;
  if (values.registeredCapitalWan) {
    registeredCapitalWan = parseCapital(ungroup(halfWidth(values.registeredCapitalWan)));
    if (registeredCapitalWan === null) issue('registeredCapitalWan', 'errors.import.capitalInvalid');
  }

  let industry: Industry | null = null;
  if (values.industry) {
    industry = parseIndustry(halfWidth(values.industry));
    if (!industry) issue('industry', 'errors.import.industryUnknown');
  }

  let establishedOn: string | null = null;
  if (values.establishedOn) {
    establishedOn = parseImportDate(values.establishedOn);
    if (!establishedOn) issue('establishedOn', 'errors.import.dateInvalid');
    else if (establishedOn > ctx.today) issue('establishedOn', 'errors.import.dateInFuture');
  }

  const buildingName = required('building');
  const building = buildingName ? ctx.buildings.get(buildingName) : undefined;
  if (buildingName && !building) issue('building', 'errors.import.buildingUnknown', { building: shorten(buildingName) });
  if (building && ctx.allowedStationIds && !ctx.allowedStationIds.includes(building.stationId)) {
    issue('building', 'errors.import.buildingNotYours', { building: buildingName });
  }

  let status: EnterpriseStatus = 'active';
  if (values.status) {
    const found = statusByWord.get(values.status.toLowerCase().replace(/[\s-]+/g, '_'));
    if (found) status = found;
    else issue('status', 'errors.import.statusUnknown');
  }

  let hasPartyBranch = false;
  const partyAnswer = halfWidth(values.hasPartyBranch).toLowerCase();
  if (yesWords.has(partyAnswer)) hasPartyBranch = true;
  else if (partyAnswer && !noWords.has(partyAnswer)) issue('hasPartyBranch', 'errors.import.yesNoInvalid');

  let phone: string | null = null;
  if (values.contactPhone) {
    phone = normalizePhone(values.contactPhone);
    // An 11-digit mobile number survives being stored as a number; a landline loses its 0.
    if (!phone) issue('contactPhone', numericColumns.has('contactPhone') ? 'errors.import.codeStoredAsNumber' : 'errors.import.phoneInvalid');
  }

  let email: string | null = null;
  if (values.contactEmail) {
    email = halfWidth(values.contactEmail);
    if (charLength(email) > 254 || !EMAIL.test(email)) issue('contactEmail', 'errors.import.emailInvalid');
  }

  const contactName = text('contactName', 100);
  const contactTitle = text('contactTitle', 100);
  if (!contactName && (contactTitle || values.contactPhone || values.contactEmail)) issue('contactName', 'errors.import.contactNameRequired');

  const tags = [...new Set(values.tags.split(/[、,，;；]/).map(clean).filter(Boolean))];
  for (const tag of tags) {
    if (charLength(tag) > tagMaxLength) issue('tags', 'errors.import.tagTooLong', { tag: shorten(tag), max: tagMaxLength });
  }

  const row: EnterpriseImportRow = {
    name,
    nameEn: text('nameEn', 300),
    creditCode,
    legalRepresentative: text('legalRepresentative', 100),
    registeredCapitalWan,
    industry,
    establishedOn,
    employees: count('employees', 1_000_000),
    buildingId: building?.id ?? '',
    stationId: building?.stationId ?? '',
    floor: text('floor', 20),
    room: text('room', 40),
    status,
    contact: contactName ? { name: contactName, title: contactTitle, phone, email } : null,
    hasPartyBranch,
    partyBranchName: text('partyBranchName', 200),
    partyMembers: count('partyMembers', 100_000),
    partySecretary: text('partySecretary', 100),
    tags,
  };
  if (errors.length === 0) return { ok: true, value: row };
  // Reported in the template's column order, as the user reads the row.
  errors.sort((a, b) => columnOrder.indexOf(a.column!) - columnOrder.indexOf(b.column!));
  return { ok: false, errors };
}

/** Later rows repeating a credit code already seen in the file, each pointing at the first row. */
export function findDuplicateCodes(rows: readonly { rowNumber: number; creditCode: string }[]): Map<number, ImportIssue> {
  const firstRow = new Map<string, number>();
  const duplicates = new Map<number, ImportIssue>();
  for (const row of rows) {
    const code = normalizeCode(row.creditCode);
    if (!code) continue;
    const first = firstRow.get(code);
    if (first === undefined) firstRow.set(code, row.rowNumber);
    else duplicates.set(row.rowNumber, { column: 'creditCode', key: 'errors.import.duplicateInFile', params: { firstRow: first } });
  }
  return duplicates;
}
