import { isRealDate } from '@stationdesk/core';
import { z } from 'zod';

const localDay = z.string().refine(isRealDate, { message: 'YYYY-MM-DD' });

/** knowledge.deflectionRate: the KPI dashboard's period and station filter. */
export const deflectionRateInput = z.object({ from: localDay, to: localDay, stationId: z.uuid().optional() }).strict();
export type DeflectionRateInput = z.infer<typeof deflectionRateInput>;
/** As every KPI figure: numerator (questions an article answered), denominator (those plus the portal's consultations), rate. */
export const deflectionRateOutput = z.object({ numerator: z.number().int(), denominator: z.number().int(), rate: z.number().nullable() });
export type DeflectionRateOutput = z.infer<typeof deflectionRateOutput>;
