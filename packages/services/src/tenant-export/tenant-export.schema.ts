import { z } from 'zod';
import { idempotencyKey } from '../schema.ts';

export const tenantExportStatuses = ['pending', 'running', 'ready', 'failed'] as const;

export const tenantExportOutput = z.object({
  id: z.uuid(),
  status: z.enum(tenantExportStatuses),
  /** 0–100, as the worker reports it. */
  progress: z.number().int(),
  /** The part being written now (a domain, or `files`). */
  step: z.string().nullable(),
  requestedAt: z.string(),
  requestedBy: z.object({ userId: z.uuid(), name: z.string().nullable() }),
  finishedAt: z.string().nullable(),
  sizeBytes: z.number().nullable(),
  fileCount: z.number().int().nullable(),
  rowCount: z.number().nullable(),
  error: z.string().nullable(),
});
export type TenantExportOutput = z.infer<typeof tenantExportOutput>;

/** tenantExport.request (managers): the tenant's whole archive, built by the worker; one at a time. */
export const requestTenantExportInput = z.object({ idempotencyKey: idempotencyKey.optional() }).strict().optional();
export type RequestTenantExportInput = z.infer<typeof requestTenantExportInput>;
export const requestTenantExportOutput = tenantExportOutput;

/** tenantExport.list (managers): the latest exports, newest first. */
export const listTenantExportsInput = z.object({ limit: z.number().int().min(1).max(50).optional() }).strict().optional();
export type ListTenantExportsInput = z.infer<typeof listTenantExportsInput>;
export const listTenantExportsOutput = z.array(tenantExportOutput);
export type ListTenantExportsOutput = z.infer<typeof listTenantExportsOutput>;

/** tenantExport.link (managers): a short-lived download link to a finished export. */
export const tenantExportLinkInput = z.object({ id: z.uuid() }).strict();
export type TenantExportLinkInput = z.infer<typeof tenantExportLinkInput>;
export const tenantExportLinkOutput = z.object({ url: z.string(), expiresAt: z.string() });
export type TenantExportLinkOutput = z.infer<typeof tenantExportLinkOutput>;
