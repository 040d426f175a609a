import { z } from 'zod';

/** building.list: all the actor may see, or one station's. */
export const listBuildingsInput = z.object({ stationId: z.uuid().optional() }).strict().optional();
export type ListBuildingsInput = z.infer<typeof listBuildingsInput>;
export const buildingOutput = z.object({
  id: z.uuid(),
  name: z.string(),
  nameEn: z.string().nullable(),
  address: z.string().nullable(),
  /** Floors above ground (every label but the basements). */
  floors: z.number().int().nullable(),
  /** The floors in order, bottom up (B2, B1, 1F … 12F, 12A, 15F); null when not recorded. */
  floorLabels: z.array(z.string()).nullable(),
  stationId: z.uuid(),
  stationName: z.string(),
  stationNameEn: z.string().nullable(),
  stationActive: z.boolean(),
  /** Sent back by the edit and move forms; a stale one is refused. */
  version: z.number().int(),
});
export type BuildingView = z.infer<typeof buildingOutput>;
export const listBuildingsOutput = z.array(buildingOutput);
