import { sql } from 'kysely';
import { dueTimes, formatWorkItemNumber, localDate, tierPriority, type PatrolTier, type SlaPolicy } from '@stationdesk/core';
import type { ScopedContext } from '../context.ts';
import { loadCalendar, loadPolicy, missingYearsOf } from '../calendar/working-time.ts';
import { applyPlans, itemPlanner } from '../reminders/schedule.ts';
import { shareSlaSettings } from '../sla/recompute.ts';

/**
 * A finding no person raised: the rule engine's (automatic, with its rule key) or a sending
 * system's (external, with the sender's id). The caller has checked the place: the building is the
 * tenant's, the floor one it has (or null), the category one the tenant uses.
 */
export interface SystemFinding {
  source: 'automatic' | 'external';
  /** The rule's name, or the sending system's. */
  sourceName: string;
  ruleKey: string | null;
  externalId: string | null;
  buildingId: string;
  floor: string | null;
  location: string;
  enterpriseId: string | null;
  category: string;
  tier: PatrolTier;
  title: string;
  description: string;
}

export interface InsertedFinding {
  id: string;
  number: string;
  resolutionDueAt: string;
  ruleKey: string | null;
  externalId: string | null;
}

/** Rows per statement: a first run over a large tenant raises thousands at once. */
const CHUNK = 500;

/**
 * Receives findings without an acting person (受理 by the system): patrol work items at their
 * building's station, numbered XC-… in the tenant's sequence, due by their tier's patrol SLA from
 * now, their history started and reminders planned — what openPatrolFinding does for a staff
 * member's finding, for many at once (one counter update, one calendar and policy read per tier,
 * set-based inserts), with no creator: `created_by` and the history's actor are null, the source
 * and its name say who raised it. The automatic ones' keys are unique among open findings
 * (migration 0030): the caller makes sure none is open yet.
 */
export async function insertSystemFindings(ctx: ScopedContext, findings: readonly SystemFinding[], now = new Date()): Promise<InsertedFinding[]> {
  if (findings.length === 0) return [];
  await shareSlaSettings(ctx);
  const buildingIds = [...new Set(findings.map((f) => f.buildingId))];
  const stationOf = new Map<string, string>();
  for (let i = 0; i < buildingIds.length; i += 5000) {
    const rows = await ctx.trx.selectFrom('buildings').select(['id', 'station_id']).where('id', 'in', buildingIds.slice(i, i + 5000)).execute();
    for (const b of rows) stationOf.set(b.id, b.station_id);
  }
  const calendar = await loadCalendar(ctx.trx, ctx.timezone);
  const byTier = new Map<PatrolTier, { policy: SlaPolicy; firstContactDueAt: Date; resolutionDueAt: Date; missingYears: number[] }>();
  for (const tier of new Set(findings.map((f) => f.tier))) {
    const policy = await loadPolicy(ctx.trx, 'patrol', tierPriority[tier]);
    const due = dueTimes(calendar, policy, now);
    const missingYears = missingYearsOf(calendar, policy, {
      kind: 'patrol',
      created_at: now,
      first_contact_at: null,
      first_contact_due_at: due.firstContactDueAt,
      resolution_due_at: due.resolutionDueAt,
      extension_due_at: null,
    });
    byTier.set(tier, { policy, ...due, missingYears });
  }

  // Numbers for all of them at once: the counter row stays locked until commit, as for any creation.
  const year = Number(localDate(now, ctx.timezone).slice(0, 4));
  const { rows } = await sql<{ last_value: number }>`
    insert into work_item_counters (tenant_id, kind, year, last_value) values (${ctx.tenantId}, 'patrol', ${year}, ${findings.length})
    on conflict (tenant_id, kind, year) do update set last_value = work_item_counters.last_value + ${findings.length}
    returning last_value`.execute(ctx.trx);
  const firstSeq = Number(rows[0]!.last_value) - findings.length + 1;

  const planned = await itemPlanner(ctx, { calendar, policies: [...byTier].map(([tier, d]) => [`patrol:${tierPriority[tier]}`, d.policy]) });
  const out: InsertedFinding[] = [];
  for (let i = 0; i < findings.length; i += CHUNK) {
    const chunk = findings.slice(i, i + CHUNK).map((f, k) => ({ f, number: formatWorkItemNumber('patrol', year, firstSeq + i + k) }));
    const items = await ctx.trx
      .insertInto('work_items')
      .values(
        chunk.map(({ f, number }) => {
          const due = byTier.get(f.tier)!;
          const stationId = stationOf.get(f.buildingId);
          if (!stationId) throw new Error(`insertSystemFindings: no building ${f.buildingId}`);
          return {
            tenant_id: ctx.tenantId,
            kind: 'patrol' as const,
            number,
            station_id: stationId,
            enterprise_id: f.enterpriseId,
            building_id: f.buildingId,
            title: f.title,
            description: f.description,
            priority: tierPriority[f.tier],
            channel: 'patrol' as const,
            category: f.category,
            created_by: null,
            created_at: now,
            updated_at: now,
            first_contact_due_at: due.firstContactDueAt,
            resolution_due_at: due.resolutionDueAt,
            calendar_missing_years: due.missingYears,
          };
        }),
      )
      .returningAll()
      .execute();
    const byNumber = new Map(items.map((w) => [w.number, w]));
    const rowsOf = chunk.map(({ f, number }) => ({ f, item: byNumber.get(number)! }));
    await ctx.trx
      .insertInto('patrol_findings')
      .values(
        rowsOf.map(({ f, item }) => ({
          tenant_id: ctx.tenantId,
          item_id: item.id,
          building_id: f.buildingId,
          floor: f.floor,
          location: f.location,
          category: f.category,
          tier: f.tier,
          source: f.source,
          source_name: f.sourceName,
          rule_key: f.ruleKey,
          external_id: f.externalId,
          created_at: now,
        })),
      )
      .execute();
    await ctx.trx
      .insertInto('work_item_events')
      .values(
        rowsOf.map(({ f, item }) => ({
          tenant_id: ctx.tenantId,
          item_id: item.id,
          actor_id: null,
          at: now,
          action: 'create',
          to_status: 'received',
          data: JSON.stringify({ channel: 'patrol', priority: tierPriority[f.tier], source: f.source, sourceName: f.sourceName }),
        })),
      )
      .execute();
    await applyPlans(ctx, 'work_item', await planned(items), { created: true });
    out.push(
      ...rowsOf.map(({ f, item }) => ({ id: item.id, number: item.number, resolutionDueAt: item.resolution_due_at!, ruleKey: f.ruleKey, externalId: f.externalId })),
    );
  }
  return out;
}
