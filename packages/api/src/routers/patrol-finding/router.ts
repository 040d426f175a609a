import {
  convertFindingToDispute,
  convertFindingToDisputeInput,
  convertFindingToDisputeOutput,
  createPatrolCategory,
  createPatrolCategoryInput,
  createPatrolFinding,
  createPatrolFindingInput,
  createPatrolFindingOutput,
  getPatrolFinding,
  getPatrolFindingInput,
  getPatrolFindingOutput,
  listPatrolCategories,
  listPatrolCategoriesOutput,
  listPatrolFindings,
  listPatrolFindingsInput,
  listPatrolFindingsOutput,
  patrolCategoryOutput,
  patrolPlaces,
  patrolPlacesOutput,
  runOnce,
  suggestEnterprises,
  suggestEnterprisesInput,
  suggestEnterprisesOutput,
  updatePatrolCategory,
  updatePatrolCategoryInput,
  verifyPatrolFinding,
  verifyPatrolFindingInput,
  verifyPatrolFindingOutput,
} from '@stationdesk/services';
import { managerProcedure, router, staffProcedure } from '../../trpc.ts';

export const patrolFindingRouter = router({
  create: staffProcedure
    .input(createPatrolFindingInput)
    .output(createPatrolFindingOutput)
    .mutation(({ ctx, input: { idempotencyKey, ...input } }) => runOnce(ctx.tenant, 'patrolFinding.create', idempotencyKey, input, () => createPatrolFinding(ctx.tenant, input))),
  get: staffProcedure.input(getPatrolFindingInput).output(getPatrolFindingOutput).query(({ ctx, input }) => getPatrolFinding(ctx.tenant, input)),
  list: staffProcedure.input(listPatrolFindingsInput).output(listPatrolFindingsOutput).query(({ ctx, input }) => listPatrolFindings(ctx.tenant, input)),
  verify: staffProcedure.input(verifyPatrolFindingInput).output(verifyPatrolFindingOutput).mutation(({ ctx, input }) => verifyPatrolFinding(ctx.tenant, input)),
  convertToDispute: staffProcedure.input(convertFindingToDisputeInput).output(convertFindingToDisputeOutput).mutation(({ ctx, input }) => convertFindingToDispute(ctx.tenant, input)),
  suggestEnterprises: staffProcedure.input(suggestEnterprisesInput).output(suggestEnterprisesOutput).query(({ ctx, input }) => suggestEnterprises(ctx.tenant, input)),
  places: staffProcedure.output(patrolPlacesOutput).query(({ ctx }) => patrolPlaces(ctx.tenant)),
});

export const patrolCategoryRouter = router({
  list: staffProcedure.output(listPatrolCategoriesOutput).query(({ ctx }) => listPatrolCategories(ctx.tenant)),
  update: managerProcedure.input(updatePatrolCategoryInput).output(patrolCategoryOutput).mutation(({ ctx, input }) => updatePatrolCategory(ctx.tenant, input)),
  create: managerProcedure.input(createPatrolCategoryInput).output(patrolCategoryOutput).mutation(({ ctx, input }) => createPatrolCategory(ctx.tenant, input)),
});
