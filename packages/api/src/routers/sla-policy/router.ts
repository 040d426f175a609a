import { listPolicies, listPoliciesOutput, updatePolicy, updatePolicyInput, updatePolicyOutput } from '@stationdesk/services';
import { managerProcedure, router, staffProcedure } from '../../trpc.ts';

/** The SLA policy of every kind and priority: staff read them, managers change them. */
export const slaPolicyRouter = router({
  list: staffProcedure.output(listPoliciesOutput).query(({ ctx }) => listPolicies(ctx.tenant)),
  update: managerProcedure.input(updatePolicyInput).output(updatePolicyOutput).mutation(({ ctx, input }) => updatePolicy(ctx.tenant, input)),
});
