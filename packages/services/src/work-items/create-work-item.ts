import { badRequest, dueTimes, forbidden } from '@stationdesk/core';
import type { TenantContext } from '../context.ts';
import type { CreateWorkItemInput, CreateWorkItemOutput } from './create-work-item.schema.ts';
import { requireVisibleEnterprise } from '../access/enterprise.ts';
import { assignItem } from './assign.ts';
import { loadCalendar, loadPolicy, missingYearsOf } from '../calendar/working-time.ts';
import { shareSlaSettings } from '../sla/recompute.ts';
import { recordEvent } from './events.ts';
import { numberItem, unnumbered } from './numbering.ts';
import { applyTransition } from './transition.ts';
import { planNewItemReminders } from '../reminders/schedule.ts';

/**
 * An item as other use cases open one (an agency case, a dispute): a procedure's fields, but the
 * category is theirs (a case type's code, a dispute type) and it may link to the item it came from.
 */
export type NewWorkItem = Omit<CreateWorkItemInput, 'category' | 'idempotencyKey'> & { category?: string | null; linkedItemId?: string | null };

/**
 * Receives an item (受理): numbered, placed at the station of the enterprise's building, due times
 * from the tenant's calendar and policy, history started. An enterprise admin files for its own
 * enterprise through the portal; staff at their own stations.
 */
export async function createWorkItem(ctx: TenantContext, input: CreateWorkItemInput): Promise<CreateWorkItemOutput> {
  return openWorkItem(ctx, input);
}

/** Receives an item for another use case (see NewWorkItem). */
export async function openWorkItem(ctx: TenantContext, input: NewWorkItem): Promise<CreateWorkItemOutput> {
  const { actor } = ctx;
  let stationId = input.stationId ?? null;
  let buildingId: string | null = null;
  let enterpriseId = input.enterpriseId ?? null;
  let channel = input.channel;
  let requesterName = input.requesterName ?? null;

  if (actor.role === 'enterprise_admin') {
    if (actor.scope.kind !== 'enterprise') throw forbidden();
    if (input.kind !== 'consultation' && input.kind !== 'agency') throw forbidden('errors.workItem.kindNotForPortal');
    if (enterpriseId && enterpriseId !== actor.scope.enterpriseId) throw forbidden('errors.workItem.notYourEnterprise');
    enterpriseId = actor.scope.enterpriseId;
    channel = 'portal';
    if (input.assign) throw forbidden('errors.roleNotAllowed');
  }
  if (enterpriseId) {
    const e = await requireVisibleEnterprise(ctx, enterpriseId);
    stationId = e.station_id;
    buildingId = e.building_id;
  }
  if (!stationId) {
    if (actor.scope.kind === 'stations' && actor.scope.stationIds.length === 1) stationId = actor.scope.stationIds[0]!;
    else throw badRequest('errors.workItem.stationRequired');
  }
  if (actor.scope.kind === 'stations' && !actor.scope.stationIds.includes(stationId)) throw forbidden('errors.enterprise.stationNotYours');
  const station = await ctx.trx.selectFrom('stations').select(['id', 'active']).where('id', '=', stationId).executeTakeFirst();
  if (!station) throw badRequest('errors.workItem.unknownStation');
  // A deactivated station takes no new items (issue 21); its buildings were moved before it was.
  if (!station.active) throw badRequest('errors.station.inactive');
  if (actor.role === 'enterprise_admin' && !requesterName) {
    const me = await ctx.trx.selectFrom('users').select('display_name').where('id', '=', actor.userId).executeTakeFirst();
    requesterName = me?.display_name ?? null;
  }

  const now = new Date();
  const priority = input.priority ?? 'normal';
  await shareSlaSettings(ctx);
  const [calendar, policy] = [await loadCalendar(ctx.trx, ctx.timezone), await loadPolicy(ctx.trx, input.kind, priority)];
  const due = dueTimes(calendar, policy, now);
  // Someone at the counter or on the phone has been contacted the moment the item is taken.
  const contactedNow = channel === 'walk_in' || channel === 'phone';
  const calendarMissingYears = missingYearsOf(calendar, policy, {
    kind: input.kind,
    created_at: now,
    first_contact_at: contactedNow ? now : null,
    first_contact_due_at: due.firstContactDueAt,
    resolution_due_at: due.resolutionDueAt,
    extension_due_at: null,
  });
  const item = await ctx.trx
    .insertInto('work_items')
    .values({
      tenant_id: ctx.tenantId,
      kind: input.kind,
      number: unnumbered,
      station_id: stationId,
      enterprise_id: enterpriseId,
      building_id: buildingId,
      title: input.title,
      description: input.description ?? '',
      priority,
      channel,
      category: input.category ?? null,
      requester_name: requesterName,
      requester_phone: input.requesterPhone ?? null,
      requester_user_id: actor.role === 'enterprise_admin' ? actor.userId : null,
      created_by: actor.userId,
      created_at: now,
      first_contact_due_at: due.firstContactDueAt,
      resolution_due_at: due.resolutionDueAt,
      first_contact_at: contactedNow ? now : null,
      linked_item_id: input.linkedItemId ?? null,
      calendar_missing_years: calendarMissingYears,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await recordEvent(ctx, item.id, { action: 'create', to: 'received', data: { channel, priority } });

  if (input.assign) {
    await assignItem(ctx, item.id, input.assign.mode === 'self' ? { userId: actor.userId } : input.assign.mode === 'user' ? { userId: input.assign.userId } : { roundRobin: true });
    if (input.assign.mode === 'self') await applyTransition(ctx, item.id, { action: 'accept' });
  } else {
    await planNewItemReminders(ctx, item, { calendar, policy });
  }
  return { id: item.id, number: await numberItem(ctx, item.id, input.kind, now) };
}
