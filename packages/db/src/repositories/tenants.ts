import type { Tx } from '../tenant.ts';

/** Platform scope only (RLS: app.platform). */
export function listAllTenants(trx: Tx) {
  return trx.selectFrom('tenants').selectAll().orderBy('created_at').execute();
}

/** Which of these tenants are suspended (0037); RLS shows a user the tenants they belong to. */
export async function suspendedTenantIds(trx: Tx, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await trx.selectFrom('tenants').select('id').where('id', 'in', ids).where('status', '=', 'suspended').execute();
  return new Set(rows.map((r) => r.id));
}
