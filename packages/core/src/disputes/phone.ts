import { normalizeNumber } from '../text/normalize.ts';

/**
 * Mainland China phone numbers as people type them on intake forms.
 *
 * Area codes follow the national numbering plan, which makes them unambiguous even when digits
 * are run together: 010 and 020–029 are three digits (with the leading 0), every other code is
 * four (03xx–09xx). Local numbers are 7 or 8 digits.
 */
export type PhoneKind = 'mobile' | 'landline';

export interface ParsedPhone {
  /** 400/800 service numbers are not tied to a place but are dialled like landlines. */
  kind: PhoneKind;
  /** Mobile: 11 digits. Landline: `0AA-NNNNNNNN[-ext]`. 400/800 service: `400-NNN-NNNN`. */
  canonical: string;
  /** Area code with its leading 0, or 400/800; null for mobiles. */
  prefix: string | null;
  /** The digits after the prefix (all 11 for a mobile). */
  subscriber: string;
  extension: string | null;
}

const MOBILE = /^1[3-9]\d{9}$/;
const SERVICE = /^([48]00)(\d{3})(\d{4})$/;
const AREA = '010|02\\d|0[3-9]\\d{2}';
// Area code bare, hyphenated or in brackets; the local number whole or split 3-4 / 4-4; an
// optional extension after a hyphen.
const LANDLINE = new RegExp(`^(?:\\((${AREA})\\)-?|(${AREA})-?)(\\d{7,8}|\\d{3,4}-\\d{4})(?:-(\\d{1,6}))?$`);

/** Full-width digits and brackets folded (NFKC), whitespace dropped, dash variants as '-'; hyphens kept (they mark the extension). */
function tidy(input: string): string {
  return normalizeNumber(input)
    .replace(/\s+/g, '')
    .replace(/[‐‑–—]/g, '-');
}

export function parsePhone(input: string): ParsedPhone | null {
  const tidied = tidy(input);
  // Mobiles and service numbers carry no extension, so every separator can go.
  const digits = tidied.replace(/[-()]/g, '').replace(/^(?:\+86|0086)/, '');
  if (MOBILE.test(digits)) return { kind: 'mobile', canonical: digits, prefix: null, subscriber: digits, extension: null };
  const service = SERVICE.exec(tidied.replace(/[-()]/g, ''));
  if (service) {
    const [prefix, mid, last] = [service[1]!, service[2]!, service[3]!];
    return { kind: 'landline', canonical: `${prefix}-${mid}-${last}`, prefix, subscriber: mid + last, extension: null };
  }

  const m = LANDLINE.exec(tidied);
  if (!m) return null;
  const area = m[1] ?? m[2]!;
  const subscriber = m[3]!.replace('-', '');
  const extension = m[4] ?? null;
  const canonical = extension ? `${area}-${subscriber}-${extension}` : `${area}-${subscriber}`;
  return { kind: 'landline', canonical, prefix: area, subscriber, extension };
}

export function phoneKind(input: string): PhoneKind | null {
  return parsePhone(input)?.kind ?? null;
}

/** Canonical form (see `ParsedPhone.canonical`), or null when the input is not a phone number. */
export function normalizePhone(input: string): string | null {
  return parsePhone(input)?.canonical ?? null;
}
