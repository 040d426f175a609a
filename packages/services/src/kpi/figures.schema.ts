import { isRealDate, kpiMetrics, workItemKinds } from '@stationdesk/core';
import { z } from 'zod';
import { kpiTargetsShape } from './targets.schema.ts';

/** A local date 'YYYY-MM-DD' in the tenant's zone. */
const localDay = z.string().refine(isRealDate, { message: 'YYYY-MM-DD' });

/** The period (both ends inclusive) and filters every KPI procedure takes. */
const periodFields = { from: localDay, to: localDay, stationId: z.uuid().optional(), kind: z.enum(workItemKinds).optional() };

export const kpiSummaryInput = z.object(periodFields).strict();
export type KpiSummaryInput = z.infer<typeof kpiSummaryInput>;
export const kpiTrendInput = kpiSummaryInput;
export type KpiTrendInput = KpiSummaryInput;
/** kpi.byStation: one row per station (the filter is the table). */
export const kpiByStationInput = z.object({ from: localDay, to: localDay, kind: z.enum(workItemKinds).optional() }).strict();
export type KpiByStationInput = z.infer<typeof kpiByStationInput>;
export const kpiByStaffInput = kpiSummaryInput;
export type KpiByStaffInput = KpiSummaryInput;
export const kpiDurationsInput = kpiSummaryInput;
export type KpiDurationsInput = KpiSummaryInput;

export const kpiFigureOutput = z.object({ numerator: z.number().int(), denominator: z.number().int(), rate: z.number().nullable() });
/** Every metric's figure (packages/core/src/kpi: kpiMetrics). */
export const kpiFiguresOutput = z.object(Object.fromEntries(kpiMetrics.map((m) => [m, kpiFigureOutput])) as Record<(typeof kpiMetrics)[number], typeof kpiFigureOutput>);
const periodOutput = z.object({ from: z.string(), to: z.string() });
const comparedOutput = z.object({ period: periodOutput, figures: kpiFiguresOutput });

export const kpiSummaryOutput = z.object({
  period: periodOutput,
  figures: kpiFiguresOutput,
  /** 同比: the same dates a year before. */
  yearBefore: comparedOutput,
  /** 环比: the period just before. */
  periodBefore: comparedOutput,
  /** 整改 still owed now (not marked done, nor resolved again after 重办), and those past their deadline. */
  rectifications: z.object({ open: z.number().int(), overdue: z.number().int() }),
  /** The tenant's targets the rates are coloured against (core's defaults until it sets its own). */
  targets: kpiTargetsShape,
});
export type KpiSummaryOutput = z.infer<typeof kpiSummaryOutput>;

export const kpiTrendOutput = z.object({
  months: z.array(z.object({ month: z.string(), from: z.string(), to: z.string(), figures: kpiFiguresOutput })),
});
export type KpiTrendOutput = z.infer<typeof kpiTrendOutput>;

export const kpiByStationOutput = z.object({
  rows: z.array(z.object({ stationId: z.uuid(), stationName: z.string(), figures: kpiFiguresOutput })),
  targets: kpiTargetsShape,
});
export type KpiByStationOutput = z.infer<typeof kpiByStationOutput>;

export const kpiByStaffOutput = z.object({
  /** staffId null: items without a handler. */
  rows: z.array(z.object({ staffId: z.uuid().nullable(), staffName: z.string().nullable(), figures: kpiFiguresOutput })),
  targets: kpiTargetsShape,
});
export type KpiByStaffOutput = z.infer<typeof kpiByStaffOutput>;

const durationOutput = z.object({ count: z.number().int(), medianHours: z.number().nullable(), p90Hours: z.number().nullable() });
export const kpiDurationsOutput = z.object({
  /** Items whose first-contact window ended in the period and were contacted: receipt → first contact. */
  firstContact: durationOutput,
  /** Items resolved in the period: receipt → resolution, less the paused (waiting) time. */
  resolution: durationOutput,
});
export type KpiDurationsOutput = z.infer<typeof kpiDurationsOutput>;
