
import { missingRequired, planAgencyReminders, planDocumentReminders, planItemReminders, type Priority, type ReminderSpec, type WorkItemKind } from '@stationdesk/core';
import { jobs, reminderJobId } from '@stationdesk/jobs';
import type { ScopedContext } from '../context.ts';
import { loadCalendar, loadPolicy } from '../work-items/calendar.ts';

/**
 * Brings a subject's scheduled reminders in line with its plan, in the caller's transaction:
 * new ones are inserted (or a cancelled one with the same key revived), ones no longer planned are
 * cancelled, sent ones are never touched — so a moved due time moves the reminder and a resolved
 * item's pending reminders disappear. New rows are enqueued as delayed jobs after commit.
 */
export async function applyPlan(ctx: ScopedContext, subject: { type: 'work_item' | 'enterprise_document'; id: string }, plan: ReminderSpec[]): Promise<void> {
  const keys = plan.map((p) => p.key);
  await ctx.trx
    .updateTable('reminders')
    .set({ status: 'cancelled', updated_at: new Date() })
    .where('subject_type', '=', subject.type)
    .where('subject_id', '=', subject.id)
    .where('status', '=', 'scheduled')
    .$if(keys.length > 0, (q) => q.where('idempotency_key', 'not in', keys))
    .execute();
  if (plan.length === 0) return;
  const rows = await ctx.trx
    .insertInto('reminders')
    .values(
      plan.map((p) => ({
        tenant_id: ctx.tenantId,
        kind: p.kind,
        subject_type: subject.type,
        subject_id: subject.id,
        recipients: JSON.stringify(p.recipients),
        channels: p.channels,
        due_at: p.dueAt,
        idempotency_key: p.key,
      })),
    )
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
export async function syncItemReminders(ctx: ScopedContext, itemId: string): Promise<void> {
  const item = await ctx.trx.selectFrom('work_items').selectAll().where('id', '=', itemId).executeTakeFirst();
  if (!item) return;
  const calendar = await loadCalendar(ctx.trx, ctx.timezone);
  const policy = await loadPolicy(ctx.trx, item.kind as WorkItemKind, item.priority as Priority);
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
      hasEnterprise: item.enterprise_id !== null,
      resolutionUnit: policy.resolution.unit,
      firstContactUnit: policy.firstContact.unit,
    },
    calendar,
  );
  if (item.kind === 'agency') plan.push(...(await agencyPlan(ctx, item.id, calendar)));
  await applyPlan(ctx, { type: 'work_item', id: item.id }, plan);
}

/** An agency case adds its own deadlines (statutory, materials, department, pick-up) to its item's plan. */
async function agencyPlan(ctx: ScopedContext, itemId: string, calendar: Awaited<ReturnType<typeof loadCalendar>>) {
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

/** Licence and lease expiry reminders of one document (30 and 7 days before). */
export async function syncDocumentReminders(ctx: ScopedContext, documentId: string): Promise<void> {
  const doc = await ctx.trx.selectFrom('enterprise_documents').select(['id', 'expires_on']).where('id', '=', documentId).executeTakeFirst();
  const now = Date.now();
  const plan = doc ? planDocumentReminders({ id: doc.id, expiresOn: doc.expires_on }, ctx.timezone).filter((p) => p.dueAt.getTime() > now) : [];
  await applyPlan(ctx, { type: 'enterprise_document', id: documentId }, plan);
}

/** Reminder counts by kind for one subject (used by tests and the item page). */
export async function scheduledReminders(ctx: ScopedContext, subjectId: string) {
  return ctx.trx
    .selectFrom('reminders')
    .select(['id', 'kind', 'due_at', 'status', 'idempotency_key'])
    .where('subject_id', '=', subjectId)
    .orderBy('due_at')
    .execute();
}

