import type { Tx } from '../tenant.ts';

/** Platform scope only (RLS: app.platform). */
export function listAllTenants(trx: Tx) {
  return trx.selectFrom('tenants').selectAll().orderBy('created_at').execute();
}
