
import { missingRequired, planAgencyReminders, planDisputeReminders, planDocumentReminders, planItemReminders, type Priority, type ReminderSpec, type SlaPolicy, type WorkCalendar, type WorkItemKind } from '@stationdesk/core';
import type { Selectable } from 'kysely';
import type { Database } from '@stationdesk/db';
import { jobs, reminderJobId } from '@stationdesk/jobs';
import type { ScopedContext } from '../context.ts';
import { loadCalendar, loadPolicy } from '../calendar/working-time.ts';

type Subject = { type: 'work_item' | 'enterprise_document' | 'patrol_round' | 'duty_shift' | 'duty_sign_up'; id: string };

/** SLA policies are per kind and priority. */
const policyKey = (item: Pick<WorkItemRow, 'kind' | 'priority'>) => `${item.kind}:${item.priority}`;

/**
 * Brings subjects' scheduled reminders in line with their plans, in the caller's transaction:
 * new ones are inserted (or a cancelled one with the same key revived), ones no longer planned are
 * cancelled, sent ones are never touched — so a moved due time moves the reminder and a resolved
 * item's pending reminders disappear. New rows are enqueued as delayed jobs after commit.
 */
export async function applyPlans(
  ctx: ScopedContext,
  type: Subject['type'],
  plans: { id: string; plan: ReminderSpec[] }[],
  opts: { created?: boolean } = {},
): Promise<void> {
  for (let i = 0; i < plans.length; i += PLAN_CHUNK) {
    const chunk = plans.slice(i, i + PLAN_CHUNK);
    const keys = chunk.flatMap((p) => p.plan.map((r) => r.key));
    // Subjects created in this transaction have no reminders yet to cancel.
    if (!opts.created) {
      await ctx.trx
        .updateTable('reminders')
        .set({ status: 'cancelled', updated_at: new Date() })
        .where('subject_type', '=', type)
        .where('subject_id', 'in', chunk.map((p) => p.id))
        .where('status', '=', 'scheduled')
        .$if(keys.length > 0, (q) => q.where('idempotency_key', 'not in', keys))
        .execute();
    }
    const values = chunk.flatMap((s) =>
      s.plan.map((p) => ({
        tenant_id: ctx.tenantId,
        kind: p.kind,
        subject_type: type,
        subject_id: s.id,
        recipients: JSON.stringify(p.recipients),
        channels: p.channels,
        due_at: p.dueAt,
        idempotency_key: p.key,
      })),
    );
    if (values.length === 0) continue;
    const rows = await ctx.trx
      .insertInto('reminders')
      .values(values)
      .onConflict((oc) =>
        oc
          .columns(['tenant_id', 'idempotency_key'])
          .doUpdateSet({ status: 'scheduled', updated_at: new Date() })
          .where('reminders.status', '=', 'cancelled'),
      )
      .returning(['id', 'due_at'])
      .execute();
    enqueueAfterCommit(ctx, rows);
  }
}

/** Subjects per statement when many are planned at once (a calendar change moves thousands). */
const PLAN_CHUNK = 500;

export function applyPlan(ctx: ScopedContext, subject: Subject, plan: ReminderSpec[]): Promise<void> {
  return applyPlans(ctx, subject.type, [{ id: subject.id, plan }]);
}

/** Delayed jobs for freshly scheduled reminders, once the rows are committed. */
export function enqueueAfterCommit(ctx: ScopedContext, rows: { id: string; due_at: string }[]) {
  const { queue, afterCommit, tenantId } = ctx;
  if (!queue || !afterCommit || rows.length === 0) return;
  afterCommit(async () => {
    const now = Date.now();
    for (const r of rows) {
      await queue.enqueue(jobs.fireReminder, { tenantId, reminderId: r.id }, { jobId: reminderJobId(r.id), delayMs: new Date(r.due_at).getTime() - now });
    }
  });
}

/** The reminders of one work item, from its current state (called by every change to it). */
export function syncItemReminders(ctx: ScopedContext, itemId: string): Promise<void> {
  return syncItemsReminders(ctx, [itemId]);
}

/**
 * The first reminders of an item this transaction has just inserted (`item`: the row as written),
 * planned with the calendar and policy its due times came from: nothing to read again or cancel.
 */
export async function planNewItemReminders(ctx: ScopedContext, item: WorkItemRow, known: { calendar: WorkCalendar; policy: SlaPolicy }): Promise<void> {
  const plan = await itemPlanner(ctx, { calendar: known.calendar, policies: [[policyKey(item), known.policy]] });
  await applyPlans(ctx, 'work_item', await plan([item]), { created: true });
}

/** The same for many items at once (due times moved by a settings change): one calendar, chunked writes. */
export async function syncItemsReminders(ctx: ScopedContext, itemIds: readonly string[]): Promise<void> {
  if (itemIds.length === 0) return;
  const plan = await itemPlanner(ctx);
  for (let i = 0; i < itemIds.length; i += PLAN_CHUNK) {
    // In id order: transactions re-planning overlapping items lock their reminders in one order.
    const items = await ctx.trx.selectFrom('work_items').selectAll().where('id', 'in', itemIds.slice(i, i + PLAN_CHUNK)).orderBy('id').execute();
    await applyPlans(ctx, 'work_item', await plan(items));
  }
}

type WorkItemRow = Selectable<Database['work_items']>;

/**
 * Plans work items as they are now, reading only (the tenant's calendar once, each SLA policy
 * once, agency and dispute facts per item of those kinds): what syncing writes, and what firing
 * checks a due reminder against.
 */
export async function itemPlanner(
  ctx: ScopedContext,
  known: { calendar?: WorkCalendar; policies?: [string, SlaPolicy][] } = {},
): Promise<(items: WorkItemRow[]) => Promise<{ id: string; plan: ReminderSpec[] }[]>> {
  const calendar = known.calendar ?? (await loadCalendar(ctx.trx, ctx.timezone));
  const policies = new Map<string, SlaPolicy>(known.policies);
  return async (items) => {
    const plans = [];
    for (const item of items) {
      const key = policyKey(item);
      if (!policies.has(key)) policies.set(key, await loadPolicy(ctx.trx, item.kind as WorkItemKind, item.priority as Priority));
      const policy = policies.get(key)!;
      const d = (v: string | null) => (v ? new Date(v) : null);
      const plan = planItemReminders(
        {
          id: item.id,
          status: item.status,
          channel: item.channel,
          createdAt: new Date(item.created_at),
          firstContactAt: d(item.first_contact_at),
          firstContactDueAt: d(item.first_contact_due_at),
          resolutionDueAt: d(item.resolution_due_at),
          waitingSince: d(item.waiting_since),
          resolvedAt: d(item.resolved_at),
          rated: item.rating !== null,
          // A dispute's enterprise is a party, not a client: it is not nudged nor asked to rate.
          hasEnterprise: item.enterprise_id !== null && item.kind !== 'dispute',
          resolutionUnit: policy.resolution.unit,
          firstContactUnit: policy.firstContact.unit,
        },
        calendar,
      );
      if (item.kind === 'agency') plan.push(...(await agencyPlan(ctx, item.id, calendar)));
      if (item.kind === 'dispute') plan.push(...(await disputePlan(ctx, item.id)));
      plans.push({ id: item.id, plan });
    }
    return plans;
  };
}

/** An agency case adds its own deadlines (statutory, materials, department, pick-up) to its item's plan. */
async function agencyPlan(ctx: ScopedContext, itemId: string, calendar: WorkCalendar) {
  const c = await ctx.trx
    .selectFrom('agency_cases as a')
    .innerJoin('work_items as w', (j) => j.onRef('w.tenant_id', '=', 'a.tenant_id').onRef('w.id', '=', 'a.item_id'))
    .innerJoin('agency_checklists as cl', (j) => j.onRef('cl.tenant_id', '=', 'a.tenant_id').onRef('cl.id', '=', 'a.checklist_id'))
    .select(['a.step', 'a.statutory_due_at', 'a.done_at', 'a.result', 'a.picked_up_at', 'w.created_at', 'cl.items'])
    .where('a.item_id', '=', itemId)
    .executeTakeFirst();
  if (!c) return [];
  const materials = await ctx.trx.selectFrom('agency_materials').select(['checklist_key', 'status']).where('item_id', '=', itemId).execute();
  return planAgencyReminders(
    {
      itemId,
      step: c.step,
      createdAt: new Date(c.created_at),
      statutoryDueAt: new Date(c.statutory_due_at),
      missingRequired: missingRequired(c.items, materials.map((m) => ({ key: m.checklist_key, status: m.status }))).length,
      doneAt: c.done_at ? new Date(c.done_at) : null,
      result: c.result,
      pickedUpAt: c.picked_up_at ? new Date(c.picked_up_at) : null,
    },
    calendar,
  );
}

/** After a mediation agreement, the +7 and +30 day follow-up visits not yet recorded. */
async function disputePlan(ctx: ScopedContext, itemId: string) {
  const c = await ctx.trx.selectFrom('dispute_cases').select(['outcome', 'outcome_at']).where('item_id', '=', itemId).executeTakeFirst();
  if (!c) return [];
  const visits = await ctx.trx.selectFrom('dispute_visits').select('visit_no').where('item_id', '=', itemId).execute();
  return planDisputeReminders({ itemId, outcome: c.outcome, outcomeAt: c.outcome_at ? new Date(c.outcome_at) : null, visitsDone: visits.map((v) => v.visit_no) }, ctx.timezone);
}

/** Licence and lease expiry reminders of one document (30 and 7 days before). */
export async function syncDocumentReminders(ctx: ScopedContext, documentId: string): Promise<void> {
  const doc = await ctx.trx.selectFrom('enterprise_documents').select(['id', 'expires_on']).where('id', '=', documentId).executeTakeFirst();
  const now = Date.now();
  const plan = doc ? planDocumentReminders({ id: doc.id, expiresOn: doc.expires_on }, ctx.timezone).filter((p) => p.dueAt.getTime() > now) : [];
  await applyPlan(ctx, { type: 'enterprise_document', id: documentId }, plan);
}

