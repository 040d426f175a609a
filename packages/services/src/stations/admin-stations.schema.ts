import { z } from 'zod';
import { idempotencyKey, line } from '../schema.ts';
import { stationOutput } from './list-stations.schema.ts';

const stationFields = {
  /** Short code people and exports use (S1, HQ-01): letters, digits, - and _. */
  code: z.string().trim().regex(/^[A-Za-z0-9_-]{1,20}$/),
  name: line(100, { min: 1 }),
  nameEn: line(100, { min: 1 }).nullable(),
  address: line(200, { min: 1 }).nullable(),
  phone: line(40, { min: 1 }).nullable(),
};

/** station.create (managers). */
export const createStationInput = z.object({ ...stationFields, idempotencyKey: idempotencyKey.optional() }).strict();
export type CreateStationInput = z.infer<typeof createStationInput>;
export const createStationOutput = z.object({ id: z.uuid() });

/** station.update (managers): the whole form, with the version it was read at. */
export const updateStationInput = z.object({ id: z.uuid(), version: z.number().int().min(1), ...stationFields }).strict();
export type UpdateStationInput = z.infer<typeof updateStationInput>;

/** station.deactivate / station.reactivate (managers). */
export const setStationActiveInput = z.object({ id: z.uuid(), version: z.number().int().min(1) }).strict();
export type SetStationActiveInput = z.infer<typeof setStationActiveInput>;

export const stationOpenCountsOutput = z.object({
  consultation: z.number().int(),
  agency: z.number().int(),
  dispute: z.number().int(),
  patrol: z.number().int(),
  rounds: z.number().int(),
  shifts: z.number().int(),
  activities: z.number().int(),
  buildings: z.number().int(),
});

/** station.get (managers): one station, with what it still has open (deactivation waits for none). */
export const getStationInput = z.object({ id: z.uuid() }).strict();
export type GetStationInput = z.infer<typeof getStationInput>;
export const getStationOutput = stationOutput.extend({ deactivatedAt: z.string().nullable(), open: stationOpenCountsOutput });
export type StationDetail = z.infer<typeof getStationOutput>;

export const stationAdminOutput = stationOutput;
