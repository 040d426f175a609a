import type { RouterOutputs } from '@stationdesk/api';
import { kpiMetrics, kpiPeriodPresets, presetPeriod, workItemKinds, type KpiMetric, type KpiPeriodPreset, type WorkItemKind } from '@stationdesk/core';

// The shapes the KPI pages render: the procedures' answers (RouterOutputs), types only.
export type KpiSummary = RouterOutputs['kpi']['summary'];
export type KpiFigures = KpiSummary['figures'];
export type KpiFigure = KpiFigures[KpiMetric];
export type KpiTrend = RouterOutputs['kpi']['trend'];
export type KpiStationRows = RouterOutputs['kpi']['byStation']['rows'];
export type KpiStaffRows = RouterOutputs['kpi']['byStaff']['rows'];
export type KpiDurations = RouterOutputs['kpi']['durations'];
export type KpiDrillPage = RouterOutputs['kpi']['drill'];

/** The station and staff tables' columns: the four rates, the handler's own verdict right beside resolution. */
export const kpiTableMetrics = ['firstContact', 'resolution', 'resolutionDeclared', 'onTime', 'satisfaction'] as const satisfies readonly KpiMetric[];

export const kpiDrillPageSize = 50;

/** The dashboard's filters as the URL holds them ('' = not set). */
export interface KpiFilters {
  from: string;
  to: string;
  stationId: string;
  kind: '' | WorkItemKind;
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const day = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

function oneOf<T extends string>(choices: readonly T[], v: string): '' | T {
  return (choices as readonly string[]).includes(v) ? (v as T) : '';
}

/**
 * The period and filters of the URL: `from`/`to` (a custom period) win, then a named `period`
 * (this month, last month, this quarter, this year — so a bookmark moves with the calendar), else
 * this year, the period the subdistrict reports. Anything malformed is dropped rather than refused.
 */
export function readKpiFilters(sp: URLSearchParams, today: string): KpiFilters {
  const get = (k: string) => (sp.get(k) ?? '').trim();
  const preset = oneOf(kpiPeriodPresets, get('period')) || 'thisYear';
  const named = presetPeriod(preset, today);
  const custom = day.test(get('from')) && day.test(get('to'));
  return {
    from: custom ? get('from') : named.from,
    to: custom ? get('to') : named.to,
    stationId: uuid.test(get('stationId')) ? get('stationId') : '',
    kind: oneOf(workItemKinds, get('kind')),
  };
}

/** A KPI procedure's input for these filters (only what is set). */
export function toKpiInput(f: KpiFilters) {
  return { from: f.from, to: f.to, ...(f.stationId ? { stationId: f.stationId } : {}), ...(f.kind ? { kind: f.kind } : {}) };
}

/** The query string of these filters, plus extras (a preset instead of dates, a metric, a cursor). */
export function kpiQuery(f: Partial<KpiFilters>, extra: Record<string, string> = {}): string {
  const sp = new URLSearchParams();
  for (const k of ['from', 'to', 'stationId', 'kind'] as const) if (f[k]) sp.set(k, f[k]);
  for (const [k, v] of Object.entries(extra)) sp.set(k, v);
  const s = sp.toString();
  return s ? `?${s}` : '';
}

/** The link of a named period, keeping the station and kind. */
export function presetHref(preset: KpiPeriodPreset, f: KpiFilters): string {
  return `/kpis${kpiQuery({ stationId: f.stationId, kind: f.kind }, { period: preset })}`;
}

export type KpiPart = 'numerator' | 'denominator';

/**
 * Whose numbers a drill-down lists: everyone's (undefined), one handler's (kpi.byStaff's rows, for
 * managers) or the items nobody holds (null, 'none' in the URL).
 */
export type KpiStaffScope = string | null | undefined;

/** The drill-down of one number: the exact items behind it, for these filters (and handler). */
export function drillHref(f: KpiFilters, metric: KpiMetric, part: KpiPart, staffId?: KpiStaffScope): string {
  return `/kpis/drill${kpiQuery(f, { metric, part, ...staffParam(staffId) })}`;
}

export const staffParam = (staffId: KpiStaffScope): Record<string, string> => (staffId === undefined ? {} : { staffId: staffId ?? 'none' });

/** The metric, part and handler of a drill-down URL, or null when the metric or part is not one there is. */
export function readDrillTarget(sp: URLSearchParams): { metric: KpiMetric; part: KpiPart; staffId: KpiStaffScope } | null {
  const metric = oneOf(kpiMetrics, sp.get('metric') ?? '');
  const part = oneOf(['numerator', 'denominator'] as const, sp.get('part') ?? '');
  const staff = (sp.get('staffId') ?? '').trim();
  const staffId = staff === 'none' ? null : uuid.test(staff) ? staff : undefined;
  return metric && part ? { metric, part, staffId } : null;
}

/** Satisfaction and returns list history lines (a rating, a return), not items: an item rated twice is listed twice. */
export const listsLines = (metric: KpiMetric, part: KpiPart) => metric.startsWith('satisfaction') || (metric === 'returned' && part === 'numerator');
