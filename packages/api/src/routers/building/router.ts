import {
  buildingOutput,
  createBuilding,
  createBuildingInput,
  createBuildingOutput,
  getBuilding,
  getBuildingInput,
  listBuildings,
  listBuildingsInput,
  listBuildingsOutput,
  moveBuilding,
  moveBuildingInput,
  moveBuildingOutput,
  movePreviewInput,
  movePreviewOutput,
  previewBuildingMove,
  runOnce,
  updateBuilding,
  updateBuildingInput,
} from '@stationdesk/services';
import { managerProcedure, permissionProcedure, router } from '../../trpc.ts';

/** Buildings: the directory and, for managers, their upkeep and moves between stations (issue 21). */
export const buildingRouter = router({
  list: permissionProcedure('building:read').input(listBuildingsInput).output(listBuildingsOutput).query(({ ctx, input }) => listBuildings(ctx.tenant, input)),
  get: managerProcedure.input(getBuildingInput).output(buildingOutput).query(({ ctx, input }) => getBuilding(ctx.tenant, input)),
  create: managerProcedure
    .input(createBuildingInput)
    .output(createBuildingOutput)
    .mutation(({ ctx, input: { idempotencyKey, ...input } }) => runOnce(ctx.tenant, 'building.create', idempotencyKey, input, () => createBuilding(ctx.tenant, input))),
  update: managerProcedure.input(updateBuildingInput).output(buildingOutput).mutation(({ ctx, input }) => updateBuilding(ctx.tenant, input)),
  movePreview: managerProcedure.input(movePreviewInput).output(movePreviewOutput).query(({ ctx, input }) => previewBuildingMove(ctx.tenant, input)),
  move: managerProcedure.input(moveBuildingInput).output(moveBuildingOutput).mutation(({ ctx, input }) => moveBuilding(ctx.tenant, input)),
});
