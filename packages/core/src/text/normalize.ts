/**
 * What people type, in one form whatever the keyboard: text pasted from Word or typed with a
 * Chinese input method carries full-width letters and digits (９１３１…Ｃ), full-width brackets and
 * the ideographic space. NFKC folds those into their ordinary forms. One function per kind of
 * value, used alike by the forms and API, the spreadsheet import and search, so no path accepts
 * what another refuses.
 */

/** A code (统一社会信用代码, 身份证号): NFKC, no whitespace anywhere, upper case. */
export function normalizeCode(input: string): string {
  return input.normalize('NFKC').replace(/\s+/g, '').toUpperCase();
}

/** A number as typed (a phone number): NFKC, trimmed; its separators are the parser's business. */
export function normalizeNumber(input: string): string {
  return input.normalize('NFKC').trim();
}

/** Search text: NFKC, runs of whitespace as one space, trimmed. */
export function normalizeSearchText(input: string): string {
  return input.normalize('NFKC').replace(/\s+/g, ' ').trim();
}
