import { z } from 'zod';
import { priorities, slaUnits, workItemKinds } from '@stationdesk/core';
import { recomputeOutput } from './recompute.schema.ts';
import { readVersion } from './version.schema.ts';

/** Largest value of a limit in any unit (10,000 working minutes is about a month of working time). */
export const maxSlaValue = 10_000;

const limitOutput = z.object({ value: z.int(), unit: z.enum(slaUnits) });

const policyOutput = z.object({
  kind: z.enum(workItemKinds),
  priority: z.enum(priorities),
  firstContact: limitOutput,
  resolution: limitOutput,
  /** No tenant row: the product default applies. */
  isDefault: z.boolean(),
  /** The product default, shown beside the tenant's value. */
  defaults: z.object({ firstContact: limitOutput, resolution: limitOutput }),
  updatedAt: z.string().nullable(),
  /** The limits as read: a save sends it back and is refused if they changed since. */
  version: readVersion,
});
export type PolicyOutput = z.infer<typeof policyOutput>;

/** slaPolicy.list: the policy of every kind and priority (4 × 3), the tenant's where set. */
export const listPoliciesOutput = z.array(policyOutput);

// Every unit is accepted here: the policy rules say why one does not fit (当天下班前 for a first contact).
const limit = z.object({ value: z.int().min(1).max(maxSlaValue), unit: z.enum(slaUnits) }).strict();

/** slaPolicy.update: one kind and priority's limits, as read (`version`). */
export const updatePolicyInput = z
  .object({ kind: z.enum(workItemKinds), priority: z.enum(priorities), firstContact: limit, resolution: limit, version: readVersion })
  .strict();
export type UpdatePolicyInput = z.infer<typeof updatePolicyInput>;
export const updatePolicyOutput = z.object({ policy: policyOutput, recompute: recomputeOutput });
export type UpdatePolicyOutput = z.infer<typeof updatePolicyOutput>;
