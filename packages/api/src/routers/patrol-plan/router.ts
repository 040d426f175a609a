import {
  createPatrolPlan,
  createPatrolPlanInput,
  createPatrolPlanOutput,
  listPatrolPlans,
  listPatrolPlansInput,
  listPatrolPlansOutput,
  patrolPlanOptions,
  patrolPlanOptionsOutput,
  runOnce,
  updatePatrolPlan,
  updatePatrolPlanInput,
  updatePatrolPlanOutput,
} from '@stationdesk/services';
import { managerProcedure, router } from '../../trpc.ts';

/** 巡查计划: the managers' plans of patrol rounds (issue 19). */
export const patrolPlanRouter = router({
  list: managerProcedure.input(listPatrolPlansInput).output(listPatrolPlansOutput).query(({ ctx, input }) => listPatrolPlans(ctx.tenant, input)),
  options: managerProcedure.output(patrolPlanOptionsOutput).query(({ ctx }) => patrolPlanOptions(ctx.tenant)),
  create: managerProcedure
    .input(createPatrolPlanInput)
    .output(createPatrolPlanOutput)
    .mutation(({ ctx, input: { idempotencyKey, ...input } }) => runOnce(ctx.tenant, 'patrolPlan.create', idempotencyKey, input, () => createPatrolPlan(ctx.tenant, input))),
  update: managerProcedure.input(updatePatrolPlanInput).output(updatePatrolPlanOutput).mutation(({ ctx, input }) => updatePatrolPlan(ctx.tenant, input)),
});
