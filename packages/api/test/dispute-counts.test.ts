import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withPlatform, withTenant } from '@stationdesk/db';
import { planPeriod } from '@stationdesk/services';
import { apiDeps, makeMember, makeTenant, openTestDb, signedIn, type Client, type TestTenant } from '@stationdesk/test-utils';

/**
 * The managers' dispute counts read a monthly rollup kept by triggers (migration 0009). It must
 * equal a direct count after every kind of write — creates, edits, station moves, closes, reopens,
 * warnings, deletes, concurrent writers — stay inside its tenant, and the counts built from it (whole
 * months from the rollup, partial months counted directly) must equal SQL for any period.
 */
let t: ReturnType<typeof openTestDb>;
let tenant: TestTenant;
let other: TestTenant;
let manager: Client;
let staff: Client; // station 0
let staffOther: Client; // station 1
let foreignManager: Client;
const ids: string[] = [];

const q = async <T = Record<string, unknown>>(text: string, params: unknown[] = []) => (await t.owner.pool.query(text, params)).rows as T[];

const types = ['wage_arrears', 'labour_contract', 'social_insurance', 'property', 'commercial', 'other'] as const;
const sources = ['party_application', 'found_by_staff', 'police_transfer', 'court_transfer', 'government_transfer', 'enterprise_report'] as const;

function dispute(tn: TestTenant, i: number, enterpriseIndex = 0) {
  const enterpriseId = tn.enterpriseIds[enterpriseIndex]!;
  return {
    source: sources[i % sources.length]!,
    disputeType: types[i % types.length]!,
    enterpriseId,
    title: `纠纷 ${i}`,
    facts: '员工反映公司拖欠工资。',
    amountYuan: 5000 * (i + 1),
    peopleInvolved: 1 + (i % 4),
    parties: [
      { side: 'applicant' as const, kind: 'person' as const, name: '张伟', phone: '13812341234' },
      { side: 'respondent' as const, kind: 'organisation' as const, name: '测试企业有限公司', enterpriseId },
    ],
    assign: { mode: 'self' as const },
  };
}

/** The rollup as stored — by day, by month, the close-days histograms — against the same cells counted straight from the cases and warnings. */
async function expectRollupExact(tenantId: string) {
  const cells = `
    with tz as (select timezone as tz from tenants where id = $1),
         d as (select w.station_id, (w.created_at at time zone tz)::date as day,
                      w.status in ('resolved', 'visited', 'closed') as closed, c.dispute_type, c.source, c.outcome, c.risk_level, c.performed, c.outcome_at,
                      (c.outcome_at at time zone tz)::date - (w.created_at at time zone tz)::date as days
                 from work_items w join dispute_cases c on c.tenant_id = w.tenant_id and c.item_id = w.id, tz
                where w.tenant_id = $1 and w.kind = 'dispute')
    select station_id, day, 'type' as dimension, dispute_type as value, count(*) as total, count(*) filter (where not closed) as open from d group by 1, 2, 4
    union all select station_id, day, 'source', source, count(*), count(*) filter (where not closed) from d group by 1, 2, 4
    union all select station_id, day, 'outcome', coalesce(outcome, 'pending'), count(*), count(*) filter (where not closed) from d group by 1, 2, 4
    union all select station_id, day, 'risk_level', risk_level, count(*), count(*) filter (where not closed) from d group by 1, 2, 4
    union all select station_id, day, 'performed', coalesce(performed, 'unknown'), count(*), count(*) filter (where not closed) from d where outcome = 'agreement' group by 1, 2, 4
    union all select station_id, day, 'close_days', days::text, count(*), 0 from d where closed and outcome_at is not null group by 1, 2, 4
    union all select w.station_id, (dw.raised_at at time zone tz)::date, 'warning', '', count(*), count(*) filter (where dw.acknowledged_at is null)
                from dispute_warnings dw join work_items w on w.tenant_id = dw.tenant_id and w.id = dw.item_id, tz
               where dw.tenant_id = $1 group by 1, 2`;
  const pairs: [string, string][] = [
    [
      `select station_id::text, to_char(day, 'YYYY-MM-DD') as at, dimension, value, total, open from dispute_day_counts where tenant_id = $1`,
      `select station_id::text, to_char(day, 'YYYY-MM-DD') as at, dimension, value, total::int, open::int from (${cells}) x`,
    ],
    [
      `select station_id::text, to_char(month, 'YYYY-MM-DD') as at, dimension, value, total, open from dispute_month_counts where tenant_id = $1`,
      `select station_id::text, to_char(date_trunc('month', day), 'YYYY-MM-DD') as at, dimension, value, sum(total)::int as total, sum(open)::int as open
         from (${cells}) x where dimension <> 'close_days' group by 1, 2, 3, 4`,
    ],
    [
      `select h.station_id::text, to_char(h.month, 'YYYY-MM-DD') as at, (array_lower(h.counts, 1) + u.i - 1)::text as value, u.n as total
         from dispute_close_days h, unnest(h.counts) with ordinality u (n, i) where h.tenant_id = $1 and u.n <> 0`,
      `select station_id::text, to_char(date_trunc('month', day), 'YYYY-MM-DD') as at, value, sum(total)::int as total
         from (${cells}) x where dimension = 'close_days' group by 1, 2, 3`,
    ],
  ];
  for (const [stored, direct] of pairs) {
    const order = (text: string) => `select * from (${text}) r order by 1, 2, 3, 4`;
    const actual = await q(order(stored), [tenantId]);
    expect(actual).toEqual(await q(order(direct), [tenantId]));
  }
}

/** Every grouping and the whole summary of `dispute.counts` against the same numbers written directly in SQL. */
async function expectCountsEqualSql(c: Client, tenantId: string, from: string, to: string, opts: { stationId?: string; stationIds?: string[] } = {}) {
  const stationIds = opts.stationId ? [opts.stationId] : (opts.stationIds ?? null);
  const params = [tenantId, from, to, stationIds];
  const scope = `w.tenant_id = $1 and ($4::uuid[] is null or w.station_id = any($4::uuid[]))`;
  const between = (col: string) =>
    `${col} >= ($2::date::timestamp at time zone (select timezone from tenants where id = $1)) and ${col} < (($3::date + 1)::timestamp at time zone (select timezone from tenants where id = $1))`;
  const from_ = `from work_items w join dispute_cases c on c.tenant_id = w.tenant_id and c.item_id = w.id
                 where ${scope} and w.kind = 'dispute' and ${between('w.created_at')}`;
  for (const groupBy of ['station_month', 'type', 'source', 'outcome', 'risk_level'] as const) {
    const result = await c.call((api) => api.dispute.counts({ from, to, stationId: opts.stationId ?? null, groupBy }));
    const key = {
      station_month: `w.station_id::text || '|' || to_char(w.created_at at time zone (select timezone from tenants where id = $1), 'YYYY-MM')`,
      type: 'c.dispute_type',
      source: 'c.source',
      outcome: `coalesce(c.outcome, 'pending')`,
      risk_level: 'c.risk_level',
    }[groupBy];
    const rows = await q(
      `select ${key} as key, count(*)::int as total, count(*) filter (where w.status not in ('resolved', 'visited', 'closed'))::int as open ${from_} group by 1 order by 1`,
      params,
    );
    expect(result.rows.map((r) => ({ key: r.key, total: r.total, open: r.open }))).toEqual(rows);
    expect(result.rows.every((r) => r.closed === r.total - r.open)).toBe(true);
    const [s] = await q<Record<string, number | null>>(
      `select count(*)::int as total, count(*) filter (where w.status not in ('resolved', 'visited', 'closed'))::int as open,
              count(*) filter (where c.risk_level = 'green')::int as green, count(*) filter (where c.risk_level = 'yellow')::int as yellow,
              count(*) filter (where c.risk_level = 'red')::int as red, count(*) filter (where c.outcome = 'agreement')::int as agreements,
              count(*) filter (where c.outcome = 'agreement' and c.performed = 'full')::int as full,
              count(*) filter (where c.outcome = 'agreement' and c.performed = 'partial')::int as partial,
              count(*) filter (where c.outcome = 'agreement' and c.performed = 'none')::int as none,
              count(*) filter (where c.outcome = 'agreement' and c.performed is null)::int as unknown,
              (percentile_cont(0.5) within group (order by (c.outcome_at at time zone (select timezone from tenants where id = $1))::date
                                                         - (w.created_at at time zone (select timezone from tenants where id = $1))::date)
                 filter (where w.status in ('resolved', 'visited', 'closed') and c.outcome_at is not null))::float8 as median,
              (select count(*)::int from dispute_warnings dw join work_items w on w.tenant_id = dw.tenant_id and w.id = dw.item_id
                where ${scope} and ${between('dw.raised_at')}) as raised,
              (select count(*)::int from dispute_warnings dw join work_items w on w.tenant_id = dw.tenant_id and w.id = dw.item_id
                where ${scope} and ${between('dw.raised_at')} and dw.acknowledged_at is not null) as acknowledged
         ${from_}`,
      params,
    );
    expect(result.summary).toEqual({
      total: s!.total,
      open: s!.open,
      closed: s!.total! - s!.open!,
      byLevel: { green: s!.green, yellow: s!.yellow, red: s!.red },
      warningsRaised: s!.raised,
      warningsAcknowledged: s!.acknowledged,
      agreements: s!.agreements,
      performed: { full: s!.full, partial: s!.partial, none: s!.none, unknown: s!.unknown },
      medianDaysToClose: s!.median,
    });
  }
}

const item = (c: Client, id: string) => c.call((api) => api.workItem.get({ id }));

/** Accept and start (the handler took it on), hold a session, and record the outcome. */
async function conclude(id: string, outcome: 'agreement' | 'referred' | 'failed') {
  let it = await item(staff, id);
  for (const action of ['accept', 'start'] as const) {
    if (!it.allowedActions.includes(action)) continue;
    await staff.call((api) => api.workItem.transition({ id, action, version: it.version }));
    it = await item(staff, id);
  }
  await staff.call((api) => api.dispute.addSession({ id, kind: 'mediation', heldAt: new Date(Date.now() - 3_600_000).toISOString(), mediator: '李调解员', notes: '双方到场。' }));
  await staff.call((api) =>
    api.dispute.recordOutcome({
      id,
      outcome,
      ...(outcome === 'agreement' ? { agreement: { number: `调〔2026〕${id.slice(0, 4)}号`, terms: '企业分两期支付。', amountYuan: 1000 } } : {}),
      ...(outcome === 'referred' ? { referredTo: '区劳动人事争议仲裁委员会' } : {}),
    }),
  );
}

/** Moves the case in time, as the owner (the triggers follow any writer; one statement per table, see migration 0009). */
async function refile(id: string, createdAt: string, outcomeAfterDays?: number) {
  await q(`update work_items set created_at = $2 where id = $1`, [id, createdAt]);
  if (outcomeAfterDays !== undefined) {
    await q(`update dispute_cases set outcome_at = $2::timestamptz + make_interval(days => $3::int) where item_id = $1 and outcome_at is not null`, [id, createdAt, outcomeAfterDays]);
  }
}

beforeAll(async () => {
  t = openTestDb();
  tenant = await makeTenant(t.owner);
  other = await makeTenant(t.owner);
  const deps = apiDeps(t.db);
  manager = await signedIn(deps, (await makeMember(t.owner, tenant, 'manager')).email);
  staff = await signedIn(deps, (await makeMember(t.owner, tenant, 'staff', { stationIndexes: [0] })).email);
  staffOther = await signedIn(deps, (await makeMember(t.owner, tenant, 'staff', { stationIndexes: [1] })).email);
  foreignManager = await signedIn(deps, (await makeMember(t.owner, other, 'manager')).email);
});
afterAll(() => t.close());

describe('the dispute counts’ rollup', () => {
  it('equals a direct count through creates, edits, station moves, closes, reopens, warnings and deletes', async () => {
    for (let i = 0; i < 8; i++) ids.push((await staff.call((api) => api.dispute.create(dispute(tenant, i)))).id);
    for (let i = 0; i < 2; i++) ids.push((await staffOther.call((api) => api.dispute.create(dispute(tenant, i, 2)))).id);
    await expectRollupExact(tenant.tenantId);

    // Filed in other months and years; 2025-12-31 23:30 and 2026-01-01 00:30 in Shanghai are 15:30 and 16:30 UTC.
    await refile(ids[0]!, '2025-12-31T15:30:00Z');
    await refile(ids[1]!, '2025-12-31T16:30:00Z');
    await refile(ids[2]!, '2026-03-15T02:00:00Z');
    await refile(ids[8]!, '2025-06-01T01:00:00Z');
    await expectRollupExact(tenant.tenantId);

    // Edits: the type, then more people come forward (a higher risk level and a warning).
    await staff.call((api) => api.dispute.updateFacts({ id: ids[3]!, disputeType: 'property' }));
    const raised = await staff.call((api) => api.dispute.updateFacts({ id: ids[3]!, peopleInvolved: 12 }));
    expect(raised.level).toBe('red');
    await expectRollupExact(tenant.tenantId);

    // Moved to the other station (returned by its handler), with its warnings.
    const moving = await item(staff, ids[3]!);
    await staff.call((api) => api.workItem.transition({ id: ids[3]!, action: 'return', note: '属二站辖区', stationId: tenant.stations[1]!.id, version: moving.version }));
    expect((await q<{ station_id: string }>(`select station_id from work_items where id = $1`, [ids[3]]))[0]!.station_id).toBe(tenant.stations[1]!.id);
    await expectRollupExact(tenant.tenantId);

    // Closed: agreements (one performed, one not and reopened), a referral, a failure, a withdrawal.
    await conclude(ids[0]!, 'agreement');
    await conclude(ids[1]!, 'agreement');
    await conclude(ids[2]!, 'referred');
    await conclude(ids[4]!, 'failed');
    await refile(ids[0]!, '2025-12-31T15:30:00Z', 9);
    await refile(ids[1]!, '2025-12-31T16:30:00Z', 12);
    await refile(ids[2]!, '2026-03-15T02:00:00Z', 30);
    await expectRollupExact(tenant.tenantId);
    // The same station and month as the 9-day case: its histogram grows below, then above.
    await refile(ids[4]!, '2025-12-10T02:00:00Z', 2);
    await expectRollupExact(tenant.tenantId);
    await refile(ids[4]!, '2025-12-10T02:00:00Z', 20);
    await expectRollupExact(tenant.tenantId);
    await staff.call((api) => api.dispute.recordVisit({ id: ids[0]!, visitNo: 7, visitedOn: '2026-01-10', visitor: '王回访', performance: 'full' }));
    // Archived (归档) after the visit: resolved and closed both count as closed, so no cell moves.
    await q(`update work_items set status = 'closed', closed_at = now(), version = version + 1 where id = $1`, [ids[0]]);
    const reopened = await manager.call((api) =>
      api.dispute.recordVisit({ id: ids[1]!, visitNo: 7, visitedOn: '2026-01-12', visitor: '王回访', performance: 'none', reopen: true }),
    );
    expect(reopened.warned).toBe(true);
    expect((await item(staff, ids[1]!)).status).toBe('in_progress');
    const withdrawing = await item(staff, ids[5]!);
    await staff.call((api) => api.workItem.transition({ id: ids[5]!, action: 'withdraw', note: '申请人撤回', version: withdrawing.version }));
    await expectRollupExact(tenant.tenantId);

    // Warnings acknowledged, and a closed case reopened by a manager.
    const open = await manager.call((api) => api.warning.list({ state: 'open', limit: 100 }));
    await manager.call((api) => api.warning.acknowledge({ ids: open.items.map((w) => w.id), note: '已约谈企业负责人。' }));
    const closed = await item(manager, ids[0]!);
    await manager.call((api) => api.workItem.transition({ id: ids[0]!, action: 'reopen', note: '协议履行有争议', version: closed.version }));
    await expectRollupExact(tenant.tenantId);

    // Deleted: a warning on its own, then a whole case.
    await q(`delete from dispute_warnings where id = (select id from dispute_warnings where item_id = $1 order by raised_at limit 1)`, [ids[3]]);
    for (const table of ['dispute_warnings', 'dispute_risk_history', 'dispute_parties', 'dispute_sessions', 'dispute_visits', 'dispute_evidence', 'dispute_cases']) {
      await q(`delete from ${table} where item_id = $1`, [ids[1]]);
    }
    await expectRollupExact(tenant.tenantId);
    // A cell that fell to nothing is gone, not left at zero.
    expect(await q(`select * from dispute_day_counts where total = 0 and open = 0`)).toEqual([]);
    expect(await q(`select * from dispute_month_counts where total = 0 and open = 0`)).toEqual([]);
  });

  it('equals a direct count after concurrent writers in the same station and month', async () => {
    const created = await Promise.all([0, 1, 2, 3, 4, 5].map((i) => staff.call((api) => api.dispute.create(dispute(tenant, i)))));
    ids.push(...created.map((c) => c.id));
    await Promise.all(created.map((c) => staff.call((api) => api.dispute.updateFacts({ id: c.id, peopleInvolved: 15 }))));
    await expectRollupExact(tenant.tenantId);
  });

  it('stays in its tenant: another tenant’s writes leave it alone, and the app sees and writes only its own', async () => {
    const tables = ['dispute_day_counts', 'dispute_month_counts', 'dispute_close_days'] as const;
    const snapshot = async () => Promise.all(tables.map((table) => q(`select * from ${table} where tenant_id = $1 order by 1, 2, 3, 4`, [tenant.tenantId])));
    const before = await snapshot();
    for (let i = 0; i < 3; i++) await foreignManager.call((api) => api.dispute.create({ ...dispute(other, i), assign: undefined }));
    expect(await snapshot()).toEqual(before);
    await expectRollupExact(other.tenantId);
    for (const table of tables) {
      const seen = await withTenant(t.db, tenant.tenantId, (trx) => trx.selectFrom(table).select('tenant_id').distinct().execute());
      expect(seen).toEqual([{ tenant_id: tenant.tenantId }]);
    }
    const forged = withTenant(t.db, tenant.tenantId, (trx) =>
      trx
        .insertInto('dispute_day_counts')
        .values({ tenant_id: other.tenantId, station_id: other.stations[0]!.id, day: '2026-01-01', dimension: 'type', value: 'other', total: 1, open: 1 })
        .execute(),
    );
    await expect(forged).rejects.toThrow(/row-level security/);
  });
});

describe('dispute.counts from the rollup', () => {
  it('reads whole months from the month counts and each partial month from the fewer days', () => {
    const today = '2026-11-27';
    // The last 365 days: twelve months, the first month's last three days, no future day to take away.
    expect(planPeriod('2025-11-28', '2026-11-28', today)).toEqual({
      months: { from: '2025-12-01', to: '2026-12-01' },
      days: [
        { from: '2025-11-28', to: '2025-12-01', sign: 1 },
        { from: '2026-11-28', to: '2026-12-01', sign: -1 },
      ],
    });
    expect(planPeriod('2026-03-16', '2026-04-01', today)).toEqual({ months: { from: '2026-03-01', to: '2026-04-01' }, days: [{ from: '2026-03-01', to: '2026-03-16', sign: -1 }] });
    expect(planPeriod('2026-01-01', '2027-01-01', today)).toEqual({ months: { from: '2026-01-01', to: '2027-01-01' }, days: [] });
    expect(planPeriod('2025-12-31', '2026-01-02', today)).toEqual({
      months: null,
      days: [
        { from: '2025-12-31', to: '2026-01-01', sign: 1 },
        { from: '2026-01-01', to: '2026-01-02', sign: 1 },
      ],
    });
  });

  const periods: [string, string, string][] = [
    ['whole months over two years', '2025-01-01', '2026-12-31'],
    ['one whole month', '2026-01-01', '2026-01-31'],
    ['partial months at both ends', '2025-12-31', '2026-11-30'],
    ['within one month', '2026-11-02', '2026-11-29'],
    ['a month less its first half (a case on a day taken away)', '2026-03-16', '2026-03-31'],
    ['two days across the new year', '2025-12-31', '2026-01-01'],
    ['a year to today', '2025-11-28', '2026-11-27'],
  ];

  it.each(periods)('equal SQL counts for %s', async (_label, from, to) => {
    await expectCountsEqualSql(manager, tenant.tenantId, from, to);
  });

  it('equal SQL counts with a station filter, for staff in their stations and for another tenant', async () => {
    await expectCountsEqualSql(manager, tenant.tenantId, '2025-12-15', '2026-11-30', { stationId: tenant.stations[1]!.id });
    await expectCountsEqualSql(staff, tenant.tenantId, '2025-12-15', '2026-11-30', { stationIds: [tenant.stations[0]!.id] });
    await expectCountsEqualSql(staffOther, tenant.tenantId, '2025-01-01', '2026-12-31', { stationIds: [tenant.stations[1]!.id] });
    await expectCountsEqualSql(foreignManager, other.tenantId, '2025-12-15', '2026-12-31');
  });

  it('count disputes at all and in more than one month, so the checks above compare something', async () => {
    const year = await manager.call((api) => api.dispute.counts({ from: '2025-01-01', to: '2026-12-31', groupBy: 'station_month' }));
    expect(new Set(year.rows.map((r) => r.month)).size).toBeGreaterThanOrEqual(4);
    expect(year.summary.medianDaysToClose).not.toBeNull();
    expect(year.summary.warningsAcknowledged).toBeGreaterThan(0);
    expect(year.summary.performed.full).toBe(1);
  });
});

// Last: a rebuild repairs any drift, so the checks above run on the rollup as the triggers kept it.
describe('a change of time zone', () => {
  it('rebuilds the rollup in the new local months', async () => {
    const setZone = (tz: string) => withPlatform(t.owner, (trx) => trx.updateTable('tenants').set({ timezone: tz }).where('id', '=', tenant.tenantId).execute());
    const inMay2025 = async () =>
      (await q<{ n: number }>(`select coalesce(sum(total), 0)::int as n from dispute_month_counts where tenant_id = $1 and month = '2025-05-01' and dimension = 'risk_level'`, [tenant.tenantId]))[0]!.n;
    expect(await inMay2025()).toBe(0);
    // Filed 2025-06-01 01:00 UTC: June in Shanghai, still May in New York.
    await setZone('America/New_York');
    expect(await inMay2025()).toBe(1);
    await expectRollupExact(tenant.tenantId);
    await setZone('Asia/Shanghai');
    expect(await inMay2025()).toBe(0);
    await expectRollupExact(tenant.tenantId);
  });
});
