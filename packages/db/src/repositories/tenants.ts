import type { Tx } from '../tenant.ts';

export function getTenant(trx: Tx, id: string) {
  return trx.selectFrom('tenants').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Platform scope only (RLS: app.platform). */
export function listAllTenants(trx: Tx) {
  return trx.selectFrom('tenants').selectAll().orderBy('created_at').execute();
}
