import type { Db } from '@stationdesk/db';
import { flushDeliveries, type FlushResult, type Senders } from '@stationdesk/services';

/** Enough for 200-row rounds of a very busy morning; the reconciler picks up anything beyond. */
const MAX_ROUNDS = 20;

/**
 * notifications/flush: one message to one recipient on one channel with everything pending.
 *
 * The job id is one per recipient and channel, so a delivery that arrives while this job runs
 * cannot get a job of its own (its add collapses into this running one): go round until nothing
 * is pending. The few milliseconds between the last empty round and the job's end are covered by
 * the reconciler's "stuck delivery" pass.
 */
export function flush(deps: { db: Db; senders: Senders }) {
  return async (data: unknown): Promise<FlushResult> => {
    const { tenantId, channel, target } = data as { tenantId: string; channel: 'inbox' | 'email' | 'webhook'; target: string };
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
