import { badRequest, finishedStatuses, forbidden, riskSettingsIssues, type RiskSettings } from '@stationdesk/core';
import { repo } from '@stationdesk/db';
import type { TenantContext } from '../context.ts';
import { loadRiskSettings, rescoreDispute } from './risk.ts';
import type { UpdateDisputeSettingsInput } from './settings.schema.ts';

export async function getDisputeSettings(ctx: TenantContext): Promise<{ risk: RiskSettings }> {
  if (ctx.actor.role === 'enterprise_admin') throw forbidden('errors.roleNotAllowed');
  return { risk: await loadRiskSettings(ctx.trx) };
}

/**
 * A manager sets the risk points and thresholds; every open dispute is scored again at once, so
 * a lowered threshold raises its warnings now rather than at the case's next change.
 */
export async function updateDisputeSettings(ctx: TenantContext, input: UpdateDisputeSettingsInput): Promise<{ rescored: number }> {
  if (ctx.actor.role !== 'manager') throw forbidden('errors.roleNotAllowed');
  const issues = riskSettingsIssues(input.risk);
  if (issues.length) throw badRequest(issues[0]!.key, { field: issues[0]!.path });
  const before = await loadRiskSettings(ctx.trx);
  await ctx.trx
    .insertInto('dispute_settings')
    .values({ tenant_id: ctx.tenantId, risk: JSON.stringify(input.risk), updated_at: new Date(), updated_by: ctx.actor.userId })
    .onConflict((oc) => oc.column('tenant_id').doUpdateSet({ risk: JSON.stringify(input.risk), updated_at: new Date(), updated_by: ctx.actor.userId }))
    .execute();
  await repo.recordAudit(ctx.trx, {
    tenantId: ctx.tenantId,
    actorUserId: ctx.actor.userId,
    action: 'dispute.settingsChanged',
    subjectType: 'tenant',
    subjectId: ctx.tenantId,
    data: { before, after: input.risk },
    ip: ctx.actor.ip,
  });
  const open = await ctx.trx.selectFrom('work_items').select('id').where('kind', '=', 'dispute').where('status', 'not in', finishedStatuses).execute();
  for (const i of open) await rescoreDispute(ctx, i.id, 'settings_changed');
  return { rescored: open.length };
}
