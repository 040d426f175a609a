import { badRequest, defaultSlaPolicies, priorities, slaUnits, workItemKinds, type SlaLimit, type SlaUnit } from '@stationdesk/core';
import { repo } from '@stationdesk/db';
import type { TenantContext } from '../context.ts';
import { maxSlaValue, type PolicyOutput, type UpdatePolicyInput, type UpdatePolicyOutput } from './policies.schema.ts';
import { lockSlaSettings, recomputeDueTimes, requireManager } from './recompute.ts';
import { requireCurrentVersion, settingsVersion } from './version.ts';

const limitOf = (l: SlaLimit): SlaLimit => ({ value: l.value, unit: l.unit });

/** The policy of every kind and priority (4 × 3), the tenant's where set. */
export async function listPolicies(ctx: TenantContext): Promise<PolicyOutput[]> {
  const rows = await ctx.trx.selectFrom('sla_policies').selectAll().where('tenant_id', '=', ctx.tenantId).execute();
  const byKey = new Map(rows.map((r) => [`${r.kind}:${r.priority}`, r]));
  return workItemKinds.flatMap((kind) =>
    priorities.map((priority): PolicyOutput => {
      const row = byKey.get(`${kind}:${priority}`);
      const defaults = defaultSlaPolicies[kind][priority];
      const firstContact = row ? { value: row.first_contact_value, unit: row.first_contact_unit } : defaults.firstContact;
      const resolution = row ? { value: row.resolution_value, unit: row.resolution_unit } : defaults.resolution;
      return {
        kind,
        priority,
        firstContact: limitOf(firstContact),
        resolution: limitOf(resolution),
        isDefault: !row,
        defaults: { firstContact: limitOf(defaults.firstContact), resolution: limitOf(defaults.resolution) },
        updatedAt: row?.updated_at ?? null,
        version: settingsVersion([firstContact.value, firstContact.unit, resolution.value, resolution.unit]),
      };
    }),
  );
}

function checkLimit(limit: SlaLimit, firstContact: boolean): void {
  if (!Number.isInteger(limit.value) || limit.value <= 0 || limit.value > maxSlaValue) throw badRequest('errors.sla.badValue', { max: maxSlaValue });
  if (!(slaUnits as readonly string[]).includes(limit.unit)) throw badRequest('errors.sla.badUnit');
  // "By close of business" is a resolution rule; a first contact needs a length of time.
  if (firstContact && limit.unit === 'same_working_day') throw badRequest('errors.sla.sameDayFirstContact');
}

/** Sets one kind and priority's limits and moves the due times of its open items. */
export async function updatePolicy(ctx: TenantContext, input: UpdatePolicyInput): Promise<UpdatePolicyOutput> {
  requireManager(ctx);
  if (!workItemKinds.includes(input.kind) || !priorities.includes(input.priority)) throw badRequest('errors.sla.badKind');
  checkLimit(input.firstContact, true);
  checkLimit(input.resolution, false);
  await lockSlaSettings(ctx);

  const before = (await listPolicies(ctx)).find((p) => p.kind === input.kind && p.priority === input.priority)!;
  requireCurrentVersion(input.version, before.version);
  const values = {
    first_contact_value: input.firstContact.value,
    first_contact_unit: input.firstContact.unit as Exclude<SlaUnit, 'same_working_day'>,
    resolution_value: input.resolution.value,
    resolution_unit: input.resolution.unit,
    updated_at: new Date(),
    updated_by: ctx.actor.userId,
  };
  await ctx.trx
    .insertInto('sla_policies')
    .values({ tenant_id: ctx.tenantId, kind: input.kind, priority: input.priority, ...values })
    .onConflict((oc) => oc.columns(['tenant_id', 'kind', 'priority']).doUpdateSet(values))
    .execute();
  await repo.recordAudit(ctx.trx, {
    tenantId: ctx.tenantId,
    actorUserId: ctx.actor.userId,
    action: 'slaPolicy.updated',
    subjectType: 'sla_policy',
    subjectId: `${input.kind}:${input.priority}`,
    data: {
      before: { firstContact: before.firstContact, resolution: before.resolution, isDefault: before.isDefault },
      after: { firstContact: input.firstContact, resolution: input.resolution },
    },
    ip: ctx.actor.ip,
  });
  const recompute = await recomputeDueTimes(ctx, { kind: input.kind, priority: input.priority });
  const policy = (await listPolicies(ctx)).find((p) => p.kind === input.kind && p.priority === input.priority)!;
  return { policy, recompute };
}
