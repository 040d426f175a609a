import { normalizeSearchText } from '../text/normalize.ts';

/**
 * What a search box query means for the registry: a name fragment (any two characters, Chinese
 * or Latin), a credit-code prefix, or contact-phone digits. Decided here so the list, the quick
 * search and the tests agree.
 */
export type EnterpriseSearch =
  | { kind: 'name'; text: string }
  | { kind: 'creditCode'; prefix: string }
  | { kind: 'phone'; digits: string };

/**
 * The text a name or title search compares: lower case, no whitespace — what sd_bigrams does to
 * the stored text in SQL.
 */
export function searchKey(text: string): string {
  return normalizeSearchText(text).toLowerCase().replace(/\s+/g, '');
}

/**
 * The overlapping two-character grams the name and title indexes hold, by code point as Postgres
 * counts characters: an emoji or 𠮷 (two UTF-16 units) is one character. None for fewer than two.
 */
export function searchGrams(text: string): string[] {
  const chars = [...searchKey(text)];
  return [...new Set(chars.slice(1).map((c, i) => chars[i]! + c))];
}

export function classifyEnterpriseSearch(raw: string): EnterpriseSearch | null {
  const q = normalizeSearchText(raw);
  const compact = q.replace(/[\s-]/g, '');
  if ([...compact].length < 2) return null;
  if (/^\d+$/.test(compact)) {
    // 18 digits (or a long prefix of them) is a credit code; shorter runs are phone digits.
    if (compact.length >= 12) return { kind: 'creditCode', prefix: compact.slice(0, 18) };
    if (compact.length >= 4) return { kind: 'phone', digits: compact };
    return { kind: 'name', text: compact };
  }
  const upper = compact.toUpperCase();
  if (/^[0-9A-Z]{6,18}$/.test(upper) && /\d/.test(upper) && /[A-Z]/.test(upper) && /^[0-9]/.test(upper)) {
    return { kind: 'creditCode', prefix: upper };
  }
  return { kind: 'name', text: q };
}
