import { sql } from 'kysely';
import { defaultRiskSettings, finishedStatuses, raisesWarning, riskSettingsIssues, scoreRisk, type RiskLevel, type RiskSettings } from '@stationdesk/core';
import type { Tx } from '@stationdesk/db';
import type { ScopedContext } from '../context.ts';
import { enqueueAfterCommit } from '../reminders/schedule.ts';

/** The tenant's risk points and thresholds (the case's one-month target is its SLA policy). */
export async function loadRiskSettings(trx: Tx): Promise<RiskSettings> {
  const row = await trx.selectFrom('dispute_settings').select(['risk']).executeTakeFirst();
  // A stored setting that no longer validates (an older shape) falls back to the defaults.
  return row && riskSettingsIssues(row.risk).length === 0 ? (row.risk as unknown as RiskSettings) : defaultRiskSettings;
}

/**
 * Scores a dispute again from its facts and its enterprise's file (moving out or closing, other
 * disputes against it in the 90 days before), keeps the history, and — when the level rises to
 * yellow or red — raises an early warning to the managers at once (red also to the station robot).
 */
export async function rescoreDispute(ctx: ScopedContext, itemId: string, reason: string): Promise<{ level: RiskLevel; warned: boolean }> {
  const c = await ctx.trx
    .selectFrom('dispute_cases as d')
    .innerJoin('work_items as w', (j) => j.onRef('w.tenant_id', '=', 'd.tenant_id').onRef('w.id', '=', 'd.item_id'))
    .leftJoin('enterprises as e', (j) => j.onRef('e.tenant_id', '=', 'w.tenant_id').onRef('e.id', '=', 'w.enterprise_id'))
    .select(['d.dispute_type', 'd.amount_yuan', 'd.people_involved', 'd.social_insurance_arrears', 'd.prior_escalation', 'd.risk_level', 'd.risk_score', 'w.enterprise_id', 'w.created_at', 'e.status as enterprise_status'])
    .where('d.item_id', '=', itemId)
    .executeTakeFirstOrThrow();
  let prior = 0;
  if (c.enterprise_id) {
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from work_items
       where kind = 'dispute' and enterprise_id = ${c.enterprise_id} and id <> ${itemId}
         and created_at >= ${c.created_at}::timestamptz - interval '90 days' and created_at <= ${c.created_at}::timestamptz`.execute(ctx.trx);
    prior = rows[0]!.n;
  }
  const risk = await loadRiskSettings(ctx.trx);
  const result = scoreRisk(
    {
      disputeType: c.dispute_type as never,
      amountYuan: c.amount_yuan === null ? null : Number(c.amount_yuan),
      peopleInvolved: c.people_involved,
      enterpriseStatus: (c.enterprise_status as never) ?? null,
      priorDisputesWithin90Days: prior,
      socialInsuranceArrears: c.social_insurance_arrears,
      priorEscalation: c.prior_escalation,
    },
    risk,
  );
  const previous = c.risk_level as RiskLevel;
  const first = reason === 'created';
  if (!first && result.score === c.risk_score && result.level === previous) return { level: previous, warned: false };
  await ctx.trx
    .updateTable('dispute_cases')
    .set({ risk_score: result.score, risk_level: result.level, risk_factors: JSON.stringify(result.factors), group_dispute: result.groupDispute, updated_at: new Date() })
    .where('item_id', '=', itemId)
    .execute();
  await ctx.trx
    .insertInto('dispute_risk_history')
    .values({ tenant_id: ctx.tenantId, item_id: itemId, score: result.score, level: result.level, factors: JSON.stringify(result.factors), reason })
    .execute();
  const warned = raisesWarning(first ? null : previous, result.level);
  if (warned) await raiseWarning(ctx, itemId, result.level as 'yellow' | 'red', result.score, reason);
  return { level: result.level, warned };
}

/** An early warning (预警): a row managers acknowledge, and an immediate reminder to them. */
export async function raiseWarning(ctx: ScopedContext, itemId: string, level: 'yellow' | 'red', score: number, reason: string): Promise<string> {
  const w = await ctx.trx
    .insertInto('dispute_warnings')
    .values({ tenant_id: ctx.tenantId, item_id: itemId, level, score, reason })
    .returning(['id'])
    .executeTakeFirstOrThrow();
  const reminders = await ctx.trx
    .insertInto('reminders')
    .values({
      tenant_id: ctx.tenantId,
      kind: `dispute_warning_${level}`,
      subject_type: 'dispute_warning',
      subject_id: w.id,
      recipients: JSON.stringify(['managers']),
      channels: level === 'red' ? ['inbox', 'email', 'webhook'] : ['inbox', 'email'],
      due_at: new Date(),
      idempotency_key: `dw:${w.id}`,
    })
    .returning(['id', 'due_at'])
    .execute();
  enqueueAfterCommit(ctx, reminders);
  return w.id;
}

/** The enterprise's file changed (moving out, closing): its open disputes are scored again. */
export async function rescoreEnterpriseDisputes(ctx: ScopedContext, enterpriseId: string, reason: string): Promise<number> {
  const open = await ctx.trx
    .selectFrom('work_items')
    .select('id')
    .where('kind', '=', 'dispute')
    .where('enterprise_id', '=', enterpriseId)
    .where('status', 'not in', finishedStatuses)
    .execute();
  for (const i of open) await rescoreDispute(ctx, i.id, reason);
  return open.length;
}
