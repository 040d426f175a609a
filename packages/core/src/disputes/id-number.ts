/**
 * 居民身份证号码 (GB 11643-1999): 6-digit address code, 8-digit birth date (YYYYMMDD), 3-digit
 * sequence and one check character (0–9 or X) over the first 17 digits (ISO 7064 MOD 11-2).
 * Only the 18-character form is accepted; 15-digit first-generation numbers expired in 2013.
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';
const SHAPE = /^\d{17}[\dX]$/;
const EARLIEST_BIRTH = '19000101';
/** China Standard Time has no daylight saving, so a fixed offset gives the calendar date there. */
const CST_OFFSET_MS = 8 * 60 * 60 * 1000;

/**
 * The province-level divisions of GB/T 2260 (the first two digits of the address code), with 81–83
 * for the Hong Kong, Macao and Taiwan residents' residence permits (港澳台居民居住证), which carry a
 * number in this form. Any other pair was never issued.
 */
const PROVINCES = new Set([
  '11', '12', '13', '14', '15', // 北京 天津 河北 山西 内蒙古
  '21', '22', '23', // 辽宁 吉林 黑龙江
  '31', '32', '33', '34', '35', '36', '37', // 上海 江苏 浙江 安徽 福建 江西 山东
  '41', '42', '43', '44', '45', '46', // 河南 湖北 湖南 广东 广西 海南
  '50', '51', '52', '53', '54', // 重庆 四川 贵州 云南 西藏
  '61', '62', '63', '64', '65', // 陕西 甘肃 青海 宁夏 新疆
  '71', // 台湾
  '81', '82', '83', // 香港 澳门, and the residence permits of Taiwan residents
]);

export type IdNumberProblem = 'length' | 'characters' | 'region' | 'birthDate' | 'checkDigit';

export function idNumberCheckDigit(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new Error('idNumberCheckDigit needs exactly 17 digits');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK[sum % 11]!;
}

/**
 * `today` is either `YYYY-MM-DD` or a Date, read as the calendar date in China (UTC+8) because
 * that is where the number was issued and where "born today" is judged.
 */
export type Today = Date | string;

function todayYmd(today: Today): string {
  if (typeof today === 'string') {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(today)) throw new Error(`today must be YYYY-MM-DD, got ${today}`);
    return today.replaceAll('-', '');
  }
  return new Date(today.getTime() + CST_OFFSET_MS).toISOString().slice(0, 10).replaceAll('-', '');
}

function isRealDate(ymd: string): boolean {
  const y = Number(ymd.slice(0, 4));
  const m = Number(ymd.slice(4, 6));
  const d = Number(ymd.slice(6, 8));
  if (m < 1 || m > 12 || d < 1) return false;
  // Day 0 of the next month is the last day of this one; UTC avoids local-time surprises.
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/**
 * The first problem found, or null when valid. Expects a normalised number (see
 * `normalizeCode`): a lower-case x is reported as 'characters', like the credit code.
 */
export function idNumberProblem(id: string, today: Today): IdNumberProblem | null {
  if (id.length !== 18) return 'length';
  if (!SHAPE.test(id)) return 'characters';
  if (!PROVINCES.has(id.slice(0, 2))) return 'region';
  const birth = id.slice(6, 14);
  // YYYYMMDD strings compare correctly as text.
  if (!isRealDate(birth) || birth < EARLIEST_BIRTH || birth > todayYmd(today)) return 'birthDate';
  return idNumberCheckDigit(id.slice(0, 17)) === id[17] ? null : 'checkDigit';
}

export function isValidIdNumber(id: string, today: Today): boolean {
  return idNumberProblem(id, today) === null;
}
