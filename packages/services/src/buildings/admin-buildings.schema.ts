import { z } from 'zod';
import { openItemsOnMove, workItemKinds } from '@stationdesk/core';
import { idempotencyKey, line } from '../schema.ts';
import { buildingOutput } from './list-buildings.schema.ts';

const buildingFields = {
  name: line(100, { min: 1 }),
  nameEn: line(100, { min: 1 }).nullable(),
  address: line(200, { min: 1 }).nullable(),
  /**
   * The floors in order, bottom up, as typed ("B1", "1", "12A"): each reads as the patrol's label
   * where it names a floor; core's checkFloorList says what is wrong (empty, over 8 characters,
   * twice, over 200). An empty list: floors not recorded.
   */
  floors: z.array(line(20)).max(300),
};

/** building.create (managers). */
export const createBuildingInput = z.object({ stationId: z.uuid(), ...buildingFields, idempotencyKey: idempotencyKey.optional() }).strict();
export type CreateBuildingInput = z.infer<typeof createBuildingInput>;
export const createBuildingOutput = z.object({ id: z.uuid() });

/** building.update (managers): names, address, floors — the station changes by building.move. */
export const updateBuildingInput = z.object({ id: z.uuid(), version: z.number().int().min(1), ...buildingFields }).strict();
export type UpdateBuildingInput = z.infer<typeof updateBuildingInput>;

/** building.get (managers). */
export const getBuildingInput = z.object({ id: z.uuid() }).strict();
export type GetBuildingInput = z.infer<typeof getBuildingInput>;

/** building.movePreview (managers): what a move to that station would do, for the confirmation. */
export const movePreviewInput = z.object({ id: z.uuid(), stationId: z.uuid() }).strict();
export type MovePreviewInput = z.infer<typeof movePreviewInput>;
export const movePreviewOutput = z.object({
  fromStation: z.object({ id: z.uuid(), name: z.string(), nameEn: z.string().nullable() }),
  toStation: z.object({ id: z.uuid(), name: z.string(), nameEn: z.string().nullable() }),
  /** Enterprises in the building: their new items go to the new station from the move on. */
  enterprises: z.number().int(),
  /** The building's open items at the old station, by kind. */
  openItems: z.number().int(),
  openByKind: z.record(z.enum(workItemKinds), z.number().int()),
  /** Of them, handled by someone who does not work at the new station (to reassign if they move). */
  handledElsewhere: z.number().int(),
});
export type MovePreview = z.infer<typeof movePreviewOutput>;

/** building.move (managers): to another station of the tenant; the open items stay or go along, as chosen. */
export const moveBuildingInput = z.object({ id: z.uuid(), version: z.number().int().min(1), stationId: z.uuid(), openItems: z.enum(openItemsOnMove) }).strict();
export type MoveBuildingInput = z.infer<typeof moveBuildingInput>;
export const moveBuildingOutput = z.object({ building: buildingOutput, enterprisesMoved: z.number().int(), itemsMoved: z.number().int(), itemsStaying: z.number().int() });
export type MoveBuildingOutput = z.infer<typeof moveBuildingOutput>;
