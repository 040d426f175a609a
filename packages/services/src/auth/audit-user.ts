import { sql } from 'kysely';
import { repo, type Tx } from '@stationdesk/db';

/**
 * A user-level security event (a sign-in, a failed password, a password reset) goes to the audit
 * log of the tenants the user belongs to — each tenant's managers see it in their own log. The
 * transaction is scoped to the user and names each tenant in turn for its row; `only` narrows it to
 * one tenant (a sign-in is logged where the session enters). A user of no tenant (a platform
 * operator) is logged by the caller. Answers how many rows were written.
 */
export async function auditUserEvent(
  trx: Tx,
  userId: string,
  entry: { action: string; data?: Record<string, unknown>; ip: string | null },
  only?: string | null,
): Promise<number> {
  let q = trx.selectFrom('memberships').select('tenant_id').where('user_id', '=', userId);
  if (only !== undefined) q = q.where('tenant_id', '=', only ?? '00000000-0000-0000-0000-000000000000');
  const tenants = await q.execute();
  for (const { tenant_id } of tenants) {
    await sql`select set_config('app.tenant_id', ${tenant_id}, true)`.execute(trx);
    await repo.recordAudit(trx, { tenantId: tenant_id, actorUserId: userId, action: entry.action, subjectType: 'user', subjectId: userId, data: entry.data ?? {}, ip: entry.ip });
  }
  if (tenants.length) await sql`select set_config('app.tenant_id', '', true)`.execute(trx);
  return tenants.length;
}
