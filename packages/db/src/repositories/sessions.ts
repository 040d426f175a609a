import type { Tx } from '../tenant.ts';

export function insertSession(
  trx: Tx,
  s: { id: string; userId: string; activeTenantId: string | null; expiresAt: Date; ip: string | null; userAgent: string | null },
) {
  return trx
    .insertInto('sessions')
    .values({
      id: s.id,
      user_id: s.userId,
      active_tenant_id: s.activeTenantId,
      expires_at: s.expiresAt,
      ip: s.ip,
      user_agent: s.userAgent?.slice(0, 500) ?? null,
    })
    .returning(['id', 'expires_at'])
    .executeTakeFirstOrThrow();
}

export function deleteSession(trx: Tx, id: string) {
  return trx.deleteFrom('sessions').where('id', '=', id).execute();
}

export function deleteUserSessions(trx: Tx, userId: string, exceptId?: string) {
  let q = trx.deleteFrom('sessions').where('user_id', '=', userId);
  if (exceptId) q = q.where('id', '<>', exceptId);
  return q.execute();
}

export function setActiveTenant(trx: Tx, id: string, tenantId: string) {
  return trx.updateTable('sessions').set({ active_tenant_id: tenantId }).where('id', '=', id).execute();
}
