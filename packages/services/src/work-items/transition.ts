import { AppError, badRequest, clockMinutesBetween, conflict, dueTimes, isSystemAction, needsRectification, nextStatus, pauseEnds, rectificationDueAt, resolveRectifies, shiftByClock, systemNextStatus, type Priority, type Rating, type SystemAction, type WorkItemAction, type WorkItemKind } from '@stationdesk/core';
import type { TenantContext } from '../context.ts';
import type { TransitionWorkItemInput } from './transition.schema.ts';
import { requireWorkItem, type WorkItemRow } from './access.ts';
import { loadCalendar, loadPolicy, missingYearsOf } from '../calendar/working-time.ts';
import { recordEvent } from './events.ts';
import { syncItemReminders } from '../reminders/schedule.ts';
import { assertPatrolStep } from './patrol-steps.ts';

export interface TransitionInput {
  /** A person's step, or a system step (release) the application takes on an event. */
  action: WorkItemAction | SystemAction;
  note?: string | null;
  /** The version the person saw: a newer one means someone else moved the item first. */
  version?: number;
  /** return: send the item to another station (wrong station). */
  stationId?: string | null;
  /** resolve: the handler's own verdict, kept apart from the requester's confirmation. */
  resolvedOk?: boolean;
  /** assign (internal): who takes it. */
  assigneeId?: string;
  /** visit: the follow-up's rating — 不满意 or worse opens a rectification (整改) though the loop closes. */
  rating?: Rating;
  /** Extra history data (rating, visit). */
  data?: Record<string, unknown>;
}

/**
 * Moves an item one step through its lifecycle. The row is locked (a simultaneous move by someone
 * else fails at once with a conflict), the pure state machine decides, the side effects of the step
 * are applied, and the history records who, when, from, to and why.
 */
export async function applyTransition(ctx: TenantContext, itemId: string, input: TransitionInput): Promise<WorkItemRow> {
  const item = await requireWorkItem(ctx, itemId, { lock: true });
  if (input.version !== undefined && input.version !== item.version) throw new AppError('CONFLICT', 'errors.concurrentEdit');
  const action = input.action;
  // A system step is the application's, not a button: no role or assignee to check.
  const to = isSystemAction(action)
    ? systemNextStatus(item.status, action)
    : nextStatus({ status: item.status, action, role: ctx.actor.role, isAssignee: item.assignee_id === ctx.actor.userId, note: input.note ?? null });
  // A patrol finding closes only after a passed 复查 and goes back only by a failed one.
  if (!isSystemAction(action)) await assertPatrolStep(ctx, item, action);
  const now = new Date();
  const set: Record<string, unknown> = { status: to, updated_at: now, version: item.version + 1 };
  const data: Record<string, unknown> = { ...(input.data ?? {}) };

  switch (input.action) {
    case 'assign':
      if (!input.assigneeId) throw badRequest('errors.workItem.assigneeRequired');
      set.assignee_id = input.assigneeId;
      set.assigned_at = now;
      data.assigneeId = input.assigneeId;
      break;
    case 'accept':
      set.accepted_at = item.accepted_at ?? now;
      break;
    case 'return':
      set.assignee_id = null;
      if (input.stationId && input.stationId !== item.station_id) {
        const station = await ctx.trx.selectFrom('stations').select('id').where('id', '=', input.stationId).executeTakeFirst();
        if (!station) throw badRequest('errors.workItem.unknownStation');
        set.station_id = input.stationId;
        data.fromStationId = item.station_id;
        data.toStationId = input.stationId;
      }
      break;
    case 'request_info':
      set.waiting_since = now;
      break;
    case 'resume':
      data.pausedMinutes = await endPause(ctx, item, now, set);
      break;
    case 'release':
      // The handler was deactivated: back to dispatch, nobody's. The clock runs on; a wait ends here.
      set.assignee_id = null;
      if (pauseEnds(item.status, to)) data.pausedMinutes = await endPause(ctx, item, now, set);
      break;
    case 'resolve':
      set.resolved_at = now;
      set.resolved_ok = input.resolvedOk ?? true;
      if (item.kind === 'consultation') set.answer = input.note;
      // Resolving without having contacted anyone still counts as the first contact.
      if (!item.first_contact_at) set.first_contact_at = now;
      // Resolved again after 重办: the rework is the rectification (整改完成).
      if (resolveRectifies({ rectificationDueAt: dateOrNull(item.rectification_due_at), rectifiedAt: dateOrNull(item.rectified_at) })) {
        set.rectified_at = now;
        set.rectified_by = ctx.actor.userId;
        data.rectified = true;
      }
      break;
    case 'visit': {
      // 不满意 or worse without asking for rework: the loop closes unconfirmed, a rectification owed.
      const unsatisfied = input.rating !== undefined && needsRectification(input.rating);
      set.requester_confirmed = !unsatisfied;
      if (unsatisfied) {
        // A new rectification: any earlier one's 整改完成 belongs to that round.
        Object.assign(set, reopenedRectification);
        set.rectification_due_at = await dueAgain(ctx, item, now);
        data.rectificationDueAt = (set.rectification_due_at as Date).toISOString();
      }
      break;
    }
    case 'redo':
      set.redo_count = item.redo_count + 1;
      set.requester_confirmed = false;
      Object.assign(set, await restartClock(ctx, item, now), reopenedRectification);
      set.rectification_due_at = set.resolution_due_at;
      data.rectificationDueAt = (set.rectification_due_at as Date).toISOString();
      break;
    case 'close':
    case 'withdraw':
      set.closed_at = now;
      break;
    case 'reopen':
      set.closed_at = null;
      set.closed_reason = null;
      Object.assign(set, await restartClock(ctx, item, now));
      data.dueAt = (set.resolution_due_at as Date).toISOString();
      // A withdrawn item may have no handler: the manager who reopens it holds it until dispatched.
      if (!item.assignee_id) set.assignee_id = ctx.actor.userId;
      break;
    case 'start':
      break;
  }

  const updated = await ctx.trx
    .updateTable('work_items')
    .set(set)
    .where('id', '=', itemId)
    .where('version', '=', item.version)
    .returningAll()
    .executeTakeFirst();
  if (!updated) throw conflict('errors.concurrentEdit');
  // Who handles an item, and why that changed, stays between the station's people.
  await recordEvent(ctx, itemId, { action: input.action, from: item.status, to, note: input.note ?? null, data, internal: input.action === 'assign' || input.action === 'release' });
  // Resolved: pending warnings cancelled, the rating invitation scheduled; waiting: nudges; …
  await syncItemReminders(ctx, itemId);
  return updated;
}

const dateOrNull = (at: string | null) => (at === null ? null : new Date(at));

/**
 * The clock was paused while waiting on the enterprise: the pause ends now and the resolution
 * deadline moves back by it (into `set`). Returns the minutes of this pause.
 */
async function endPause(ctx: TenantContext, item: WorkItemRow, now: Date, set: Record<string, unknown>): Promise<number> {
  const calendar = await loadCalendar(ctx.trx, ctx.timezone);
  const policy = await loadPolicy(ctx.trx, item.kind as WorkItemKind, item.priority as Priority);
  const paused = item.waiting_since ? clockMinutesBetween(calendar, policy.resolution.unit, new Date(item.waiting_since), now) : 0;
  const pausedTotal = item.paused_minutes + paused;
  set.paused_minutes = pausedTotal;
  set.waiting_since = null;
  if (item.reopened_at && !item.extension_due_at && item.resolution_due_at) {
    // Reopened: the deadline counted from the reopening moves back by this wait.
    set.resolution_due_at = shiftByClock(calendar, policy.resolution.unit, new Date(item.resolution_due_at), paused);
  } else if (!item.extension_due_at) {
    set.resolution_due_at = dueTimes(calendar, policy, new Date(item.created_at), { pausedMinutes: pausedTotal }).resolutionDueAt;
    set.calendar_missing_years = missingYearsOf(calendar, policy, { ...item, resolution_due_at: set.resolution_due_at as Date });
  }
  return paused;
}

/** A rectification opened anew owes its 整改完成 again. */
const reopenedRectification = { rectified_at: null, rectified_by: null, rectification_note: null };

/** The rectification rule (core's rectificationDueAt) for this item's kind and priority, from `at`. */
async function dueAgain(ctx: TenantContext, item: WorkItemRow, at: Date): Promise<Date> {
  const calendar = await loadCalendar(ctx.trx, ctx.timezone);
  return rectificationDueAt(calendar, await loadPolicy(ctx.trx, item.kind as WorkItemKind, item.priority as Priority), at);
}

/**
 * An item sent back or reopened is due again by the rectification rule from now — not by its old,
 * passed deadline. An extension granted for the old deadline (or still asked for) goes with it.
 */
async function restartClock(ctx: TenantContext, item: WorkItemRow, now: Date): Promise<Record<string, unknown>> {
  const calendar = await loadCalendar(ctx.trx, ctx.timezone);
  const policy = await loadPolicy(ctx.trx, item.kind as WorkItemKind, item.priority as Priority);
  const due = rectificationDueAt(calendar, policy, now);
  return {
    reopened_at: now,
    resolution_due_at: due,
    calendar_missing_years: missingYearsOf(calendar, policy, { ...item, resolution_due_at: due, extension_due_at: null }),
    extension_due_at: null,
    extension_reason: null,
    extension_requested_by: null,
    extension_requested_at: null,
  };
}

/** A step named by the person (workItem.transition): the item's new status and version. */
export async function transitionWorkItem(ctx: TenantContext, { id, ...step }: TransitionWorkItemInput) {
  const item = await applyTransition(ctx, id, step);
  return { status: item.status, version: item.version };
}
