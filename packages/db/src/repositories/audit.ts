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

export function listAudit(trx: Tx, opts: { subjectType?: string; subjectId?: string; limit: number }) {
  let q = trx.selectFrom('audit_log').selectAll().orderBy('at', 'desc').orderBy('id', 'desc').limit(opts.limit);
  if (opts.subjectType) q = q.where('subject_type', '=', opts.subjectType);
  if (opts.subjectId) q = q.where('subject_id', '=', opts.subjectId);
  return q.execute();
}
