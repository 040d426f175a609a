import { headlineMetrics, localDate, scopeFor, weekBefore, type KpiFigure, type KpiPeriod } from '@stationdesk/core';
import type { Tx } from '@stationdesk/db';
import type { TenantContext } from '../context.ts';
import { kpiSummary } from './figures.ts';

export interface WeeklySummary {
  /** Last week, Monday to Sunday (local dates). */
  period: KpiPeriod;
  /** The four rates the subdistrict reports, with their numerators and denominators. */
  rates: { metric: (typeof headlineMetrics)[number]; figure: KpiFigure }[];
  /** Received in the week; resolved in it; due in it and not resolved by the due time; 整改 owed now, and past due. */
  counts: { received: number; resolved: number; overdue: number; rectificationsOpen: number; rectificationsOverdue: number };
}

/**
 * The managers' weekly summary (上周工作小结, issue 18): last week's figures as the recipient reads
 * them on /kpis — kpi.summary itself, run as that member (their scope: a manager every station),
 * so the message and the dashboard cannot disagree. Counts are figures of the same summary: items
 * received (the returned rate's denominator), resolved (the resolution rate's), overdue (due in the
 * week and not resolved by then: the on-time rate's denominator less its numerator), and the 整改
 * owed now. Null for someone no longer a member of the tenant's desk.
 */
export async function weeklySummary(trx: Tx, userId: string, now: Date): Promise<WeeklySummary | null> {
  // In a tenant's transaction, row-level security shows its own tenant row only.
  const tenant = await trx.selectFrom('tenants').select(['id', 'timezone']).executeTakeFirstOrThrow();
  const member = await trx.selectFrom('memberships').select(['id', 'role', 'enterprise_id']).where('user_id', '=', userId).executeTakeFirst();
  if (!member || member.role === 'enterprise_admin') return null;
  const stations = await trx.selectFrom('membership_stations').select('station_id').where('membership_id', '=', member.id).execute();
  const ctx: TenantContext = {
    trx,
    tenantId: tenant.id,
    timezone: tenant.timezone,
    actor: {
      userId,
      role: member.role,
      membershipId: member.id,
      scope: scopeFor(member.role, stations.map((s) => s.station_id), member.enterprise_id),
      ip: null,
    },
  };
  const period = weekBefore(localDate(now, tenant.timezone));
  const s = await kpiSummary(ctx, period);
  const f = s.figures;
  return {
    period,
    rates: headlineMetrics.map((metric) => ({ metric, figure: f[metric] })),
    counts: {
      received: f.returned.denominator,
      resolved: f.resolution.denominator,
      overdue: f.onTime.denominator - f.onTime.numerator,
      rectificationsOpen: s.rectifications.open,
      rectificationsOverdue: s.rectifications.overdue,
    },
  };
}
