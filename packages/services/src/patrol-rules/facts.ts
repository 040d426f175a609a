import { sql } from 'kysely';
import {
  finishedStatuses,
  localDate,
  watchedDocumentTypes,
  type DocumentFact,
  type EffectiveRuleSettings,
  type MovingOutFact,
  type OverdueItemFact,
  type PatrolRule,
  type ReportFact,
  type RoundPlanFact,
  type RuleFacts,
  type WorkItemKind,
} from '@stationdesk/core';
import type { ScopedContext } from '../context.ts';

/**
 * What each rule reads, narrowed in SQL to the rows that can matter (expired documents, leaving
 * enterprises with open cases, recent reports, active plans, items past the threshold) so a run
 * over a large tenant reads thousands of rows, not millions. The rules in core decide; these only
 * must never leave out a row a rule would want.
 */
type Loader = (ctx: ScopedContext, settings: EffectiveRuleSettings, now: Date) => Promise<RuleFacts>;

const iso = (v: string | Date) => new Date(v).toISOString();

/** Enterprises with a watched document past its expiry: the latest expiry of each such type (null: one never expires). */
const documents: Loader = async (ctx, _settings, now) => {
  const today = localDate(now, ctx.timezone);
  const { rows } = await sql<{
    enterprise_id: string;
    enterprise_name: string;
    building_id: string;
    building_name: string;
    floor: string | null;
    room: string | null;
    doc_type: string;
    latest_expiry: string | null;
  }>`
    with candidates as (
      select distinct d.enterprise_id, d.doc_type from enterprise_documents d
       where d.expires_on < ${today} and d.doc_type in (${sql.join(watchedDocumentTypes)}))
    select e.id as enterprise_id, e.name as enterprise_name, e.building_id, b.name as building_name, e.floor, e.room, c.doc_type,
           case when bool_or(d.expires_on is null) then null else max(d.expires_on)::text end as latest_expiry
      from candidates c
      join enterprises e on e.id = c.enterprise_id
      join buildings b on b.tenant_id = e.tenant_id and b.id = e.building_id
      join enterprise_documents d on d.tenant_id = e.tenant_id and d.enterprise_id = c.enterprise_id and d.doc_type = c.doc_type
     where e.status in ('active', 'moving_out')
     group by e.tenant_id, e.id, b.name, c.doc_type`.execute(ctx.trx);
  return {
    document_expired: rows.map(
      (r): DocumentFact => ({
        enterpriseId: r.enterprise_id,
        enterpriseName: r.enterprise_name,
        buildingId: r.building_id,
        buildingName: r.building_name,
        floor: r.floor,
        room: r.room,
        docType: r.doc_type,
        latestExpiry: r.latest_expiry,
      }),
    ),
  };
};

/** Enterprises moving out or gone with the dispute cases about them still open. */
const movingOut: Loader = async (ctx) => {
  const { rows } = await sql<{
    enterprise_id: string;
    enterprise_name: string;
    building_id: string;
    building_name: string;
    floor: string | null;
    room: string | null;
    status: MovingOutFact['status'];
    open_disputes: string;
    wage_cases: string;
  }>`
    with leaving as (select id from enterprises where status in ('moving_out', 'moved_out')),
         cases as (
           select w.id, w.enterprise_id from work_items w
            where w.kind = 'dispute' and w.status not in (${sql.join(finishedStatuses)}) and w.enterprise_id in (select id from leaving)
           union
           select w.id, p.enterprise_id from dispute_parties p
             join work_items w on w.tenant_id = p.tenant_id and w.id = p.item_id
            where p.side = 'respondent' and p.enterprise_id in (select id from leaving) and w.status not in (${sql.join(finishedStatuses)}))
    select e.id as enterprise_id, e.name as enterprise_name, e.building_id, b.name as building_name, e.floor, e.room, e.status,
           count(*) as open_disputes,
           count(*) filter (where dc.dispute_type = 'wage_arrears' or dc.social_insurance_arrears) as wage_cases
      from cases c
      join enterprises e on e.id = c.enterprise_id
      join buildings b on b.tenant_id = e.tenant_id and b.id = e.building_id
      left join dispute_cases dc on dc.tenant_id = e.tenant_id and dc.item_id = c.id
     group by e.tenant_id, e.id, b.name`.execute(ctx.trx);
  return {
    moving_out_disputes: rows.map(
      (r): MovingOutFact => ({
        enterpriseId: r.enterprise_id,
        enterpriseName: r.enterprise_name,
        buildingId: r.building_id,
        buildingName: r.building_name,
        floor: r.floor,
        room: r.room,
        status: r.status,
        openDisputes: Number(r.open_disputes),
        openWageCases: Number(r.wage_cases),
      }),
    ),
  };
};

/** Findings reported by staff or a sending system within the rule's window (the rules' own never count). */
const reports: Loader = async (ctx, settings, now) => {
  const since = new Date(now.getTime() - (settings.thresholds.days ?? 30) * 86_400_000);
  const rows = await ctx.trx
    .selectFrom('patrol_findings as f')
    .innerJoin('work_items as w', (j) => j.onRef('w.tenant_id', '=', 'f.tenant_id').onRef('w.id', '=', 'f.item_id'))
    .innerJoin('buildings as b', (j) => j.onRef('b.tenant_id', '=', 'f.tenant_id').onRef('b.id', '=', 'f.building_id'))
    .leftJoin('enterprises as e', (j) => j.onRef('e.tenant_id', '=', 'w.tenant_id').onRef('e.id', '=', 'w.enterprise_id'))
    .select(['f.item_id', 'f.created_at', 'f.building_id', 'b.name as building_name', 'f.floor', 'w.enterprise_id', 'e.name as enterprise_name', 'f.category'])
    .where('f.source', 'in', ['staff', 'external'])
    .where('f.created_at', '>', since.toISOString())
    .execute();
  return {
    repeat_reports: rows.map(
      (r): ReportFact => ({
        itemId: r.item_id,
        at: iso(r.created_at),
        buildingId: r.building_id,
        buildingName: r.building_name,
        floor: r.floor,
        enterpriseId: r.enterprise_id,
        enterpriseName: r.enterprise_name,
        category: r.category,
      }),
    ),
  };
};

/** Active plans, the first of their buildings, and the last day one of their rounds was started. */
const roundPlans: Loader = async (ctx) => {
  const { rows } = await sql<{ id: string; name: string; starts_on: string; building_id: string; building_name: string; last_walked_on: string | null }>`
    select p.id, p.name, p.starts_on::text as starts_on, fb.building_id, fb.building_name,
           (select max(r.round_date)::text from patrol_rounds r where r.tenant_id = p.tenant_id and r.plan_id = p.id and r.started_at is not null) as last_walked_on
      from patrol_plans p
      cross join lateral (
        select f.building_id, b.name as building_name from patrol_plan_floors f
          join buildings b on b.tenant_id = f.tenant_id and b.id = f.building_id
         where f.tenant_id = p.tenant_id and f.plan_id = p.id
         order by b.name, b.id limit 1) fb
     where p.active`.execute(ctx.trx);
  return {
    round_not_walked: rows.map(
      (r): RoundPlanFact => ({
        planId: r.id,
        planName: r.name,
        active: true,
        buildingId: r.building_id,
        buildingName: r.building_name,
        startsOn: r.starts_on,
        lastWalkedOn: r.last_walked_on,
      }),
    ),
  };
};

/** Unfinished items other than findings, the rule's hours past their deadline, with their (or their enterprise's) building. */
const overdueItems: Loader = async (ctx, settings, now) => {
  const limit = new Date(now.getTime() - (settings.thresholds.hours ?? 72) * 3_600_000);
  const rows = await ctx.trx
    .selectFrom('work_items as w')
    .leftJoin('enterprises as e', (j) => j.onRef('e.tenant_id', '=', 'w.tenant_id').onRef('e.id', '=', 'w.enterprise_id'))
    .leftJoin('buildings as b', (j) =>
      j.onRef('b.tenant_id', '=', 'w.tenant_id').on((eb) => eb('b.id', '=', eb.fn.coalesce('w.building_id', 'e.building_id'))),
    )
    .select(['w.id', 'w.number', 'w.kind', 'w.title', 'w.status', 'w.resolution_due_at', 'b.id as building_id', 'b.name as building_name', 'w.enterprise_id', 'e.name as enterprise_name'])
    // The open-items index (status <> 'closed'), then the rest of "unfinished".
    .where('w.status', '<>', 'closed')
    .where('w.status', 'not in', [...finishedStatuses])
    .where('w.kind', '<>', 'patrol')
    .where('w.resolution_due_at', '<=', limit.toISOString())
    .execute();
  return {
    item_overdue: rows.map(
      (r): OverdueItemFact => ({
        itemId: r.id,
        number: r.number,
        kind: r.kind as WorkItemKind,
        title: r.title,
        status: r.status,
        resolutionDueAt: r.resolution_due_at ? iso(r.resolution_due_at) : null,
        buildingId: r.building_id,
        buildingName: r.building_name,
        enterpriseId: r.enterprise_id,
        enterpriseName: r.enterprise_name,
      }),
    ),
  };
};

const loaders: Record<PatrolRule, Loader> = {
  document_expired: documents,
  moving_out_disputes: movingOut,
  repeat_reports: reports,
  round_not_walked: roundPlans,
  item_overdue: overdueItems,
};

/** The facts of every enabled rule (a rule turned off is not read). */
export async function loadRuleFacts(ctx: ScopedContext, settings: readonly EffectiveRuleSettings[], now: Date): Promise<RuleFacts> {
  let facts: RuleFacts = {};
  for (const s of settings) if (s.enabled) facts = { ...facts, ...(await loaders[s.rule](ctx, s, now)) };
  return facts;
}
