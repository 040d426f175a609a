import type { Logger } from 'pino';
import type { Db } from '@stationdesk/db';
import { generateRoundsForAllTenants } from '@stationdesk/services';

/** maintenance/patrol-rounds (every few minutes, and at start): every tenant's patrol rounds up to its own today. */
export function generatePatrolRounds(deps: { db: Db; log: Logger }) {
  return async () => {
    const r = await generateRoundsForAllTenants(deps.db);
    if (r.created || r.missed) deps.log.info({ created: r.created, missed: r.missed }, 'patrol rounds generated');
    return r;
  };
}
