import { AT_RISK_WORKING_DAYS, workingMinutesBetween, workingMinutesPerDay, type AgencyStepName } from '@stationdesk/core';
import { repo, type AgencyQueueFilter } from '@stationdesk/db';
import type { TenantContext } from '../context.ts';
import { loadCalendar } from '../work-items/calendar.ts';

export interface AgencyQueueInput {
  stationId?: string;
  step?: AgencyStepName;
  typeId?: string;
  department?: string;
  cursor?: string;
  limit?: number;
}

export interface AgencyQueueRow {
  itemId: string;
  number: string;
  title: string;
  status: string;
  enterpriseId: string | null;
  enterpriseName: string | null;
  stationId: string;
  typeId: string;
  typeName: string;
  step: AgencyStepName;
  department: string;
  departmentRef: string | null;
  statutoryDueAt: string;
  promisedDueAt: string;
  dueAt: string;
  workingDaysLeft: number;
  atRisk: boolean;
  assigneeId: string | null;
  assigneeName: string | null;
}

function scopeFilter(ctx: TenantContext, input: AgencyQueueInput): AgencyQueueFilter {
  const { actor } = ctx;
  let stationIds: readonly string[] | null = null;
  if (actor.scope.kind === 'stations') stationIds = input.stationId ? (actor.scope.stationIds.includes(input.stationId) ? [input.stationId] : []) : actor.scope.stationIds;
  else if (actor.scope.kind === 'tenant' && input.stationId) stationIds = [input.stationId];
  return {
    stationIds,
    ...(actor.scope.kind === 'enterprise' ? { enterpriseId: actor.scope.enterpriseId } : {}),
    ...(input.step ? { step: input.step } : {}),
    ...(input.typeId ? { typeId: input.typeId } : {}),
    ...(input.department ? { department: input.department } : {}),
  };
}

/**
 * The agency queue: open cases by the nearer of their statutory and promised deadlines, days left
 * on working time, the ones at risk flagged, with counts per step and per type for the same scope.
 */
export async function agencyQueue(ctx: TenantContext, input: AgencyQueueInput) {
  const filter = scopeFilter(ctx, input);
  const limit = input.limit ?? 50;
  let after: [string, string] | undefined;
  if (input.cursor) {
    try {
      after = JSON.parse(Buffer.from(input.cursor, 'base64url').toString('utf8')) as [string, string];
    } catch {
      after = undefined;
    }
  }
  const rows = await repo.agencyQueueQuery(ctx.trx, filter, { limit, ...(after ? { after } : {}) }).execute();
  const counts = await repo.agencyQueueCounts(ctx.trx, { ...filter, step: undefined, typeId: undefined });
  const calendar = await loadCalendar(ctx.trx, ctx.timezone);
  const now = new Date();
  const per = workingMinutesPerDay(calendar);
  const more = rows.length > limit;
  const page = more ? rows.slice(0, limit) : rows;
  const items: AgencyQueueRow[] = page.map((r) => {
    const due = new Date(r.due_at);
    const left = Math.round(((due > now ? workingMinutesBetween(calendar, now, due) : -workingMinutesBetween(calendar, due, now)) / per) * 10) / 10;
    return {
      itemId: r.item_id,
      number: r.number,
      title: r.title,
      status: r.status,
      enterpriseId: r.enterprise_id,
      enterpriseName: r.enterprise_name,
      stationId: r.station_id,
      typeId: r.type_id,
      typeName: r.type_name,
      step: r.step,
      department: r.department,
      departmentRef: r.department_ref,
      statutoryDueAt: r.statutory_due_at,
      promisedDueAt: r.promised_due_at,
      dueAt: r.due_at,
      workingDaysLeft: left,
      atRisk: left <= AT_RISK_WORKING_DAYS,
      assigneeId: r.assignee_id,
      assigneeName: r.assignee_name,
    };
  });
  const last = page[page.length - 1];
  return {
    items,
    nextCursor: more && last ? Buffer.from(JSON.stringify([last.due_at, last.item_id])).toString('base64url') : null,
    counts: {
      byStep: counts.byStep,
      byType: counts.byType,
    },
  };
}
