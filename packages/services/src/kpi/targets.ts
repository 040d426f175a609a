import { badRequest, defaultKpiTargets, forbidden, kpiTargetIssues, targetBasisPoints, type KpiTargets } from '@stationdesk/core';
import { repo, type Tx } from '@stationdesk/db';
import type { TenantContext } from '../context.ts';
import type { GetKpiTargetsOutput, UpdateKpiTargetsInput } from './targets.schema.ts';

const fromBasisPoints = (n: number) => n / 10_000;

async function readTargets(trx: Tx): Promise<GetKpiTargetsOutput> {
  const row = await trx.selectFrom('kpi_targets').selectAll().executeTakeFirst();
  if (!row) return { targets: { ...defaultKpiTargets }, custom: false, updatedAt: null };
  return {
    targets: {
      firstContact: fromBasisPoints(row.first_contact),
      resolution: fromBasisPoints(row.resolution),
      onTime: fromBasisPoints(row.on_time),
      satisfaction: fromBasisPoints(row.satisfaction),
      redo: fromBasisPoints(row.redo),
      returned: fromBasisPoints(row.returned),
    },
    custom: true,
    updatedAt: row.updated_at,
  };
}

/**
 * The lines the tenant's figures are coloured against (row-level security: the transaction's
 * tenant's own): its settings, or core's defaults while it has set none.
 */
export async function loadKpiTargets(trx: Tx): Promise<KpiTargets> {
  return (await readTargets(trx)).targets;
}

/** kpiTarget.get: staff see the lines they are held to, managers set them. */
export async function getKpiTargets(ctx: TenantContext): Promise<GetKpiTargetsOutput> {
  if (ctx.actor.role === 'enterprise_admin') throw forbidden('errors.roleNotAllowed');
  return readTargets(ctx.trx);
}

/** kpiTarget.update: a manager sets every target at once; the change is audited with before and after. */
export async function updateKpiTargets(ctx: TenantContext, input: UpdateKpiTargetsInput): Promise<GetKpiTargetsOutput> {
  if (ctx.actor.role !== 'manager') throw forbidden('errors.roleNotAllowed');
  const issue = kpiTargetIssues(input.targets)[0];
  if (issue) throw badRequest(issue.key, { field: issue.path });
  const before = await readTargets(ctx.trx);
  const t = input.targets;
  const values = {
    first_contact: targetBasisPoints(t.firstContact),
    resolution: targetBasisPoints(t.resolution),
    on_time: targetBasisPoints(t.onTime),
    satisfaction: targetBasisPoints(t.satisfaction),
    redo: targetBasisPoints(t.redo),
    returned: targetBasisPoints(t.returned),
    updated_at: new Date(),
    updated_by: ctx.actor.userId,
  };
  await ctx.trx
    .insertInto('kpi_targets')
    .values({ tenant_id: ctx.tenantId, ...values })
    .onConflict((oc) => oc.column('tenant_id').doUpdateSet(values))
    .execute();
  const after = await readTargets(ctx.trx);
  await repo.recordAudit(ctx.trx, {
    tenantId: ctx.tenantId,
    actorUserId: ctx.actor.userId,
    action: 'kpi.targetsChanged',
    subjectType: 'tenant',
    subjectId: ctx.tenantId,
    data: { before: before.targets, defaultsBefore: !before.custom, after: after.targets },
    ip: ctx.actor.ip,
  });
  return after;
}
