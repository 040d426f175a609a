import { patrolAllowedSteps, patrolStepRefusal, type PatrolFindingFacts, type WorkItemAction, type WorkItemStatus } from '@stationdesk/core';
import type { TenantContext } from '../context.ts';
import type { WorkItemRow } from './access.ts';

/**
 * What core's patrol rules (verification.ts) read of a patrol item: its last 复查 and the "after"
 * photos added since it was last resolved. A patrol item without a finding row (made before
 * findings existed) has neither, so it closes by no verification either.
 */
export async function patrolFacts(ctx: TenantContext, item: WorkItemRow): Promise<PatrolFindingFacts> {
  const finding = await ctx.trx.selectFrom('patrol_findings').select(['verification', 'verified_at']).where('item_id', '=', item.id).executeTakeFirst();
  let after = 0;
  if (item.resolved_at) {
    const row = await ctx.trx
      .selectFrom('patrol_finding_photos')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('item_id', '=', item.id)
      .where('phase', '=', 'after')
      .where('added_at', '>=', item.resolved_at)
      .executeTakeFirstOrThrow();
    after = Number(row.n);
  }
  return {
    status: item.status as WorkItemStatus,
    resolvedAt: item.resolved_at ? new Date(item.resolved_at) : null,
    verification: finding?.verification ?? null,
    verifiedAt: finding?.verified_at ? new Date(finding.verified_at) : null,
    afterPhotosSinceResolved: after,
  };
}

/** Refuses a lifecycle step the patrol rules do not allow now (close before a passed 复查, …). */
export async function assertPatrolStep(ctx: TenantContext, item: WorkItemRow, action: WorkItemAction): Promise<void> {
  if (item.kind !== 'patrol') return;
  const refused = patrolStepRefusal(action, await patrolFacts(ctx, item), ctx.actor.role);
  if (refused) throw refused;
}

/** The actions a page offers on an item, less the steps the patrol rules refuse now. */
export async function patrolItemActions<A extends string>(ctx: TenantContext, item: WorkItemRow, actions: A[]): Promise<A[]> {
  if (item.kind !== 'patrol') return actions;
  return patrolAllowedSteps(actions, await patrolFacts(ctx, item), ctx.actor.role);
}
