import { sql } from 'kysely';
import { badRequest, finishedStatuses, localDate, staffView, type RiskLevel } from '@stationdesk/core';
import { keysetCursor } from '@stationdesk/db';
import { translator, type Language } from '@stationdesk/i18n';
import type { FileStorage } from '@stationdesk/storage';
import type { TenantContext } from '../context.ts';
import { storeGeneratedFile } from '../files/store-generated-file.ts';
import { writeXlsx } from '../spreadsheets/write.ts';
import { disputeCounts, inPeriod, inScope, resolveDisputePeriod } from './counts.ts';
import { disputeCountGroups } from './counts.schema.ts';
import type { EnterpriseDisputeRiskInput, EnterpriseDisputeRiskOutput, ExportDisputeCountsInput, ListDisputesInput, ListDisputesOutput, PortalListDisputesOutput } from './list.schema.ts';
import { portalDisputeRow } from './portal-view.ts';

/** Newest first: (created, id) of the last case shown. */
const listCursor = keysetCursor('instant', 'id');

const ALL_TIME = { from: '2000-01-01', to: '2099-12-31' };
/** A case is closed once its work item is finished (resolved, visited, closed). */
const finished = sql.join(finishedStatuses);

/**
 * Disputes newest first, keyset-paginated: the cases behind any number of the counts (same
 * period, station and the cell's filter). An enterprise admin sees only disputes its enterprise
 * is a party to, without risk.
 */
export async function listDisputes(ctx: TenantContext, input: ListDisputesInput): Promise<ListDisputesOutput | PortalListDisputesOutput> {
  const limit = input.limit ?? 50;
  const forEnterprise = ctx.actor.scope.kind === 'enterprise' ? ctx.actor.scope.enterpriseId : null;
  if (input.month && !/^\d{4}-(0[1-9]|1[0-2])$/.test(input.month)) throw badRequest('errors.dispute.badMonth');
  const conditions = [];
  if (forEnterprise) {
    conditions.push(sql`w.tenant_id = ${ctx.tenantId} and w.kind = 'dispute' and (w.enterprise_id = ${forEnterprise}
      or exists (select 1 from dispute_parties p where p.tenant_id = w.tenant_id and p.item_id = w.id and p.enterprise_id = ${forEnterprise}))`);
  } else {
    const period = await resolveDisputePeriod(ctx, { from: input.from ?? ALL_TIME.from, to: input.to ?? ALL_TIME.to, stationId: input.stationId ?? null });
    if (input.warning) {
      // The period bounds when the warning was raised, not when its (maybe older) case was filed.
      conditions.push(inScope(ctx, period));
      conditions.push(sql`exists (select 1 from dispute_warnings dw where dw.tenant_id = w.tenant_id and dw.item_id = w.id
        and dw.raised_at >= ${period.fromAt} and dw.raised_at < ${period.toAt} ${input.warning === 'acknowledged' ? sql`and dw.acknowledged_at is not null` : sql``})`);
    } else {
      conditions.push(inPeriod(ctx, period));
    }
  }
  if (input.month) conditions.push(sql`to_char(w.created_at at time zone ${ctx.timezone}, 'YYYY-MM') = ${input.month}`);
  if (input.type) conditions.push(sql`c.dispute_type = ${input.type}`);
  if (input.source) conditions.push(sql`c.source = ${input.source}`);
  if (input.outcome) conditions.push(input.outcome === 'pending' ? sql`c.outcome is null` : sql`c.outcome = ${input.outcome}`);
  if (input.riskLevel && !forEnterprise) conditions.push(sql`c.risk_level = ${input.riskLevel}`);
  if (input.state) conditions.push(input.state === 'open' ? sql`w.status not in (${finished})` : sql`w.status in (${finished})`);
  if (input.performed) conditions.push(sql`c.outcome = 'agreement' and c.performed = ${input.performed}`);
  if (input.enterpriseId && !forEnterprise) conditions.push(sql`w.enterprise_id = ${input.enterpriseId}`);
  if (input.cursor) {
    const [at, id] = listCursor.decode(input.cursor);
    conditions.push(sql`(w.created_at, w.id) < (${at}::timestamptz, ${id}::uuid)`);
  }
  const { rows } = await sql<{
    id: string;
    number: string;
    title: string;
    status: string;
    station_id: string;
    station_name: string;
    enterprise_id: string | null;
    enterprise_name: string | null;
    dispute_type: string;
    source: string;
    people_involved: number;
    amount_yuan: string | null;
    risk_level: RiskLevel;
    outcome: string | null;
    performed: string | null;
    assignee_name: string | null;
    created_at: Date;
    outcome_at: Date | null;
  }>`
    select w.id, w.number, w.title, w.status, w.station_id, s.name as station_name, w.enterprise_id, e.name as enterprise_name,
           c.dispute_type, c.source, c.people_involved, c.amount_yuan, c.risk_level, c.outcome, c.performed,
           u.display_name as assignee_name, w.created_at, c.outcome_at
      from work_items w
      join dispute_cases c on c.tenant_id = w.tenant_id and c.item_id = w.id
      join stations s on s.tenant_id = w.tenant_id and s.id = w.station_id
      left join enterprises e on e.tenant_id = w.tenant_id and e.id = w.enterprise_id
      left join users u on u.id = w.assignee_id
     where ${sql.join(conditions, sql` and `)}
     order by w.created_at desc, w.id desc
     limit ${limit + 1}`.execute(ctx.trx);
  const more = rows.length > limit;
  const page = more ? rows.slice(0, limit) : rows;
  const last = page[page.length - 1];
  const nextCursor = more && last ? listCursor.encode([new Date(last.created_at).toISOString(), last.id]) : null;
  if (forEnterprise) return { audience: 'portal', items: page.map(portalDisputeRow), nextCursor };
  return {
    items: page.map((r) => ({
      id: r.id,
      number: r.number,
      title: r.title,
      status: r.status,
      stationId: r.station_id,
      stationName: r.station_name,
      enterpriseId: r.enterprise_id,
      enterpriseName: r.enterprise_name,
      disputeType: r.dispute_type,
      source: r.source,
      peopleInvolved: r.people_involved,
      amountYuan: r.amount_yuan === null ? null : Number(r.amount_yuan),
      riskLevel: r.risk_level,
      outcome: r.outcome,
      performed: r.performed,
      assigneeName: r.assignee_name,
      createdAt: new Date(r.created_at).toISOString(),
      outcomeAt: r.outcome_at ? new Date(r.outcome_at).toISOString() : null,
    })),
    nextCursor,
  };
}

/**
 * Enterprises whose risk is rising: several open disputes, or moving out / closing while a
 * dispute is open. Worst first (most red, then most open).
 */
export async function enterpriseDisputeRisk(ctx: TenantContext, input: EnterpriseDisputeRiskInput): Promise<EnterpriseDisputeRiskOutput> {
  const period = await resolveDisputePeriod(ctx, { ...ALL_TIME, stationId: input?.stationId ?? null });
  const minOpen = input?.minOpen ?? 2;
  const { rows } = await sql<{
    enterprise_id: string;
    name: string;
    status: string;
    station_id: string;
    open: number;
    red: number;
    yellow: number;
    people: number;
    last_90_days: number;
    max_score: number;
  }>`
    select e.id as enterprise_id, e.name, e.status, e.station_id,
           count(*) filter (where w.status not in (${finished}))::int as open,
           count(*) filter (where w.status not in (${finished}) and c.risk_level = 'red')::int as red,
           count(*) filter (where w.status not in (${finished}) and c.risk_level = 'yellow')::int as yellow,
           coalesce(sum(c.people_involved) filter (where w.status not in (${finished})), 0)::int as people,
           count(*) filter (where w.created_at >= now() - interval '90 days')::int as last_90_days,
           max(c.risk_score)::int as max_score
      from work_items w
      join dispute_cases c on c.tenant_id = w.tenant_id and c.item_id = w.id
      join enterprises e on e.tenant_id = w.tenant_id and e.id = w.enterprise_id
     where ${inPeriod(ctx, period)}
     group by e.id, e.name, e.status, e.station_id
    having count(*) filter (where w.status not in (${finished})) >= ${minOpen}
        or (e.status <> 'active' and count(*) filter (where w.status not in (${finished})) > 0)
     order by red desc, open desc, max_score desc, e.name
     limit 200`.execute(ctx.trx);
  return rows.map((r) => ({
    enterpriseId: r.enterprise_id,
    name: r.name,
    status: r.status,
    stationId: r.station_id,
    open: r.open,
    red: r.red,
    yellow: r.yellow,
    people: r.people,
    last90Days: r.last_90_days,
    maxScore: r.max_score,
    reasons: [...(r.open >= minOpen ? (['severalOpen'] as const) : []), ...(r.status !== 'active' ? (['movingWithOpen'] as const) : [])],
  }));
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const DISPUTE_EXPORT_MAX_ROWS = 50_000;

/**
 * The counts for a period as .xlsx: a summary sheet, one sheet per grouping and the cases behind
 * them — in the reader's language. Stored as an export file for its author (and managers).
 */
export async function exportDisputeCounts(
  ctx: TenantContext,
  deps: { storage: FileStorage; lang: Language },
  input: ExportDisputeCountsInput,
): Promise<{ fileId: string; fileName: string; rows: number }> {
  const t = translator(deps.lang);
  const label = (group: string, value: string | null) => (value === null ? '' : t(`vocab.dispute.${group}.${value}`));
  const sheets = [];
  const all = [];
  for (const groupBy of disputeCountGroups) all.push(await disputeCounts(ctx, { ...input, groupBy }));
  const s = all[0]!.summary;
  sheets.push({
    name: t('disputes.counts.summarySheet'),
    columns: [
      { header: t('disputes.counts.measure'), key: 'measure' },
      { header: t('disputes.counts.value'), key: 'value', kind: 'number' as const },
    ],
    rows: [
      ['period', `${input.from} ~ ${input.to}`],
      ['total', s.total],
      ['open', s.open],
      ['closed', s.closed],
      ['green', s.byLevel.green],
      ['yellow', s.byLevel.yellow],
      ['red', s.byLevel.red],
      ['warningsRaised', s.warningsRaised],
      ['warningsAcknowledged', s.warningsAcknowledged],
      ['agreements', s.agreements],
      ['performedFull', s.performed.full],
      ['performedPartial', s.performed.partial],
      ['performedNone', s.performed.none],
      ['medianDaysToClose', s.medianDaysToClose],
    ].map(([k, v]) => ({ measure: t(`disputes.counts.summary.${k}`), value: v })),
  });
  const groupVocab: Record<string, string> = { type: 'type', source: 'source', outcome: 'outcome', risk_level: 'level' };
  for (const c of all) {
    const byStation = c.groupBy === 'station_month';
    sheets.push({
      name: t(`disputes.counts.groupBy.${c.groupBy}`),
      columns: [
        ...(byStation
          ? [
              { header: t('disputes.fields.station'), key: 'station' },
              { header: t('disputes.counts.month'), key: 'month' },
            ]
          : [{ header: t(`disputes.counts.groupBy.${c.groupBy}`), key: 'value' }]),
        { header: t('disputes.counts.summary.total'), key: 'total', kind: 'number' as const },
        { header: t('disputes.counts.summary.open'), key: 'open', kind: 'number' as const },
        { header: t('disputes.counts.summary.closed'), key: 'closed', kind: 'number' as const },
      ],
      rows: c.rows.map((r) => ({ station: r.stationName, month: r.month, value: label(groupVocab[c.groupBy]!, r.value), total: r.total, open: r.open, closed: r.closed })),
    });
  }
  const cases: Record<string, unknown>[] = [];
  let cursor: string | null = null;
  do {
    const page: ListDisputesOutput = staffView(await listDisputes(ctx, { ...input, limit: 1000, cursor }));
    for (const r of page.items) {
      cases.push({
        number: r.number,
        title: r.title,
        station: r.stationName,
        enterprise: r.enterpriseName,
        type: label('type', r.disputeType),
        source: label('source', r.source),
        level: r.riskLevel ? label('level', r.riskLevel) : '',
        people: r.peopleInvolved,
        amount: r.amountYuan,
        status: t(`vocab.workItemStatus.${r.status}`),
        outcome: label('outcome', r.outcome ?? 'pending'),
        createdAt: localDate(new Date(r.createdAt), ctx.timezone),
      });
    }
    cursor = page.nextCursor;
  } while (cursor && cases.length < DISPUTE_EXPORT_MAX_ROWS);
  sheets.push({
    name: t('disputes.counts.casesSheet'),
    columns: [
      { header: t('disputes.fields.number'), key: 'number' },
      { header: t('disputes.fields.title'), key: 'title' },
      { header: t('disputes.fields.station'), key: 'station' },
      { header: t('disputes.fields.enterprise'), key: 'enterprise' },
      { header: t('disputes.fields.type'), key: 'type' },
      { header: t('disputes.fields.source'), key: 'source' },
      { header: t('disputes.fields.riskLevel'), key: 'level' },
      { header: t('disputes.fields.peopleInvolved'), key: 'people', kind: 'number' as const },
      { header: t('disputes.fields.amountYuan'), key: 'amount', kind: 'number' as const },
      { header: t('disputes.fields.status'), key: 'status' },
      { header: t('disputes.fields.outcome'), key: 'outcome' },
      { header: t('disputes.fields.createdAt'), key: 'createdAt', kind: 'date' as const },
    ],
    rows: cases,
  });
  const data = await writeXlsx(sheets);
  const fileName = `${t('disputes.counts.fileName')}-${input.from}-${input.to}.xlsx`;
  const file = await storeGeneratedFile(ctx, deps, { purpose: 'export', fileName, contentType: XLSX, data });
  return { fileId: file.id, fileName: file.name, rows: cases.length };
}

