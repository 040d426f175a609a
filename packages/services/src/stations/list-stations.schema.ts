import { z } from 'zod';

/** station.list: the active stations (the pickers); with includeInactive the deactivated ones too (the /stations page, reports). */
export const listStationsInput = z.object({ includeInactive: z.boolean().optional() }).strict().optional();
export type ListStationsInput = z.infer<typeof listStationsInput>;

export const stationOutput = z.object({
  id: z.uuid(),
  code: z.string(),
  name: z.string(),
  nameEn: z.string().nullable(),
  address: z.string().nullable(),
  phone: z.string().nullable(),
  buildingCount: z.number().int(),
  /** One of the actor's own stations (staff see every station, to return an item to the right one). */
  inScope: z.boolean(),
  /** Deactivated stations are listed only when asked for (issue 21). */
  active: z.boolean(),
  /** Sent back by an edit form; a stale one is refused. */
  version: z.number().int(),
});
export type StationView = z.infer<typeof stationOutput>;
export const listStationsOutput = z.array(stationOutput);
