import type { Logger } from 'pino';
import type { Db } from '@stationdesk/db';
import type { QueueProducer } from '@stationdesk/jobs';
import { runPatrolRulesForAllTenants, runPatrolRulesOfTenant } from '@stationdesk/services';

/**
 * maintenance/patrol-rules: the automatic findings (自动发现) — every tenant's rules hourly and at
 * start, or one tenant's soon after a change that may raise or clear one. Each run writes only
 * what changed since the last.
 */
export function runPatrolRules(deps: { db: Db; producer: QueueProducer; log: Logger }) {
  return async (data: unknown) => {
    const { tenantId } = data as { tenantId?: string };
    const opts = { queue: deps.producer, onAfterCommitError: (err: unknown) => deps.log.warn({ err }, 'could not enqueue a new finding’s reminders (the reconciler will)') };
    const r = tenantId ? await runPatrolRulesOfTenant(deps.db, tenantId, opts) : await runPatrolRulesForAllTenants(deps.db, opts);
    if (r && (r.raised || r.cleared || r.recurred)) deps.log.info({ tenantId, raised: r.raised, cleared: r.cleared, recurred: r.recurred }, 'patrol rules ran');
    return r;
  };
}
