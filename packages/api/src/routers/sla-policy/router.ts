import { z } from 'zod';
import { priorities, slaUnits, workItemKinds } from '@stationdesk/core';
import { listPolicies, maxSlaValue, updatePolicy } from '@stationdesk/services';
import { managerProcedure, router, staffProcedure } from '../../trpc.ts';
import { recomputeOutput, settingsVersion } from '../calendar/router.ts';

// Every unit is accepted here: the policy rules say why one does not fit (当天下班前 for a first contact).
const limit = z.object({ value: z.int().min(1).max(maxSlaValue), unit: z.enum(slaUnits) }).strict();
const limitOutput = z.object({ value: z.int(), unit: z.enum(slaUnits) });

const policyOutput = z.object({
  kind: z.enum(workItemKinds),
  priority: z.enum(priorities),
  firstContact: limitOutput,
  resolution: limitOutput,
  isDefault: z.boolean(),
  defaults: z.object({ firstContact: limitOutput, resolution: limitOutput }),
  updatedAt: z.string().nullable(),
  version: settingsVersion,
});

export const slaPolicyRouter = router({
  list: staffProcedure.output(z.array(policyOutput)).query(({ ctx }) => listPolicies(ctx.tenant)),
  update: managerProcedure
    .input(z.object({ kind: z.enum(workItemKinds), priority: z.enum(priorities), firstContact: limit, resolution: limit, version: settingsVersion }).strict())
    .output(z.object({ policy: policyOutput, recompute: recomputeOutput }))
    .mutation(({ ctx, input }) => updatePolicy(ctx.tenant, input)),
});
