/**
 * Masking for dispute parties' personal data (个人信息保护法: show only what the role needs).
 * Every function takes null and returns null so it can be applied to optional columns directly.
 */
import { normalizeCode } from '../text/normalize.ts';
import { parsePhone } from './phone.ts';

const stars = (n: number) => '*'.repeat(Math.max(0, n));

/**
 * Keeps the first character and stars the rest: 张三丰 → 张**, 张三 → 张*, a single character →
 * `*`. Compound surnames are not special-cased (欧阳娜娜 → 欧***). Spaces and the middle dot of
 * transliterated names (买买提·艾力) are kept so the shape stays readable.
 */
export function maskName(name: string | null): string | null {
  if (name === null) return null;
  const chars = Array.from(name.trim()); // code points, so rare characters outside the BMP count once
  if (chars.length <= 1) return stars(chars.length);
  return chars.map((c, i) => (i === 0 || /[\s·•]/.test(c) ? c : '*')).join('');
}

/** Organisations are not personal data, so only people's names are masked. */
export function maskPartyName(name: string | null, kind: 'person' | 'organisation'): string | null {
  return kind === 'organisation' ? name : maskName(name);
}

/** Keeps the first `head` and last `tail` characters when the value is long enough, else stars it all. */
function keepEnds(value: string, head: number, tail: number): string {
  if (value.length <= head + tail) return stars(value.length);
  return value.slice(0, head) + stars(value.length - head - tail) + value.slice(-tail);
}

/**
 * Mobile 13812341234 → 138****1234. Landline 021-12345678 → 021-****5678: the area code and the
 * last four digits stay, an extension is starred too. Input that is not a phone number keeps
 * only its last four characters (nothing when shorter than 8), so junk data never leaks whole.
 */
export function maskPhone(phone: string | null): string | null {
  if (phone === null) return null;
  const parsed = parsePhone(phone);
  if (!parsed) {
    const raw = phone.trim();
    return raw.length >= 8 ? keepEnds(raw, 0, 4) : stars(raw.length);
  }
  const { prefix, subscriber, extension } = parsed;
  if (prefix === null) return keepEnds(subscriber, 3, 4);
  // 400/800 numbers keep their usual 3-3-4 grouping.
  if (!prefix.startsWith('0')) return `${prefix}-${stars(3)}-${subscriber.slice(-4)}`;
  const masked = `${prefix}-${keepEnds(subscriber, 0, 4)}`;
  return extension ? `${masked}-${stars(extension.length)}` : masked;
}

/** 310101199001011234 → 3101**********1234 (first four, last four). */
export function maskIdNumber(id: string | null): string | null {
  if (id === null) return null;
  return keepEnds(normalizeCode(id), 4, 4);
}
