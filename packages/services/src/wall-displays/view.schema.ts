import { headlineMetrics } from '@stationdesk/core';
import { z } from 'zod';
import { kpiFigureOutput } from '../kpi/figures.schema.ts';
import { kpiTargetsShape } from '../kpi/targets.schema.ts';
import { wallTokenPattern } from './links.ts';

/** /wall/<token>: the link's token, as the screen's URL holds it. */
export const viewWallDisplayInput = z.object({ token: z.string().regex(wallTokenPattern) }).strict();
export type ViewWallDisplayInput = z.infer<typeof viewWallDisplayInput>;

/** The four rates the subdistrict reports, each with its numerator and denominator. */
const headlineFigures = z.object(Object.fromEntries(headlineMetrics.map((m) => [m, kpiFigureOutput])) as Record<(typeof headlineMetrics)[number], typeof kpiFigureOutput>);
const localName = { name: z.string(), nameEn: z.string().nullable() };

/**
 * What a wall display shows — counts, rates and the names of the tenant and its stations, nothing
 * about a person, an enterprise or a party. Keys not listed here are stripped when the answer is
 * checked, so nothing else can reach the screen.
 */
export const viewWallDisplayOutput = z.object({
  /** The link's own name (a manager's label for the screen). */
  name: z.string(),
  tenant: z.object(localName),
  /** null: the whole subdistrict. */
  station: z.object(localName).nullable(),
  timezone: z.string(),
  /** When these figures were read (they are kept a few seconds for every screen of the same scope). */
  asOf: z.string(),
  /** Local date in the tenant's zone. */
  today: z.string(),
  month: z.object({ from: z.string(), to: z.string() }),
  figures: headlineFigures,
  /** 同比: the same month a year before. */
  yearBefore: headlineFigures,
  /** 环比: the month before. */
  periodBefore: headlineFigures,
  targets: kpiTargetsShape,
  /** Items received today and resolved today. */
  todayCounts: z.object({ received: z.number().int(), resolved: z.number().int() }),
  /** Open and overdue items now, per station of the scope. */
  stations: z.array(z.object({ ...localName, open: z.number().int(), overdue: z.number().int() })),
  /** The four rates of the last twelve months, this one last. */
  trend: z.array(z.object({ month: z.string(), figures: headlineFigures })),
});
export type ViewWallDisplayOutput = z.infer<typeof viewWallDisplayOutput>;
