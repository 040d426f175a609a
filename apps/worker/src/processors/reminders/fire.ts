import { withTenant, type Db } from '@stationdesk/db';
import { flushJobId, jobs, reminderJobId, type QueueProducer } from '@stationdesk/jobs';
import { fireReminder } from '@stationdesk/services';

export interface FireDeps {
  db: Db;
  producer: QueueProducer;
  /** How long a flush waits for more deliveries to the same person (one message, not ten). */
  batchWindowMs: number;
}

/** reminders/fire: the reminder decides inside its tenant; each new delivery target gets a flush. */
export function fire(deps: FireDeps) {
  return async (data: unknown) => {
    const { tenantId, reminderId } = data as { tenantId: string; reminderId: string };
    const result = await withTenant(deps.db, tenantId, async (trx) => {
      const tenant = await trx.selectFrom('tenants').select('timezone').where('id', '=', tenantId).executeTakeFirstOrThrow();
      return fireReminder({ trx, tenantId, timezone: tenant.timezone }, reminderId);
    });
    if (result.outcome === 'not_due' && result.dueAt) {
      // Enqueued early (a reconciler race, a clock step): come back when it is due.
      await deps.producer.enqueue(jobs.fireReminder, { tenantId, reminderId }, { jobId: `${reminderJobId(reminderId)}-${Date.parse(result.dueAt)}`, delayMs: Date.parse(result.dueAt) - Date.now() });
    }
    for (const t of result.flush) {
      await deps.producer.enqueue(jobs.flushDeliveries, { tenantId, channel: t.channel, target: t.target }, { jobId: flushJobId(tenantId, t.channel, t.target), delayMs: deps.batchWindowMs });
    }
    return result.outcome;
  };
}
