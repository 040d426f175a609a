import { repo, type Tx } from '@stationdesk/db';
import type { TenantView } from './tenants.schema.ts';

/** Platform scope: tenant names only — never their case data. */
export async function listTenants(trx: Tx): Promise<TenantView[]> {
  const rows = await repo.listAllTenants(trx);
  return rows.map((t) => ({ id: t.id, slug: t.slug, name: t.name, nameEn: t.name_en, timezone: t.timezone, createdAt: t.created_at }));
}
