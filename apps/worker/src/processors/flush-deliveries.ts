import type { Db } from '@stationdesk/db';
import { flushDeliveries, flushInbox as flushInboxRound, type FlushResult, type Senders } from '@stationdesk/services';

/** Enough rounds for a very busy morning; the reconciler picks up anything beyond. */
const MAX_ROUNDS = 20;

/**
 * notifications/flush-inbox: everything pending in one tenant's inboxes (more than the firing
 * transaction took, or what the reconciler found left), one notification per person, in rounds of
 * up to a thousand deliveries (each round one transaction).
 */
export function flushInbox(deps: { db: Db }) {
  return async (data: unknown): Promise<FlushResult> => {
    const { tenantId } = data as { tenantId: string };
    let sent = 0;
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const r = await flushInboxRound(deps.db, tenantId);
      sent += r.sent;
      if (!r.full) break;
    }
    return { sent, uncertain: 0 };
  };
}

/**
 * notifications/flush: one message to one recipient on one channel (e-mail, robot) with
 * everything pending; an inbox one flushes the tenant's inboxes.
 *
 * The job id is one per recipient and channel, so a delivery that arrives while this job runs
 * cannot get a job of its own (its add collapses into this running one): go round until nothing
 * is pending. The few milliseconds between the last empty round and the job's end are covered by
 * the reconciler's "stuck delivery" pass.
 */
export function flush(deps: { db: Db; senders: Senders }) {
  const inbox = flushInbox(deps);
  return async (data: unknown): Promise<FlushResult> => {
    const { tenantId, channel, target } = data as { tenantId: string; channel: 'inbox' | 'email' | 'webhook'; target: string };
    if (channel === 'inbox') return inbox({ tenantId });
    const total: FlushResult = { sent: 0, uncertain: 0 };
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const r = await flushDeliveries(deps.db, tenantId, channel, target, deps.senders);
      total.sent += r.sent;
      total.uncertain += r.uncertain;
      if (r.sent === 0) break;
    }
    return total;
  };
}
