import type { Db } from '@stationdesk/db';
import type { QueueProducer } from '@stationdesk/jobs';
import { reconcile as reconcileDue, reconcileTenantExports } from '@stationdesk/services';

/** maintenance/reconcile (every minute): whatever is due in the database gets (re)enqueued. */
export function reconcile(deps: { db: Db; producer: QueueProducer }) {
  return async () => ({ ...(await reconcileDue(deps.db, deps.producer)), tenantExports: await reconcileTenantExports(deps.db, deps.producer) });
}
