import { enterpriseStatuses, industries } from '@stationdesk/core';
import { z } from 'zod';
import { line } from '../schema.ts';
import { enterpriseSummaryOutput } from './views.schema.ts';

/** The registry's filters (the list and its export). */
export const enterpriseFilterInput = z
  .object({
    stationId: z.uuid().optional(),
    buildingId: z.uuid().optional(),
    status: z.enum(enterpriseStatuses).optional(),
    tagId: z.uuid().optional(),
    industry: z.enum(industries).optional(),
    expiringWithinDays: z.number().int().min(0).max(366).optional(),
    q: line(100).optional(),
    sort: z.enum(['name', 'updated']).optional(),
  })
  .strict();
export type EnterpriseFilterInput = z.infer<typeof enterpriseFilterInput>;

/** enterprise.list */
export const listEnterprisesInput = enterpriseFilterInput.extend({ cursor: line(500).optional(), limit: z.number().int().min(1).max(100).optional() }).strict();
export type ListEnterprisesInput = z.infer<typeof listEnterprisesInput>;
export const listEnterprisesOutput = z.object({ items: z.array(enterpriseSummaryOutput), nextCursor: z.string().nullable() });
export type ListEnterprisesOutput = z.infer<typeof listEnterprisesOutput>;

/** enterprise.search: the quick search behind every "pick an enterprise" box. */
export const searchEnterprisesInput = z.object({ q: line(100, { min: 1 }), limit: z.number().int().min(1).max(20).optional() }).strict();
export type SearchEnterprisesInput = z.infer<typeof searchEnterprisesInput>;
export const searchEnterprisesOutput = z.array(enterpriseSummaryOutput);
