/**
 * Human work-item numbers: `ZX-2026-000123` — kind prefix, year, 6-digit sequence per kind and
 * year. Sequences come from a database counter, so a bad one is a programming error (RangeError).
 */
export const workItemKinds = ['consultation', 'agency', 'dispute', 'patrol'] as const;
export type WorkItemKind = (typeof workItemKinds)[number];

export const workItemPrefixes = {
  consultation: 'ZX', // 咨询
  agency: 'DB', // 代办
  dispute: 'TJ', // 调解
  patrol: 'XC', // 巡查
} as const satisfies Record<WorkItemKind, string>;

const MAX_SEQ = 999_999;
const PATTERN = /^(ZX|DB|TJ|XC)-(\d{4})-(\d{6})$/;

export function formatWorkItemNumber(kind: WorkItemKind, year: number, seq: number): string {
  const prefix = Object.hasOwn(workItemPrefixes, kind) ? workItemPrefixes[kind] : undefined;
  if (!prefix) throw new RangeError(`unknown work-item kind: ${String(kind)}`);
  if (!Number.isInteger(year) || year < 1000 || year > 9999) throw new RangeError(`year must be 4 digits: ${year}`);
  if (!Number.isInteger(seq) || seq < 1 || seq > MAX_SEQ) throw new RangeError(`seq must be 1..${MAX_SEQ}: ${seq}`);
  return `${prefix}-${year}-${String(seq).padStart(6, '0')}`;
}

export interface ParsedWorkItemNumber {
  kind: WorkItemKind;
  year: number;
  seq: number;
}

/** Reads what people type into search (surrounding spaces, lower case); null if it is not a number. */
export function parseWorkItemNumber(s: string): ParsedWorkItemNumber | null {
  const m = PATTERN.exec(s.trim().toUpperCase());
  if (!m) return null;
  const kind = workItemKinds.find((k) => workItemPrefixes[k] === m[1])!;
  const year = Number(m[2]);
  const seq = Number(m[3]);
  if (year < 1000 || seq < 1) return null;
  return { kind, year, seq };
}
