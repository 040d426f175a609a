import { REPORT_FIRST_YEAR, workItemKinds } from '@stationdesk/core';
import { z } from 'zod';
import { kpiFigureOutput, kpiFiguresOutput } from '../kpi/figures.schema.ts';
import { partyFiguresOutput } from '../party/stats.schema.ts';

/** report.year: a calendar year in the tenant's time zone, at one station or every one the reader sees. */
export const yearReportInput = z
  .object({
    year: z.number().int().min(REPORT_FIRST_YEAR).max(9999),
    stationId: z.uuid().optional(),
  })
  .strict();
export type YearReportInput = z.infer<typeof yearReportInput>;

/** A count in the report year and in the same dates a year before (同比). */
const yearPair = z.object({ current: z.number().int(), previous: z.number().int() });
export type YearPair = z.infer<typeof yearPair>;
const figurePair = z.object({ current: kpiFigureOutput, previous: kpiFigureOutput });

/** Items received, grouped by a value of theirs (null: none recorded). */
const countRow = yearPair.extend({ key: z.string().nullable() });
export type YearCountRow = z.infer<typeof countRow>;

const period = z.object({ from: z.string(), to: z.string() });

export const yearReportOutput = z.object({
  year: z.number().int(),
  tenantName: z.string(),
  tenantNameEn: z.string().nullable(),
  /** The station asked for; null: every station the reader sees. */
  stationId: z.uuid().nullable(),
  /** Local dates: the year, up to today while it is under way. */
  period,
  /** 同比: the same dates a year before. */
  yearBefore: period,
  partial: z.boolean(),
  /** kpi.summary's figures for the period and for the year before: the four rates and the others. */
  rates: z.object({ current: kpiFiguresOutput, previous: kpiFiguresOutput }),
  /** Consultations received (咨询), by category and by the channel they came in on. */
  consultations: z.object({ total: yearPair, byCategory: z.array(countRow), byChannel: z.array(countRow) }),
  /** Agency items received (代办) by case type and department, and their on-time completion (kpi onTime). */
  agency: z.object({
    total: yearPair,
    onTime: figurePair,
    byType: z.array(
      yearPair.extend({
        /** null: an agency item without a case (opened as a plain item). */
        typeId: z.uuid().nullable(),
        name: z.string().nullable(),
        nameEn: z.string().nullable(),
        onTime: figurePair,
      }),
    ),
    byDepartment: z.array(yearPair.extend({ department: z.string().nullable(), onTime: figurePair })),
  }),
  /** Disputes filed (调解), as dispute.counts counts them: by type and by outcome ('pending': none yet). */
  disputes: z.object({ total: yearPair, byType: z.array(countRow), byOutcome: z.array(countRow) }),
  /** Patrol findings (巡查) received, by who found them: staff, the platform's rules, an external system (null: an item without a finding's record). */
  patrol: z.object({ total: yearPair, bySource: z.array(countRow) }),
  /** Party-mass services (党群服务) as party.stats counts them: activities, sign-ups, attendance, duty shifts, batches, members, person-times served. */
  party: z.object({ current: partyFiguresOutput, previous: partyFiguresOutput }),
  /** Per station the reader sees: items received of each kind, and the rates. */
  stations: z.array(
    z.object({
      stationId: z.uuid(),
      stationName: z.string(),
      stationNameEn: z.string().nullable(),
      received: z.object(Object.fromEntries(workItemKinds.map((k) => [k, yearPair])) as Record<(typeof workItemKinds)[number], typeof yearPair>),
      rates: z.object({ current: kpiFiguresOutput, previous: kpiFiguresOutput }),
    }),
  ),
});
export type YearReportOutput = z.infer<typeof yearReportOutput>;
