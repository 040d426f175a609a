import { z } from 'zod';

/** building.list: all the actor may see, or one station's. */
export const listBuildingsInput = z.object({ stationId: z.uuid().optional() }).strict().optional();
export type ListBuildingsInput = z.infer<typeof listBuildingsInput>;
export const buildingOutput = z.object({
  id: z.uuid(),
  name: z.string(),
  nameEn: z.string().nullable(),
  address: z.string().nullable(),
  floors: z.number().int().nullable(),
  stationId: z.uuid(),
  stationName: z.string(),
  stationNameEn: z.string().nullable(),
});
export type BuildingView = z.infer<typeof buildingOutput>;
export const listBuildingsOutput = z.array(buildingOutput);
