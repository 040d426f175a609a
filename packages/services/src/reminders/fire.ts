import { sql } from 'kysely';
import { planDocumentReminders, planRoundReminders, planShiftReminders, planSignUpReminders, type RecipientRule, type ReminderChannel } from '@stationdesk/core';
import type { ScopedContext } from '../context.ts';
import { loadRecipientDirectory, recipientsOf, type SubjectFacts } from './recipients.ts';
import { itemPlanner, syncDocumentReminders, syncItemsReminders } from './schedule.ts';

/**
 * busy: locked by another transaction (a transition re-planning its item, another worker) — try again shortly.
 * paused: the tenant is suspended; left scheduled, the reconciler enqueues it again once resumed.
 */
export type FireOutcome = 'sent' | 'dropped' | 'not_due' | 'skipped' | 'busy' | 'paused';

export type PlannedSubject = { type: 'work_item' | 'enterprise_document'; id: string };

export interface FireBatchResult {
  /** One per reminder id asked for; not_due carries the due time. */
  outcomes: Map<string, { outcome: FireOutcome; dueAt?: string }>;
  /** (channel, target) pairs with new pending deliveries, each once: each gets a flush. */
  flush: { channel: ReminderChannel; target: string }[];
  /**
   * Subjects whose plan no longer holds a due reminder of theirs (reported dropped, still scheduled):
   * re-planning them cancels it and schedules what replaced it (a moved due time's new reminder).
   */
  replan: PlannedSubject[];
}

/** Firing needs a tenant transaction; the time zone is read only when a subject has to be planned. */
export type FireContext = Omit<ScopedContext, 'timezone'> & { timezone?: string };

interface Subject {
  /** null: the subject is gone. */
  facts: SubjectFacts | null;
  /** Keys of the reminders its plan holds now; absent for subjects without a plan (users, warnings). */
  planned?: Set<string>;
}

const NO_FACTS: SubjectFacts = { stationId: null, enterpriseId: null, assigneeId: null };
const subjectKey = (type: string, id: string | null) => `${type}:${id ?? ''}`;

async function timezoneOf(ctx: FireContext): Promise<string> {
  return ctx.timezone ?? (await ctx.trx.selectFrom('tenants').select('timezone').executeTakeFirstOrThrow()).timezone;
}

/** The subjects of due reminders, each kind read in one query; work items and documents planned as they are now. */
async function readSubjects(ctx: FireContext, due: { subject_type: string; subject_id: string | null }[]): Promise<Map<string, Subject>> {
  const ids = (type: string) => [...new Set(due.filter((r) => r.subject_type === type && r.subject_id).map((r) => r.subject_id!))];
  const out = new Map<string, Subject>();
  for (const r of due) out.set(subjectKey(r.subject_type, r.subject_id), { facts: NO_FACTS });
  const itemIds = ids('work_item');
  const docIds = ids('enterprise_document');
  const warningIds = ids('dispute_warning');
  const roundIds = ids('patrol_round');
  const shiftIds = ids('duty_shift');
  const signUpIds = ids('duty_sign_up');
  for (const id of [
    ...itemIds.map((i) => subjectKey('work_item', i)),
    ...docIds.map((i) => subjectKey('enterprise_document', i)),
    ...warningIds.map((i) => subjectKey('dispute_warning', i)),
    ...roundIds.map((i) => subjectKey('patrol_round', i)),
    ...shiftIds.map((i) => subjectKey('duty_shift', i)),
    ...signUpIds.map((i) => subjectKey('duty_sign_up', i)),
  ]) {
    out.set(id, { facts: null });
  }
  const timezone = itemIds.length || docIds.length || roundIds.length || shiftIds.length || signUpIds.length ? await timezoneOf(ctx) : '';
  if (itemIds.length) {
    const items = await ctx.trx.selectFrom('work_items').selectAll().where('id', 'in', itemIds).execute();
    const plans = await (await itemPlanner({ ...ctx, timezone }))(items);
    const planOf = new Map(plans.map((p) => [p.id, new Set(p.plan.map((s) => s.key))]));
    for (const i of items) {
      out.set(subjectKey('work_item', i.id), { facts: { stationId: i.station_id, enterpriseId: i.enterprise_id, assigneeId: i.assignee_id }, planned: planOf.get(i.id)! });
    }
  }
  if (docIds.length) {
    const docs = await ctx.trx
      .selectFrom('enterprise_documents as d')
      .innerJoin('enterprises as e', (j) => j.onRef('e.tenant_id', '=', 'd.tenant_id').onRef('e.id', '=', 'd.enterprise_id'))
      .select(['d.id', 'd.expires_on', 'e.station_id', 'e.id as enterprise_id'])
      .where('d.id', 'in', docIds)
      .execute();
    for (const d of docs) {
      // The whole plan, due or not: a reminder whose moment has come is still planned.
      const planned = new Set(planDocumentReminders({ id: d.id, expiresOn: d.expires_on }, timezone).map((s) => s.key));
      out.set(subjectKey('enterprise_document', d.id), { facts: { stationId: d.station_id, enterpriseId: d.enterprise_id, assigneeId: null }, planned });
    }
  }
  if (warningIds.length) {
    const warnings = await ctx.trx
      .selectFrom('dispute_warnings as dw')
      .innerJoin('work_items as i', (j) => j.onRef('i.tenant_id', '=', 'dw.tenant_id').onRef('i.id', '=', 'dw.item_id'))
      .select(['dw.id', 'i.station_id', 'i.enterprise_id', 'i.assignee_id'])
      .where('dw.id', 'in', warningIds)
      .execute();
    for (const w of warnings) out.set(subjectKey('dispute_warning', w.id), { facts: { stationId: w.station_id, enterpriseId: w.enterprise_id, assigneeId: w.assignee_id } });
  }
  if (roundIds.length) {
    // A patrol round reminds while unfinished: done or missed, its plan is empty and the reminder is dropped.
    const rounds = await ctx.trx.selectFrom('patrol_rounds').select(['id', 'station_id', 'assignee_id', 'round_date', 'status']).where('id', 'in', roundIds).execute();
    for (const r of rounds) {
      const planned = new Set(planRoundReminders({ id: r.id, roundDate: r.round_date, status: r.status }, timezone).map((s) => s.key));
      out.set(subjectKey('patrol_round', r.id), { facts: { stationId: r.station_id, enterpriseId: null, assigneeId: r.assignee_id }, planned });
    }
  }
  if (shiftIds.length) {
    // A duty shift alerts its station while short of people: filled by now, the alert is dropped.
    const shifts = await ctx.trx
      .selectFrom('duty_shifts as s')
      .innerJoin('service_posts as p', (j) => j.onRef('p.tenant_id', '=', 's.tenant_id').onRef('p.id', '=', 's.post_id'))
      .select(['s.id', 's.shift_date', 's.status', 's.places', 's.booked', 'p.station_id'])
      .where('s.id', 'in', shiftIds)
      .execute();
    for (const s of shifts) {
      const planned = new Set(planShiftReminders({ id: s.id, shiftDate: s.shift_date, status: s.status, places: s.places, booked: s.booked }, timezone).map((p) => p.key));
      out.set(subjectKey('duty_shift', s.id), { facts: { stationId: s.station_id, enterpriseId: null, assigneeId: null }, planned });
    }
  }
  if (signUpIds.length) {
    // A batch is reminded the day before while signed up: an enterprise branch's admins, or the station's staff.
    const batches = await ctx.trx
      .selectFrom('duty_sign_ups as b')
      .innerJoin('duty_shifts as s', (j) => j.onRef('s.tenant_id', '=', 'b.tenant_id').onRef('s.id', '=', 'b.shift_id'))
      .innerJoin('service_posts as p', (j) => j.onRef('p.tenant_id', '=', 's.tenant_id').onRef('p.id', '=', 's.post_id'))
      .select(['b.id', 'b.status', 'b.enterprise_id', 's.shift_date', 'p.station_id'])
      .where('b.id', 'in', signUpIds)
      .execute();
    for (const b of batches) {
      const planned = new Set(planSignUpReminders({ id: b.id, shiftDate: b.shift_date, status: b.status, enterpriseBranch: b.enterprise_id !== null }, timezone).map((p) => p.key));
      out.set(subjectKey('duty_sign_up', b.id), { facts: { stationId: b.station_id, enterpriseId: b.enterprise_id, assigneeId: null }, planned });
    }
  }
  return out;
}

/**
 * Reminders whose moment has come, fired together inside their tenant (one transaction, a handful
 * of statements whatever the batch size): each is locked, dropped if it no longer applies (its
 * subject is gone, or the subject's plan as it is now no longer holds it: the item was resolved,
 * its due time moved — see `replan`), else written as one delivery per recipient and channel —
 * unique, so a second firing adds nothing — and marked sent. Sending happens in the flush, batched
 * per recipient.
 *
 * The batch's reminders are locked first, with SKIP LOCKED, and nothing else is locked or waited
 * for afterwards (the plan is only computed, not written): a transition re-planning an item locks
 * its reminders in plan order and may wait for this transaction, never the other way round, so the
 * two cannot deadlock — nor can two batches. Re-planning what was dropped is the caller's next
 * transaction (`replanSubjects`).
 */
export async function fireReminders(ctx: FireContext, reminderIds: readonly string[], now = new Date()): Promise<FireBatchResult> {
  const result: FireBatchResult = { outcomes: new Map(), flush: [], replan: [] };
  const ids = [...new Set(reminderIds)];
  if (ids.length === 0) return result;
  // A suspended tenant's reminders wait, still scheduled, until it is resumed (migration 0037).
  const tenant = await ctx.trx.selectFrom('tenants').select('status').where('id', '=', ctx.tenantId).executeTakeFirst();
  if (tenant?.status === 'suspended') {
    for (const id of ids) result.outcomes.set(id, { outcome: 'paused' });
    return result;
  }
  const rows = await ctx.trx
    .selectFrom('reminders')
    .select(['id', 'status', 'kind', 'subject_type', 'subject_id', 'recipients', 'channels', 'due_at', 'idempotency_key'])
    .where('id', 'in', ids)
    .forUpdate()
    .skipLocked()
    .execute();
  if (rows.length < ids.length) {
    // Not returned: locked by another transaction (it is visible), or not this tenant's / gone.
    const locked = new Set(rows.map((r) => r.id));
    const missing = ids.filter((id) => !locked.has(id));
    const visible = new Set((await ctx.trx.selectFrom('reminders').select('id').where('id', 'in', missing).execute()).map((r) => r.id));
    for (const id of missing) result.outcomes.set(id, { outcome: visible.has(id) ? 'busy' : 'skipped' });
  }

  const due: typeof rows = [];
  for (const r of rows) {
    if (r.status === 'cancelled') result.outcomes.set(r.id, { outcome: 'dropped' });
    else if (r.status !== 'scheduled') result.outcomes.set(r.id, { outcome: 'skipped' });
    // Enqueued early (a reconciler race, a clock step): the caller comes back when it is due.
    else if (new Date(r.due_at).getTime() > now.getTime() + 1000) result.outcomes.set(r.id, { outcome: 'not_due', dueAt: r.due_at });
    else due.push(r);
  }

  const subjects = due.length ? await readSubjects(ctx, due) : new Map<string, Subject>();
  const firing: { id: string; rules: RecipientRule[]; channels: ReminderChannel[]; facts: SubjectFacts }[] = [];
  const gone: string[] = [];
  const replan = new Map<string, PlannedSubject>();
  for (const r of due) {
    const s = subjects.get(subjectKey(r.subject_type, r.subject_id))!;
    if (s.facts && (!s.planned || s.planned.has(r.idempotency_key))) {
      firing.push({ id: r.id, rules: r.recipients as RecipientRule[], channels: r.channels as ReminderChannel[], facts: s.facts });
      continue;
    }
    result.outcomes.set(r.id, { outcome: 'dropped' });
    // Left scheduled for the re-plan to cancel: a re-plan that fails is retried with the job.
    if (s.facts && (r.subject_type === 'work_item' || r.subject_type === 'enterprise_document')) replan.set(subjectKey(r.subject_type, r.subject_id), { type: r.subject_type, id: r.subject_id! });
    else gone.push(r.id);
  }

  const dir = firing.length ? await loadRecipientDirectory(ctx.trx, firing) : null;
  const deliveries: { reminder_id: string; channel: ReminderChannel; target: string }[] = [];
  const flush = new Map<string, { channel: ReminderChannel; target: string }>();
  for (const f of firing) {
    const users = recipientsOf(f.rules, f.facts, dir!);
    for (const channel of f.channels) {
      const targets = channel === 'webhook' ? (f.facts.stationId ? (dir!.hooksOf.get(f.facts.stationId) ?? []) : []) : users;
      for (const target of targets) {
        deliveries.push({ reminder_id: f.id, channel, target });
        flush.set(`${channel} ${target}`, { channel, target });
      }
    }
    result.outcomes.set(f.id, { outcome: 'sent' });
  }

  if (gone.length) await ctx.trx.updateTable('reminders').set({ status: 'cancelled', updated_at: now }).where('id', 'in', gone).execute();
  if (firing.length) {
    // One statement, whatever the batch size: the reminders marked sent and their deliveries
    // written together (arrays, not one parameter per value).
    await sql`
      with sent as (
        update reminders set status = 'sent', fired_at = ${now}, attempts = attempts + 1, updated_at = ${now}
         where id = any(${firing.map((f) => f.id)}::uuid[]))
      insert into deliveries (tenant_id, reminder_id, channel, target)
      select ${ctx.tenantId}::uuid, d.reminder_id, d.channel, d.target
        from unnest(${deliveries.map((d) => d.reminder_id)}::uuid[], ${deliveries.map((d) => d.channel)}::text[], ${deliveries.map((d) => d.target)}::text[])
          as d(reminder_id, channel, target)
      on conflict do nothing`.execute(ctx.trx);
  }
  result.flush = [...flush.values()];
  result.replan = [...replan.values()];
  return result;
}

/** Brings the plans of subjects whose due reminder was dropped up to date, in a transaction of its own after the firing one. */
export async function replanSubjects(ctx: FireContext, subjects: readonly PlannedSubject[]): Promise<void> {
  if (subjects.length === 0) return;
  const scoped: ScopedContext = { ...ctx, timezone: await timezoneOf(ctx) };
  const items = subjects.filter((s) => s.type === 'work_item').map((s) => s.id);
  await syncItemsReminders(scoped, items);
  for (const s of subjects) if (s.type === 'enterprise_document') await syncDocumentReminders(scoped, s.id);
}

export interface FireResult {
  outcome: FireOutcome;
  /** (channel, target) pairs with new pending deliveries: each gets a flush. */
  flush: { channel: ReminderChannel; target: string }[];
  dueAt?: string;
}

/**
 * One reminder fired by hand (tools, tests): `fireReminders` for one, then its subject re-planned
 * in the same transaction if it was dropped. The worker fires in batches.
 */
export async function fireReminder(ctx: ScopedContext, reminderId: string, now = new Date()): Promise<FireResult> {
  const r = await fireReminders(ctx, [reminderId], now);
  await replanSubjects(ctx, r.replan);
  const o = r.outcomes.get(reminderId)!;
  return { outcome: o.outcome, flush: r.flush, ...(o.dueAt ? { dueAt: o.dueAt } : {}) };
}
