import { z } from 'zod';
import { line } from '../schema.ts';

/** platform.tenants: names and status only, never their case data. */
export const tenantOutput = z.object({
  id: z.uuid(),
  slug: z.string(),
  name: z.string(),
  nameEn: z.string().nullable(),
  timezone: z.string(),
  status: z.enum(['active', 'suspended']),
  statusChangedAt: z.string().nullable(),
  createdAt: z.string(),
});
export type TenantView = z.infer<typeof tenantOutput>;
export const listTenantsOutput = z.array(tenantOutput);

/** An IANA time zone the runtime knows (Asia/Shanghai, Asia/Urumqi …). */
const timeZone = z
  .string()
  .max(64)
  .refine((tz) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return /^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)+$/.test(tz) || tz === 'UTC';
    } catch {
      return false;
    }
  }, 'errors.tenant.badTimezone');

/**
 * tenant.create: a subdistrict with its names, slug and time zone; this year's official holidays
 * are imported and the first manager is invited by e-mail.
 */
export const createTenantInput = z
  .object({
    name: line(100, { min: 1 }),
    nameEn: line(100).optional(),
    slug: z.string().regex(/^[a-z0-9-]{2,40}$/, 'errors.tenant.badSlug'),
    timezone: timeZone,
    managerEmail: z.email().max(254),
  })
  .strict();
export type CreateTenantInput = z.infer<typeof createTenantInput>;
export const createTenantOutput = z.object({
  id: z.uuid(),
  /** The year whose official holidays were imported; null when the app ships none for it. */
  calendarYear: z.number().int().nullable(),
  /** The first manager's invitation; the link is answered for copying when no e-mail goes out. */
  invitation: z.object({ invitationId: z.uuid(), link: z.string().nullable() }),
});
export type CreateTenantOutput = z.infer<typeof createTenantOutput>;

/** tenant.suspend / tenant.resume / tenant.usage */
export const tenantIdInput = z.object({ tenantId: z.uuid() }).strict();
export type TenantIdInput = z.infer<typeof tenantIdInput>;

/** tenant.usage: counts only — never case data. */
export const tenantUsageOutput = z.object({
  tenantId: z.uuid(),
  stations: z.number().int(),
  users: z.number().int(),
  /** Work items received since the first of this month, in the tenant's time zone. */
  itemsThisMonth: z.number().int(),
  /** Bytes of the tenant's stored files. */
  storageBytes: z.number().int(),
});
export type TenantUsageOutput = z.infer<typeof tenantUsageOutput>;
