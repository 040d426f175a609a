import { sql } from 'kysely';
import {
  diffAutomaticFindings,
  evaluateRules,
  floorOfBuilding,
  ruleOfKey,
  type OpenAutomaticFinding,
  type WantedFinding,
} from '@stationdesk/core';
import { withSystemScan, withTenant, type Db } from '@stationdesk/db';
import { translator } from '@stationdesk/i18n';
import type { QueueProducer } from '@stationdesk/jobs';
import type { ScopedContext } from '../context.ts';
import { loadPatrolCategories } from '../patrol/categories.ts';
import { loadRuleFacts } from './facts.ts';
import { insertSystemFindings, type SystemFinding } from './raise.ts';
import { loadRuleSettings } from './settings.ts';

export interface RulesRunResult {
  raised: number;
  cleared: number;
  recurred: number;
  /** Chunks the unique index refused (left for the next run). */
  conflicts: number;
  durationMs: number;
}

const isOpenKeyConflict = (e: unknown) => (e as { code?: string; constraint?: string })?.code === '23505' && (e as { constraint?: string }).constraint === 'patrol_findings_open_rule_idx';

/** Findings' texts are stored in the tenant's language (the product's default, as staff write them). */
const t = translator('zh-CN');

/** Changes per write transaction: the patrol counter and the tenant's run lock are held for one chunk at a time. */
const WRITE_CHUNK = 500;

const chunks = <T>(list: readonly T[]) => Array.from({ length: Math.ceil(list.length / WRITE_CHUNK) }, (_, i) => list.slice(i * WRITE_CHUNK, (i + 1) * WRITE_CHUNK));

const clip = (s: string, max: number) => [...s].slice(0, max).join('');

/** The wanted findings as the insert takes them: the floor only if the building has it, a category the tenant uses. */
async function placed(ctx: ScopedContext, wanted: readonly WantedFinding[]): Promise<SystemFinding[]> {
  const buildings = new Map(
    (await ctx.trx.selectFrom('buildings').select(['id', 'floors', 'floor_labels']).where('id', 'in', [...new Set(wanted.map((w) => w.buildingId))]).execute()).map((b) => [b.id, b]),
  );
  const active = (await loadPatrolCategories(ctx.trx)).filter((c) => c.active).map((c) => c.key);
  const fallback = active.includes('other') ? 'other' : (active[0] ?? 'other');
  return wanted
    .filter((w) => buildings.has(w.buildingId))
    .map((w) => {
      const b = buildings.get(w.buildingId)!;
      return {
        source: 'automatic',
        sourceName: t(`patrolRules.rule.${w.rule}`),
        ruleKey: w.ruleKey,
        externalId: null,
        buildingId: w.buildingId,
        floor: w.floor ? floorOfBuilding({ floors: b.floors, floorLabels: b.floor_labels }, w.floor) : null,
        location: clip(w.location, 200),
        enterpriseId: w.enterpriseId,
        category: active.includes(w.category) ? w.category : fallback,
        tier: w.tier,
        title: clip(t(w.title.key, w.title.params), 200),
        description: clip(t(w.description.key, w.description.params), 20000),
      };
    });
}

/** Says on each finding that its condition no longer holds (cleared) or holds again (recurred); only those still as read. */
async function markCondition(ctx: ScopedContext, findings: readonly OpenAutomaticFinding[], change: 'cleared' | 'recurred', now: Date): Promise<number> {
  const ids = findings.map((f) => f.itemId);
  const changed = await ctx.trx
    .updateTable('patrol_findings')
    .set({ cleared_at: change === 'cleared' ? now : null })
    .where('item_id', 'in', ids)
    .where('open', '=', true)
    .where('cleared_at', change === 'cleared' ? 'is' : 'is not', null)
    .returning(['item_id', 'rule_key'])
    .execute();
  if (changed.length === 0) return 0;
  await ctx.trx
    .insertInto('work_item_events')
    .values(
      changed.map((f) => ({
        tenant_id: ctx.tenantId,
        item_id: f.item_id,
        actor_id: null,
        at: now,
        action: change === 'cleared' ? 'condition_cleared' : 'condition_recurred',
        note: t(`patrolRules.${change}`, { rule: t(`patrolRules.rule.${ruleOfKey(f.rule_key!) ?? 'document_expired'}`) }),
        data: JSON.stringify({ ruleKey: f.rule_key }),
        // For the station's staff: the enterprise's page does not show the platform's checks.
        internal: true,
      })),
    )
    .execute();
  return changed.length;
}

/**
 * One run of a tenant's rules (自动发现): reads the settings and the facts of the enabled rules,
 * asks core which findings should be open, compares their keys with the open automatic findings
 * and writes only the difference — a finding per new key (source automatic, the rule's name), a
 * note on each whose condition cleared (the finding stays open: a person verifies on site and
 * closes it through 复查 as any other; see the settings page), a note when it holds again. A run
 * with nothing new writes no finding. Reading is one transaction; the writes go in chunks, each
 * under the tenant's run lock and re-checking what is open, so two runs at once raise a key once.
 */
export async function runPatrolRules(
  db: Db,
  tenant: { id: string; timezone: string },
  opts: { now?: Date; queue?: QueueProducer | null; onAfterCommitError?: (e: unknown) => void } = {},
): Promise<RulesRunResult> {
  const started = performance.now();
  const now = opts.now ?? new Date();
  const diff = await withTenant(db, tenant.id, async (trx) => {
    const settings = await loadRuleSettings(trx);
    const facts = await loadRuleFacts({ trx, tenantId: tenant.id, timezone: tenant.timezone }, settings, now);
    const { wanted, evaluated } = evaluateRules(facts, settings, { now, timezone: tenant.timezone });
    const open = await trx.selectFrom('patrol_findings').select(['item_id', 'rule_key', 'cleared_at']).where('open', '=', true).where('rule_key', 'is not', null).execute();
    return diffAutomaticFindings(
      wanted,
      open.map((o) => ({ itemId: o.item_id, ruleKey: o.rule_key!, clearedAt: o.cleared_at })),
      evaluated,
    );
  });

  const write = async <T>(fn: (ctx: ScopedContext) => Promise<T>): Promise<T> => {
    const committed: (() => Promise<void>)[] = [];
    const value = await withTenant(db, tenant.id, async (trx) => {
      await sql`select pg_advisory_xact_lock(hashtextextended(${`patrol-rules:${tenant.id}`}, 0))`.execute(trx);
      return fn({ trx, tenantId: tenant.id, timezone: tenant.timezone, queue: opts.queue ?? null, afterCommit: (f) => void committed.push(f) });
    });
    for (const f of committed) await f().catch((e: unknown) => opts.onAfterCommitError?.(e));
    return value;
  };

  const result = { raised: 0, cleared: 0, recurred: 0, conflicts: 0 };
  for (const chunk of chunks(diff.clear)) result.cleared += await write((ctx) => markCondition(ctx, chunk, 'cleared', now));
  for (const chunk of chunks(diff.recur)) result.recurred += await write((ctx) => markCondition(ctx, chunk, 'recurred', now));
  for (const chunk of chunks(diff.raise)) {
    try {
      result.raised += await write(async (ctx) => {
        // Raised meanwhile by another run: not again.
        const keys = chunk.map((w) => w.ruleKey);
        const open = new Set(
          (await ctx.trx.selectFrom('patrol_findings').select('rule_key').where('open', '=', true).where('rule_key', 'in', keys).execute()).map((r) => r.rule_key),
        );
        const fresh = chunk.filter((w) => !open.has(w.ruleKey));
        if (fresh.length === 0) return 0;
        return (await insertSystemFindings(ctx, await placed(ctx, fresh), now)).length;
      });
    } catch (e) {
      // The unique index refused a second open finding for a key (written outside the run lock):
      // the chunk rolled back whole, and the next run raises what is still missing.
      if (!isOpenKeyConflict(e)) throw e;
      result.conflicts += 1;
    }
  }

  const durationMs = Math.round(performance.now() - started);
  await withTenant(db, tenant.id, (trx) =>
    trx
      .insertInto('patrol_rule_runs')
      .values({ tenant_id: tenant.id, finished_at: new Date(), duration_ms: durationMs, raised: result.raised, cleared: result.cleared, recurred: result.recurred })
      .onConflict((oc) => oc.column('tenant_id').doUpdateSet({ finished_at: new Date(), duration_ms: durationMs, raised: result.raised, cleared: result.cleared, recurred: result.recurred }))
      .execute(),
  );
  return { ...result, durationMs };
}

/**
 * The worker's run (hourly, at start): every active tenant in turn, each in its own transactions.
 * A suspended tenant is skipped; resumed, its next run raises and clears from the facts as they are
 * then (the rules read state, so there is nothing of the suspended hours to catch up). Returns the totals.
 */
export async function runPatrolRulesForAllTenants(
  db: Db,
  opts: { now?: Date; queue?: QueueProducer | null; onAfterCommitError?: (e: unknown) => void } = {},
): Promise<Omit<RulesRunResult, 'durationMs' | 'conflicts'> & { tenants: number }> {
  const tenants = await withSystemScan(db, 'reminders', (trx) => trx.selectFrom('tenants').select(['id', 'timezone']).where('status', '=', 'active').execute());
  const total = { tenants: tenants.length, raised: 0, cleared: 0, recurred: 0 };
  for (const tenant of tenants) {
    const r = await runPatrolRules(db, tenant, opts);
    total.raised += r.raised;
    total.cleared += r.cleared;
    total.recurred += r.recurred;
  }
  return total;
}

/** One tenant's run by id (a job enqueued after a change): its time zone read first; nothing for a suspended tenant. */
export async function runPatrolRulesOfTenant(db: Db, tenantId: string, opts: { now?: Date; queue?: QueueProducer | null; onAfterCommitError?: (e: unknown) => void } = {}) {
  const tenant = await withTenant(db, tenantId, (trx) => trx.selectFrom('tenants').select(['id', 'timezone', 'status']).where('id', '=', tenantId).executeTakeFirst());
  return tenant && tenant.status === 'active' ? runPatrolRules(db, { id: tenant.id, timezone: tenant.timezone }, opts) : null;
}
