import { listPatrolRules, listPatrolRulesOutput, updatePatrolRule, updatePatrolRuleInput, updatePatrolRuleOutput } from '@stationdesk/services';
import { managerProcedure, router } from '../../trpc.ts';

/** Automatic findings (自动发现, issue 19): managers see the rules as they run and set each one. */
export const patrolRuleRouter = router({
  list: managerProcedure.output(listPatrolRulesOutput).query(({ ctx }) => listPatrolRules(ctx.tenant)),
  update: managerProcedure.input(updatePatrolRuleInput).output(updatePatrolRuleOutput).mutation(({ ctx, input }) => updatePatrolRule(ctx.tenant, input)),
});
