import type { Tx } from '../tenant.ts';

export interface AuditEntry {
  tenantId: string;
  actorUserId: string | null;
  action: string;
  subjectType: string;
  subjectId?: string | null;
  data?: Record<string, unknown>;
  ip?: string | null;
}

export function recordAudit(trx: Tx, e: AuditEntry) {
  return trx
    .insertInto('audit_log')
    .values({
      tenant_id: e.tenantId,
      actor_user_id: e.actorUserId,
      action: e.action,
      subject_type: e.subjectType,
      subject_id: e.subjectId ?? null,
      data: JSON.stringify(e.data ?? {}),
      ip: e.ip ?? null,
    })
    .execute();
}
