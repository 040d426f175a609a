import { withTenant, type Db } from '@stationdesk/db';
import { jobs, reminderJobId, type QueueProducer } from '@stationdesk/jobs';
import { syncItemReminders } from '@stationdesk/services';
import { uid, type TestTenant } from '@stationdesk/test-utils';

/**
 * Work items whose resolution deadline is seconds away, with their reminders planned by the
 * product's own `syncItemReminders` (fire time re-plans an item, so a hand-written reminder row
 * would be cancelled). Of the plan only `resolution_overdue` is left scheduled: the warning a day
 * before falls in the past for a deadline seconds away and is set aside ('failed', which the plan
 * never touches), and first contact is recorded so the first-contact reminders go.
 */
export async function dueSoon(
  t: { db: Db; owner: Db },
  tenant: TestTenant,
  itemIds: string[],
  dueAt: Date,
  producer: QueueProducer | null,
): Promise<Map<string, string>> {
  await t.owner.pool.query(
    `update work_items set resolution_due_at = $2, first_contact_at = coalesce(first_contact_at, created_at), updated_at = now()
      where tenant_id = $1 and id = any($3::uuid[])`,
    [tenant.tenantId, dueAt, itemIds],
  );
  // Four transactions side by side: a thousand items are planned in a few seconds.
  const chunks = Array.from({ length: 4 }, (_, k) => itemIds.filter((_, i) => i % 4 === k)).filter((c) => c.length > 0);
  const planned = (
    await Promise.all(
      chunks.map((chunk) =>
        withTenant(t.db, tenant.tenantId, async (trx) => {
          const { timezone } = await trx.selectFrom('tenants').select('timezone').where('id', '=', tenant.tenantId).executeTakeFirstOrThrow();
          for (const id of chunk) await syncItemReminders({ trx, tenantId: tenant.tenantId, timezone, queue: null }, id);
          await trx
            .updateTable('reminders')
            .set({ status: 'failed', last_error: 'set aside by the test: only resolution_overdue is under test', updated_at: new Date() })
            .where('subject_id', 'in', chunk)
            .where('status', '=', 'scheduled')
            .where('kind', '<>', 'resolution_overdue')
            .execute();
          return trx.selectFrom('reminders').select(['id', 'subject_id', 'due_at']).where('subject_id', 'in', chunk).where('status', '=', 'scheduled').execute();
        }),
      ),
    )
  ).flat();
  if (planned.length !== itemIds.length || planned.some((r) => new Date(r.due_at).getTime() !== dueAt.getTime())) {
    throw new Error(`expected one resolution_overdue reminder at ${dueAt.toISOString()} per item, got ${JSON.stringify(planned.slice(0, 5))}`);
  }
  // As the product does after commit: a delayed job per reminder (the reconciler is the safety net).
  if (producer) {
    const queue = [...planned];
    const enqueueNext = async (): Promise<void> => {
      const r = queue.shift();
      if (!r) return;
      await producer.enqueue(jobs.fireReminder, { tenantId: tenant.tenantId, reminderId: r.id }, { jobId: reminderJobId(r.id), delayMs: new Date(r.due_at).getTime() - Date.now() });
      return enqueueNext();
    };
    await Promise.all(Array.from({ length: 8 }, enqueueNext));
  }
  return new Map(planned.map((r) => [r.subject_id!, r.id]));
}

/** Open, assigned consultations written directly (bulk scenarios); returns title → id. */
export async function insertItems(owner: Db, tenant: TestTenant, items: { title: string; assigneeId: string }[]): Promise<Map<string, string>> {
  const prefix = `T${uid()}`;
  const { rows } = await owner.pool.query<{ id: string; title: string }>(
    `insert into work_items (tenant_id, kind, number, station_id, title, channel, status, assignee_id, assigned_at, accepted_at, first_contact_at,
                             first_contact_due_at, resolution_due_at)
     select $1, 'consultation', $2 || '-' || lpad(x.n::text, 5, '0'), $3, x.title, 'phone', 'in_progress', x.assignee, now(), now(), now(),
            now() + interval '1 day', now() + interval '3 days'
       from unnest($4::text[], $5::uuid[]) with ordinality as x(title, assignee, n)
     returning id, title`,
    [tenant.tenantId, prefix, tenant.stations[0]!.id, items.map((i) => i.title), items.map((i) => i.assigneeId)],
  );
  return new Map(rows.map((r) => [r.title, r.id]));
}
