import { sql } from 'kysely';
import { deflectionRate } from '@stationdesk/core';
import type { TenantContext } from '../context.ts';
import { periodInstants, resolveKpiScope } from '../kpi/scope.ts';
import type { DeflectionRateInput, DeflectionRateOutput } from './kpi.schema.ts';

/**
 * knowledge.deflectionRate (staff and managers, as kpi.summary): of the questions enterprise admins
 * were about to ask in the portal during the period, the share an article answered — deflections
 * over deflections plus the portal consultations created. The period and station scope are the
 * KPI dashboard's (resolveKpiScope: staff see their stations).
 */
export async function knowledgeDeflectionRate(ctx: TenantContext, input: DeflectionRateInput): Promise<DeflectionRateOutput> {
  const scope = await resolveKpiScope(ctx, input);
  const { fromAt, toAt } = periodInstants(ctx, scope.period);
  const stations = scope.stationIds ? sql`and station_id = any(${scope.stationIds}::uuid[])` : sql``;
  const { rows } = await sql<{ deflections: number; consultations: number }>`
    select (select count(*)::int from knowledge_deflections
             where tenant_id = ${ctx.tenantId} and created_at >= ${fromAt} and created_at < ${toAt} ${stations}) as deflections,
           (select count(*)::int from work_items
             where tenant_id = ${ctx.tenantId} and kind = 'consultation' and channel = 'portal'
               and created_at >= ${fromAt} and created_at < ${toAt} ${stations}) as consultations`.execute(ctx.trx);
  const { deflections, consultations } = rows[0]!;
  return { numerator: deflections, denominator: deflections + consultations, rate: deflectionRate(deflections, consultations) };
}
