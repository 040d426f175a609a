import type { Db } from '@stationdesk/db';
import { flushDeliveries, type Senders } from '@stationdesk/services';

/** notifications/flush: one message to one recipient on one channel with everything pending. */
export function flush(deps: { db: Db; senders: Senders }) {
  return async (data: unknown) => {
    const { tenantId, channel, target } = data as { tenantId: string; channel: 'inbox' | 'email' | 'webhook'; target: string };
    return flushDeliveries(deps.db, tenantId, channel, target, deps.senders);
  };
}
