import { groupBy } from '@stationdesk/core';
import { withTenant, type Db } from '@stationdesk/db';
import { flushJobId, inboxFlushJobId, jobs, reminderJobId, type QueueProducer } from '@stationdesk/jobs';
import { fireReminders, replanSubjects, writeInbox, type FireBatchResult, type FireOutcome } from '@stationdesk/services';
import { createBatcher } from '../batcher.ts';

export interface FireDeps {
  db: Db;
  producer: QueueProducer;
  /** The window an e-mail or robot flush gathers deliveries over (one message, not ten). */
  batchWindowMs: number;
  /** Reminders fired together: at most this many, waiting at most this long for each other. */
  batch: { maxSize: number; waitMs: number };
}

type Payload = { tenantId: string; reminderId: string };

/**
 * reminders/fire: one job per reminder (its id is the job id), but jobs running side by side are
 * fired together — one transaction per tenant for the whole batch, not one per reminder. A job
 * finishes when its batch has committed; a batch that fails fails its jobs, which are retried.
 */
export function fire(deps: FireDeps) {
  const add = createBatcher<Payload, FireOutcome>({ ...deps.batch, run: (items) => fireBatch(deps, items) });
  return async (data: unknown) => {
    const outcome = await add(data as Payload);
    // A transition re-planning its item holds it: come back once that has committed.
    if (outcome === 'busy') throw new Error('reminder locked by another transaction; retried');
    return outcome;
  };
}

async function fireBatch(deps: FireDeps, items: Payload[]): Promise<(FireOutcome | Error)[]> {
  const byTenant = groupBy(items, (i) => i.tenantId, (i) => i.reminderId);
  const outcomes = new Map<string, FireOutcome | Error>();
  await Promise.all(
    [...byTenant].map(async ([tenantId, ids]) => {
      try {
        // The inbox is written in the firing transaction: one message per person for what fell due
        // together, live within the fire lag, and exactly once with the deliveries it marks.
        const { result, inboxFull } = await withTenant(deps.db, tenantId, async (trx) => {
          const fired = await fireReminders({ trx, tenantId }, ids);
          const inbox = fired.flush.filter((t) => t.channel === 'inbox').map((t) => t.target);
          return { result: fired, inboxFull: inbox.length > 0 && (await writeInbox(trx, tenantId, { targets: inbox })).full };
        });
        for (const [id, o] of result.outcomes) outcomes.set(`${tenantId} ${id}`, o.outcome);
        await afterFire(deps, tenantId, result, inboxFull);
      } catch (e) {
        for (const id of ids) outcomes.set(`${tenantId} ${id}`, e instanceof Error ? e : new Error(String(e)));
      }
    }),
  );
  return items.map((i) => outcomes.get(`${i.tenantId} ${i.reminderId}`) ?? new Error('reminder not fired'));
}

/**
 * Once a tenant's batch has committed: flushes for the new e-mail and robot deliveries (and the
 * inbox, when more was pending than one write takes), early ones back in the queue, dropped
 * subjects re-planned.
 */
async function afterFire(deps: FireDeps, tenantId: string, result: FireBatchResult, inboxFull: boolean) {
  const { producer } = deps;
  for (const [reminderId, o] of result.outcomes) {
    if (o.outcome !== 'not_due' || !o.dueAt) continue;
    const dueAt = Date.parse(o.dueAt);
    await producer.enqueue(jobs.fireReminder, { tenantId, reminderId }, { jobId: `${reminderJobId(reminderId)}-${dueAt}`, delayMs: dueAt - Date.now() });
  }
  if (inboxFull) await producer.enqueue(jobs.flushInbox, { tenantId }, { jobId: inboxFlushJobId(tenantId) });
  for (const t of result.flush) {
    if (t.channel === 'inbox') continue;
    await producer.enqueue(jobs.flushDeliveries, { tenantId, channel: t.channel, target: t.target }, { jobId: flushJobId(tenantId, t.channel, t.target), delayMs: deps.batchWindowMs });
  }
  if (result.replan.length) {
    const committed: (() => Promise<void>)[] = [];
    await withTenant(deps.db, tenantId, (trx) => replanSubjects({ trx, tenantId, queue: producer, afterCommit: (fn) => void committed.push(fn) }, result.replan));
    for (const fn of committed) await fn();
  }
}
