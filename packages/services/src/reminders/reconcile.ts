import { calendarReminderTime, digestTime, localDate, weeklySummaryTime } from '@stationdesk/core';
import { withSystemScan, withTenant, type Db } from '@stationdesk/db';
import { flushJobId, inboxFlushJobId, jobs, reminderJobId, type QueueProducer } from '@stationdesk/jobs';
import { IDEMPOTENCY_KEY_TTL_HOURS } from '../idempotency/run-once.ts';
import { loadCalendar } from '../calendar/working-time.ts';

/** A digest or summary is made only within this long after its time (a worker down all day does not send yesterday's at night). */
const DIGEST_WINDOW_MS = 6 * 3_600_000;
/** A delivery pending longer than this has lost its flush job. */
const STUCK_DELIVERY_MS = 30_000;

export interface ReconcileResult {
  fired: number;
  flushes: number;
  digests: number;
}

/**
 * Every minute: whatever is due in the database and not sent is enqueued again (same job id, so a
 * reminder the queue still holds is not doubled); pending deliveries whose flush was lost get one;
 * digests and weekly summaries whose time has come are scheduled. A Redis that lost its data, a
 * worker that crashed, a job never enqueued — each costs at most a minute.
 */
export async function reconcile(db: Db, producer: QueueProducer, now = new Date()): Promise<ReconcileResult> {
  const { due, stuck, tenants } = await withSystemScan(db, 'reminders', async (trx) => ({
    due: await trx
      .selectFrom('reminders')
      .select(['tenant_id', 'id'])
      .where('status', '=', 'scheduled')
      .where('due_at', '<=', now.toISOString())
      // A suspended tenant's reminders wait for its resumption (0037); then they are due here again.
      .where(({ not, exists, selectFrom }) =>
        not(exists(selectFrom('tenants').select('tenants.id').whereRef('tenants.id', '=', 'reminders.tenant_id').where('tenants.status', '=', 'suspended'))),
      )
      .orderBy('due_at')
      .limit(20_000)
      .execute(),
    stuck: await trx
      .selectFrom('deliveries')
      .select(['tenant_id', 'channel', 'target'])
      .where('status', '=', 'pending')
      .where('created_at', '<', new Date(now.getTime() - STUCK_DELIVERY_MS).toISOString())
      .distinct()
      .limit(5000)
      .execute(),
    tenants: await trx.selectFrom('tenants').select(['id', 'timezone']).where('status', '=', 'active').execute(),
  }));
  for (const r of due) await producer.enqueue(jobs.fireReminder, { tenantId: r.tenant_id, reminderId: r.id }, { jobId: reminderJobId(r.id) });
  const inboxes = new Set<string>();
  for (const d of stuck) {
    // The inbox is flushed a tenant at a time.
    if (d.channel === 'inbox') inboxes.add(d.tenant_id);
    else await producer.enqueue(jobs.flushDeliveries, { tenantId: d.tenant_id, channel: d.channel, target: d.target }, { jobId: flushJobId(d.tenant_id, d.channel, d.target) });
  }
  for (const tenantId of inboxes) await producer.enqueue(jobs.flushInbox, { tenantId }, { jobId: inboxFlushJobId(tenantId, now.getTime()) });
  let digests = 0;
  for (const t of tenants) digests += await scheduleDigests(db, producer, t.id, t.timezone, now);
  // Idempotency keys answer retries for a day; older ones are only weight.
  await withSystemScan(db, 'reminders', (trx) =>
    trx.deleteFrom('idempotency_keys').where('created_at', '<', new Date(now.getTime() - IDEMPOTENCY_KEY_TTL_HOURS * 3_600_000).toISOString()).execute(),
  );
  return { fired: due.length, flushes: stuck.length, digests };
}

/**
 * The staff's morning digest (08:30 on working days of the tenant's calendar: holidays off, make-up
 * Saturdays on) and the managers' Monday summary, as reminders with one key per person and day; in
 * December, while next year's holidays are missing, the managers' reminder to import them, one key
 * per person and week.
 */
export async function scheduleDigests(db: Db, producer: QueueProducer | null, tenantId: string, timezone: string, now = new Date()): Promise<number> {
  const created = await withTenant(db, tenantId, async (trx) => {
    const calendar = await loadCalendar(trx, timezone);
    const date = localDate(now, timezone);
    // `period` makes the key: one reminder per person and period, however often this runs.
    const plans: { kind: string; at: Date; role: 'staff' | 'manager'; period: string }[] = [];
    const inWindow = (at: Date) => now >= at && now.getTime() - at.getTime() < DIGEST_WINDOW_MS;
    const digestAt = digestTime(calendar, now);
    if (digestAt && inWindow(digestAt)) plans.push({ kind: 'daily_digest', at: digestAt, role: 'staff', period: date });
    const summaryAt = weeklySummaryTime(timezone, now);
    if (summaryAt && inWindow(summaryAt)) plans.push({ kind: 'weekly_summary', at: summaryAt, role: 'manager', period: date });
    const missing = calendarReminderTime(calendar, calendar.holidayYears, now);
    if (missing && inWindow(missing.at)) plans.push({ kind: 'calendar_missing', at: missing.at, role: 'manager', period: `${missing.year}:${missing.week}` });
    const rows: { id: string; due_at: string }[] = [];
    for (const p of plans) {
      const people = await trx.selectFrom('memberships').select('user_id').where('role', '=', p.role).execute();
      if (people.length === 0) continue;
      rows.push(
        ...(await trx
          .insertInto('reminders')
          .values(
            people.map((u) => ({
              tenant_id: tenantId,
              kind: p.kind,
              subject_type: 'user' as const,
              subject_id: u.user_id,
              recipients: JSON.stringify([`user:${u.user_id}`]),
              channels: ['inbox', 'email'],
              due_at: p.at,
              idempotency_key: `${p.kind}:${p.period}:${u.user_id}`,
            })),
          )
          .onConflict((oc) => oc.doNothing())
          .returning(['id', 'due_at'])
          .execute()),
      );
    }
    return rows;
  });
  if (producer) for (const r of created) await producer.enqueue(jobs.fireReminder, { tenantId, reminderId: r.id }, { jobId: reminderJobId(r.id) });
  return created.length;
}
