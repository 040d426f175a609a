import type { RouterOutputs } from '@stationdesk/api';
import { countChange } from '@stationdesk/core';
import { formatPointChange } from './format.ts';

// The shape the year report page renders: the procedure's answer (RouterOutputs), types only.
export type YearReport = RouterOutputs['report']['year'];
export type YearPair = YearReport['patrol']['total'];

/** The year report's choices as the URL holds them ('' = every station the reader sees). */
export interface YearFilters {
  year: number;
  stationId: string;
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `year` (four digits) and `stationId` of the URL; this year when none or a malformed one is given. */
export function readYearFilters(sp: URLSearchParams, today: string): YearFilters {
  const year = (sp.get('year') ?? '').trim();
  const stationId = (sp.get('stationId') ?? '').trim();
  return { year: /^\d{4}$/.test(year) ? Number(year) : Number(today.slice(0, 4)), stationId: uuid.test(stationId) ? stationId : '' };
}

/** report.year's input for these choices (only what is set). */
export function toYearInput(f: YearFilters) {
  return { year: f.year, ...(f.stationId ? { stationId: f.stationId } : {}) };
}

/** 同比 of a count as a signed percentage ('+12.5', '−3'), null when there was nothing the year before. */
export function formatCountChange(pair: YearPair, lang: string): { sign: string; value: string } | null {
  const change = countChange(pair.current, pair.previous);
  return change === null ? null : formatPointChange(change, lang);
}
