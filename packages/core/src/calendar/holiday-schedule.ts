/**
 * Importer for the official public-holiday schedule (国务院办公厅 放假安排, one notice per year),
 * stored as shared/data/cn-public-holidays.json. Validated by hand because core has no zod.
 */
import { addDays, isRealDate } from './time-zone.ts';

export interface HolidayScheduleFile {
  about?: string;
  years: Record<string, { off: { name: string; from: string; to: string }[]; workdays: string[] }>;
}

export interface HolidayScheduleYear {
  year: number;
  holidays: { date: string; name: string }[];
  makeupWorkdays: string[];
}

export type HolidayScheduleResult = { ok: true; years: HolidayScheduleYear[] } | { ok: false; errors: string[] };

const SHAPE = 'errors.calendar.importShape';
const DATE = 'errors.calendar.importDate';
const RANGE = 'errors.calendar.importRange';
const DUPLICATE = 'errors.calendar.importDuplicate';
const OVERLAP = 'errors.calendar.importOverlap';
const YEAR_MISSING = 'errors.calendar.importYearMissing';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Expands every off range (inclusive) into single dates and checks that each date is real and in
 * its year, ranges run forwards, no date is listed twice and none is both off and a workday.
 * The whole file is checked even when `year` picks one year out of it. Errors are locale keys,
 * each listed once.
 */
export function parseHolidaySchedule(input: unknown, year?: number): HolidayScheduleResult {
  if (!isRecord(input) || !isRecord(input.years) || (input.about !== undefined && typeof input.about !== 'string')) {
    return { ok: false, errors: [SHAPE] };
  }
  const errors = new Set<string>();
  const years: HolidayScheduleYear[] = [];
  for (const [key, entry] of Object.entries(input.years)) {
    if (!/^\d{4}$/.test(key) || !isRecord(entry) || !Array.isArray(entry.off) || !Array.isArray(entry.workdays)) {
      errors.add(SHAPE);
      continue;
    }
    const inYear = (d: string) => isRealDate(d) && d.startsWith(`${key}-`);

    const off = new Map<string, string>();
    for (const item of entry.off as unknown[]) {
      if (!isRecord(item) || typeof item.name !== 'string' || !item.name.trim() || typeof item.from !== 'string' || typeof item.to !== 'string') {
        errors.add(SHAPE);
      } else if (!inYear(item.from) || !inYear(item.to)) {
        errors.add(DATE);
      } else if (item.from > item.to) {
        errors.add(RANGE);
      } else {
        for (let d = item.from; d <= item.to; d = addDays(d, 1)) {
          if (off.has(d)) errors.add(DUPLICATE);
          else off.set(d, item.name.trim());
        }
      }
    }

    const workdays = new Set<string>();
    for (const d of entry.workdays as unknown[]) {
      if (typeof d !== 'string') errors.add(SHAPE);
      else if (!inYear(d)) errors.add(DATE);
      else if (off.has(d)) errors.add(OVERLAP);
      else if (workdays.has(d)) errors.add(DUPLICATE);
      else workdays.add(d);
    }

    years.push({
      year: Number(key),
      holidays: [...off].sort(([a], [b]) => (a < b ? -1 : 1)).map(([date, name]) => ({ date, name })),
      makeupWorkdays: [...workdays].sort(),
    });
  }
  if (years.length === 0) errors.add(SHAPE);
  if (errors.size > 0) return { ok: false, errors: [...errors] };

  years.sort((a, b) => a.year - b.year);
  if (year === undefined) return { ok: true, years };
  const picked = years.find((y) => y.year === year);
  return picked ? { ok: true, years: [picked] } : { ok: false, errors: [YEAR_MISSING] };
}
