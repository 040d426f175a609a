import { jobs, patrolRulesJobId } from '@stationdesk/jobs';
import type { ScopedContext } from '../context.ts';

/** Long enough for a burst of edits (a file saved field by field, an import) to become one run. */
export const RULES_RUN_DELAY_MS = 10_000;

/**
 * The tenant's rules, run again shortly after this transaction commits: a change that may raise or
 * clear an automatic finding (a document renewed, a rule's settings) shows within seconds instead
 * of at the next hourly run. Changes close together share the one run still waiting (same job id).
 */
export function enqueueRulesRun(ctx: ScopedContext, delayMs = RULES_RUN_DELAY_MS): void {
  const { queue, afterCommit, tenantId } = ctx;
  if (!queue || !afterCommit) return;
  afterCommit(() => queue.enqueue(jobs.runPatrolRules, { tenantId }, { jobId: patrolRulesJobId(tenantId), delayMs }));
}
