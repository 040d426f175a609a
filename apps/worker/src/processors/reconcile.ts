import type { Db } from '@stationdesk/db';
import type { QueueProducer } from '@stationdesk/jobs';
import { reconcile as reconcileDue } from '@stationdesk/services';

/** maintenance/reconcile (every minute): whatever is due in the database gets (re)enqueued. */
export function reconcile(deps: { db: Db; producer: QueueProducer }) {
  return () => reconcileDue(deps.db, deps.producer);
}
