import { z } from 'zod';
import { line } from '../schema.ts';

/** Longest grant a manager may give (issue 21: time-boxed, e.g. 4 hours). */
export const SUPPORT_ACCESS_MAX_HOURS = 24;

/** supportAccess.grant: the platform operators may read the tenant for `hours`, for `reason`. */
export const grantSupportAccessInput = z.object({ hours: z.number().int().min(1).max(SUPPORT_ACCESS_MAX_HOURS), reason: line(500, { min: 1 }) }).strict();
export type GrantSupportAccessInput = z.infer<typeof grantSupportAccessInput>;
export const grantSupportAccessOutput = z.object({ id: z.uuid(), expiresAt: z.string() });
export type GrantSupportAccessOutput = z.infer<typeof grantSupportAccessOutput>;

/** supportAccess.revoke: ends a live grant at once. */
export const revokeSupportAccessInput = z.object({ id: z.uuid() }).strict();
export type RevokeSupportAccessInput = z.infer<typeof revokeSupportAccessInput>;

const accessOutput = z.object({
  at: z.string(),
  operatorName: z.string().nullable(),
  /** The procedure asked for. */
  path: z.string(),
  /** read: answered (read-only); refused: a write during the grant, refused. */
  outcome: z.enum(['read', 'refused']),
});

/** supportAccess.list: the tenant's grants, newest first, each with the accesses made under it. */
export const listSupportAccessOutput = z.object({
  rows: z.array(
    z.object({
      id: z.uuid(),
      reason: z.string(),
      grantedByName: z.string().nullable(),
      createdAt: z.string(),
      expiresAt: z.string(),
      revokedAt: z.string().nullable(),
      revokedByName: z.string().nullable(),
      live: z.boolean(),
      accessCount: z.number().int(),
      /** The latest accesses (at most 100). */
      accesses: z.array(accessOutput),
    }),
  ),
  /** Operator attempts refused because no grant was live (latest 20). */
  refused: z.array(accessOutput.omit({ outcome: true })),
});
export type ListSupportAccessOutput = z.infer<typeof listSupportAccessOutput>;

/** supportAccess.available (operators): the tenants whose grant is live now. */
export const availableSupportAccessOutput = z.array(
  z.object({ tenantId: z.uuid(), tenantName: z.string(), tenantNameEn: z.string().nullable(), reason: z.string(), expiresAt: z.string() }),
);
export type AvailableSupportAccessOutput = z.infer<typeof availableSupportAccessOutput>;

/** supportAccess.enter (operators): the session enters a tenant under its live grant. */
export const enterSupportAccessInput = z.object({ tenantId: z.uuid() }).strict();
export type EnterSupportAccessInput = z.infer<typeof enterSupportAccessInput>;
export const enterSupportAccessOutput = z.object({ expiresAt: z.string() });
