import { isRealDate } from '@stationdesk/core';
import { z } from 'zod';
import { line } from '../schema.ts';

/** A local date 'YYYY-MM-DD' in the tenant's zone. */
const localDay = z.string().refine(isRealDate, { message: 'YYYY-MM-DD' });

/** The filters of the audit log viewer: who, what (an action, e.g. `dispute.partyRevealed`), when (local days, both ends inclusive). */
const auditFilter = {
  actorUserId: z.uuid().optional(),
  action: line(100, { min: 1 }).optional(),
  from: localDay.optional(),
  to: localDay.optional(),
};

/** audit.list (managers): the tenant's audit log, newest first, a keyset page at a time. */
export const listAuditInput = z
  .object({ ...auditFilter, cursor: line(500).optional(), limit: z.number().int().min(1).max(200).optional() })
  .strict()
  .optional();
export type ListAuditInput = z.infer<typeof listAuditInput>;

export const auditEntryOutput = z.object({
  id: z.uuid(),
  at: z.string(),
  action: z.string(),
  actor: z.object({ userId: z.uuid(), name: z.string().nullable() }).nullable(),
  subjectType: z.string(),
  subjectId: z.string().nullable(),
  data: z.record(z.string(), z.unknown()),
  ip: z.string().nullable(),
});
export type AuditEntryOutput = z.infer<typeof auditEntryOutput>;

export const listAuditOutput = z.object({ items: z.array(auditEntryOutput), nextCursor: z.string().nullable() });
export type ListAuditOutput = z.infer<typeof listAuditOutput>;

/** audit.export (managers): the filtered log as .xlsx (up to EXPORT_MAX_ROWS rows); the export is itself audited. */
export const exportAuditInput = z.object({ ...auditFilter }).strict().optional();
export type ExportAuditInput = z.infer<typeof exportAuditInput>;
export const exportAuditOutput = z.object({ fileId: z.uuid(), fileName: z.string(), rows: z.number().int() });
export type ExportAuditOutput = z.infer<typeof exportAuditOutput>;

/** audit.people (managers): the people the person filter offers — the tenant's members, by name. */
export const auditPeopleOutput = z.array(z.object({ userId: z.uuid(), name: z.string(), role: z.string() }));
export type AuditPeopleOutput = z.infer<typeof auditPeopleOutput>;
