import { z } from 'zod';

/** station.list */
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
});
export type StationView = z.infer<typeof stationOutput>;
export const listStationsOutput = z.array(stationOutput);
