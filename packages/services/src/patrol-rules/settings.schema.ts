import { patrolRules, patrolTiers } from '@stationdesk/core';
import { z } from 'zod';

const threshold = z.object({
  key: z.string(),
  min: z.number().int(),
  max: z.number().int(),
  default: z.number().int(),
  unit: z.enum(['days', 'hours', 'count']),
});

/** patrolRule.list: every rule with the settings that apply, the bounds of its numbers and its open findings. */
export const listPatrolRulesOutput = z.object({
  rules: z.array(
    z.object({
      rule: z.enum(patrolRules),
      enabled: z.boolean(),
      tier: z.enum(patrolTiers),
      thresholds: z.record(z.string(), z.number().int()),
      limits: z.array(threshold),
      /** false: the product's defaults apply (the tenant never saved this rule). */
      custom: z.boolean(),
      updatedAt: z.string().nullable(),
      /** Automatic findings of this rule not yet closed. */
      openFindings: z.number().int(),
    }),
  ),
  lastRun: z
    .object({ finishedAt: z.string(), durationMs: z.number().int(), raised: z.number().int(), cleared: z.number().int(), recurred: z.number().int() })
    .nullable(),
});
export type ListPatrolRulesOutput = z.infer<typeof listPatrolRulesOutput>;

/** patrolRule.update: one rule's settings as a whole (core's ruleThresholdIssues checks the numbers). */
export const updatePatrolRuleInput = z
  .object({
    rule: z.enum(patrolRules),
    enabled: z.boolean(),
    tier: z.enum(patrolTiers),
    thresholds: z.record(z.string().regex(/^[a-zA-Z]{1,40}$/), z.number().int().min(0).max(1_000_000)),
  })
  .strict();
export type UpdatePatrolRuleInput = z.infer<typeof updatePatrolRuleInput>;
export const updatePatrolRuleOutput = listPatrolRulesOutput.shape.rules.element;
export type UpdatePatrolRuleOutput = z.infer<typeof updatePatrolRuleOutput>;
