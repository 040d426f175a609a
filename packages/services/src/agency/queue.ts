import { AT_RISK_WORKING_DAYS, forbidden, workingMinutesBetween, workingMinutesPerDay, type AgencyStepName, type WorkCalendar } from '@stationdesk/core';
import { keysetCursor, repo, type AgencyQueueFilter } from '@stationdesk/db';
import type { TenantContext } from '../context.ts';
import { seesInternal } from '../access/work-item.ts';
import { loadCalendar } from '../calendar/working-time.ts';
import { portalAgencyQueueRow, type PortalAgencyQueuePage } from './portal-view.ts';
import type { AgencyHandoverInput, AgencyQueueInput } from './queue.schema.ts';

export interface AgencyQueueRow {
  id: string;
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
  doneAt: string | null;
  assigneeId: string | null;
  assigneeName: string | null;
}

function scopeFilter(ctx: TenantContext, input: Omit<AgencyQueueInput, 'cursor' | 'limit'>): AgencyQueueFilter {
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

/** By the nearer deadline: (due, item id) of the last case shown, the due time to the microsecond. */
const queueCursor = keysetCursor('instant', 'id');

export interface AgencyQueuePage {
  items: AgencyQueueRow[];
  nextCursor: string | null;
  counts: { byStep: Record<string, number>; byType: Record<string, number> };
}

/**
 * The agency queue: open cases by the nearer of their statutory and promised deadlines, days left
 * on working time, the ones at risk flagged, with counts per step and per type for the same scope.
 * An enterprise admin gets its own cases in the portal's rows (no handler, no at-risk mark).
 */
export async function agencyQueue(ctx: TenantContext, input: AgencyQueueInput): Promise<AgencyQueuePage | PortalAgencyQueuePage> {
  const filter = scopeFilter(ctx, input);
  const limit = input.limit ?? 50;
  const after = input.cursor ? queueCursor.decode(input.cursor) : undefined;
  const { rows, byStep, byType } = await repo.agencyQueuePage(ctx.trx, filter, { limit, ...(after ? { after } : {}) });
  const more = rows.length > limit;
  const page = more ? rows.slice(0, limit) : rows;
  const last = page[page.length - 1];
  const nextCursor = more && last ? queueCursor.encode([last.due_key, last.item_id]) : null;
  const counts = { byStep, byType };
  if (!seesInternal(ctx.actor)) {
    const left = await workingDaysLeft(ctx, page);
    return { audience: 'portal', items: page.map((r, i) => portalAgencyQueueRow(r, left[i]!)), nextCursor, counts };
  }
  return { items: await toRows(ctx, page), nextCursor, counts };
}

type QueueRecord = repo.AgencyQueueRecord;

/**
 * The tenant's calendar object from an earlier request when nothing in it changed: core caches a
 * calendar's parsed working days per object, so the days of the queue's window are worked out once
 * per process instead of once per request. Keyed by content, so an edited calendar is a new entry.
 */
const calendars = new Map<string, WorkCalendar>();
const CALENDARS_KEPT = 200;

function sameCalendar(calendar: WorkCalendar): WorkCalendar {
  const key = JSON.stringify(calendar);
  const known = calendars.get(key);
  if (known) return known;
  if (calendars.size >= CALENDARS_KEPT) calendars.clear();
  calendars.set(key, calendar);
  return calendar;
}

/**
 * Working milliseconds from `now` to each instant (negative when past). Working time adds up over
 * consecutive spans, so the sorted instants are walked once — not once per row from now — and the
 * sums are kept in whole milliseconds, the unit workingMinutesBetween counts in: exactly its result.
 */
function workingMsFromNow(calendar: WorkCalendar, now: number, instants: readonly number[]): number[] {
  const points = [...new Set([now, ...instants])].sort((a, b) => a - b);
  const fromFirst = new Map<number, number>([[points[0]!, 0]]);
  let sum = 0;
  for (let i = 1; i < points.length; i++) {
    sum += Math.round(workingMinutesBetween(calendar, new Date(points[i - 1]!), new Date(points[i]!)) * 60_000);
    fromFirst.set(points[i]!, sum);
  }
  const base = fromFirst.get(now)!;
  return instants.map((t) => fromFirst.get(t)! - base);
}

/** Days left on working time to each case's nearer deadline (negative when late), one decimal. */
async function workingDaysLeft(ctx: TenantContext, page: readonly QueueRecord[]): Promise<number[]> {
  if (page.length === 0) return [];
  const calendar = sameCalendar(await loadCalendar(ctx.trx, ctx.timezone));
  const per = workingMinutesPerDay(calendar);
  return workingMsFromNow(calendar, Date.now(), page.map((r) => Date.parse(r.due_at))).map((ms) => Math.round((ms / 60_000 / per) * 10) / 10);
}

/** The staff's rows: days left, the ones at risk flagged (done cases never are), the handler. */
async function toRows(ctx: TenantContext, page: readonly QueueRecord[]): Promise<AgencyQueueRow[]> {
  const left = await workingDaysLeft(ctx, page);
  return page.map((r, i) => {
    const days = left[i]!;
    return {
      id: r.item_id,
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
      workingDaysLeft: days,
      atRisk: r.step !== 'done' && days <= AT_RISK_WORKING_DAYS,
      doneAt: r.done_at,
      assigneeId: r.assignee_id,
      assigneeName: r.assignee_name,
    };
  });
}

export interface AgencyHandoverRow extends AgencyQueueRow {
  /** Checklist entries with an accepted document, of how many the case's checklist has. */
  materialsAccepted: number;
  checklistEntries: number;
}

/** The most cases one handover sheet lists (a day's trip to the departments is far fewer). */
export const HANDOVER_LIMIT = 100;

/**
 * The cases to carry to the departments: the ones picked, or those ready in 预审, in the queue's
 * order, each with how many of its documents are accepted. Scoped like the queue.
 */
export async function agencyHandover(ctx: TenantContext, input: AgencyHandoverInput): Promise<{ items: AgencyHandoverRow[]; more: boolean }> {
  if (ctx.actor.role === 'enterprise_admin') throw forbidden('errors.roleNotAllowed');
  const filter: AgencyQueueFilter = {
    ...scopeFilter(ctx, { ...(input.stationId ? { stationId: input.stationId } : {}), ...(input.department ? { department: input.department } : {}), ...(input.ids ? {} : { step: 'precheck' }) }),
    ...(input.ids ? { itemIds: input.ids } : {}),
  };
  const rows = await repo.agencyQueueQuery(ctx.trx, filter, { limit: HANDOVER_LIMIT }).execute();
  const page = rows.slice(0, HANDOVER_LIMIT);
  const items = await toRows(ctx, page);
  const materials = await repo.agencyMaterialCounts(ctx.trx, page.map((r) => r.item_id));
  return {
    items: items.map((r) => ({ ...r, materialsAccepted: materials.get(r.id)?.accepted ?? 0, checklistEntries: materials.get(r.id)?.entries ?? 0 })),
    more: rows.length > HANDOVER_LIMIT,
  };
}
