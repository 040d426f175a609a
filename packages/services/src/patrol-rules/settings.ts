import { badRequest, effectiveRuleSettings, forbidden, ruleThresholdIssues, ruleThresholds, type EffectiveRuleSettings } from '@stationdesk/core';
import { repo, type Tx } from '@stationdesk/db';
import type { TenantContext } from '../context.ts';
import { enqueueRulesRun } from './enqueue.ts';
import type { ListPatrolRulesOutput, UpdatePatrolRuleInput, UpdatePatrolRuleOutput } from './settings.schema.ts';

function requireManager(ctx: TenantContext) {
  if (ctx.actor.role !== 'manager') throw forbidden('errors.roleNotAllowed');
}

/** The settings every rule runs with in this tenant (its rows over core's defaults). */
export async function loadRuleSettings(trx: Tx): Promise<(EffectiveRuleSettings & { updatedAt: string | null })[]> {
  const rows = await trx.selectFrom('patrol_rule_settings').select(['rule', 'enabled', 'tier', 'thresholds', 'updated_at']).execute();
  const updated = new Map(rows.map((r) => [r.rule, r.updated_at]));
  return effectiveRuleSettings(rows.map((r) => ({ rule: r.rule, enabled: r.enabled, tier: r.tier, thresholds: r.thresholds }))).map((s) => ({
    ...s,
    updatedAt: updated.get(s.rule) ?? null,
  }));
}

async function openFindingsByRule(trx: Tx): Promise<Map<string, number>> {
  const rows = await trx
    .selectFrom('patrol_findings')
    .select([(eb) => eb.fn<string>('split_part', ['rule_key', eb.val(':'), eb.val(1)]).as('rule'), (eb) => eb.fn.countAll<string>().as('n')])
    .where('open', '=', true)
    .where('rule_key', 'is not', null)
    .groupBy('rule')
    .execute();
  return new Map(rows.map((r) => [r.rule, Number(r.n)]));
}

const view = (s: EffectiveRuleSettings & { updatedAt: string | null }, open: Map<string, number>) => ({
  rule: s.rule,
  enabled: s.enabled,
  tier: s.tier,
  thresholds: { ...s.thresholds },
  limits: ruleThresholds[s.rule].map((t) => ({ key: t.key, min: t.min, max: t.max, default: t.default, unit: t.unit })),
  custom: s.custom,
  updatedAt: s.updatedAt,
  openFindings: open.get(s.rule) ?? 0,
});

/** patrolRule.list (managers): every rule as it runs, with what its last run did. */
export async function listPatrolRules(ctx: TenantContext): Promise<ListPatrolRulesOutput> {
  requireManager(ctx);
  const [settings, open, run] = [await loadRuleSettings(ctx.trx), await openFindingsByRule(ctx.trx), await ctx.trx.selectFrom('patrol_rule_runs').selectAll().executeTakeFirst()];
  return {
    rules: settings.map((s) => view(s, open)),
    lastRun: run ? { finishedAt: run.finished_at, durationMs: run.duration_ms, raised: run.raised, cleared: run.cleared, recurred: run.recurred } : null,
  };
}

/**
 * patrolRule.update (managers): a rule on or off, its numbers and tier. Audited with before and
 * after; the tenant's rules run again shortly after (a rule turned off leaves its open findings
 * for a person to close; new numbers raise or clear at that run).
 */
export async function updatePatrolRule(ctx: TenantContext, input: UpdatePatrolRuleInput): Promise<UpdatePatrolRuleOutput> {
  requireManager(ctx);
  const issue = ruleThresholdIssues(input.rule, input.thresholds)[0];
  if (issue) {
    if (issue.max === 0) throw badRequest('errors.patrolRule.thresholdUnknown', { name: issue.key });
    throw badRequest('errors.patrolRule.thresholdOutOfRange', { min: issue.min, max: issue.max });
  }
  const before = (await loadRuleSettings(ctx.trx)).find((s) => s.rule === input.rule)!;
  const now = new Date();
  await ctx.trx
    .insertInto('patrol_rule_settings')
    .values({ tenant_id: ctx.tenantId, rule: input.rule, enabled: input.enabled, tier: input.tier, thresholds: JSON.stringify(input.thresholds), updated_at: now, updated_by: ctx.actor.userId })
    .onConflict((oc) =>
      oc.columns(['tenant_id', 'rule']).doUpdateSet({ enabled: input.enabled, tier: input.tier, thresholds: JSON.stringify(input.thresholds), updated_at: now, updated_by: ctx.actor.userId }),
    )
    .execute();
  await repo.recordAudit(ctx.trx, {
    tenantId: ctx.tenantId,
    actorUserId: ctx.actor.userId,
    action: 'patrolRule.updated',
    subjectType: 'patrol_rule',
    subjectId: input.rule,
    data: { before: { enabled: before.enabled, tier: before.tier, thresholds: before.thresholds }, after: { enabled: input.enabled, tier: input.tier, thresholds: input.thresholds } },
    ip: ctx.actor.ip,
  });
  enqueueRulesRun(ctx);
  const after = (await loadRuleSettings(ctx.trx)).find((s) => s.rule === input.rule)!;
  return view(after, await openFindingsByRule(ctx.trx));
}
