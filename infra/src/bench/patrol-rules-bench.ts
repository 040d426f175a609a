import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { createDb } from '@stationdesk/db';
import { intakeTokenHash, runPatrolRules, type RulesRunResult } from '@stationdesk/services';
import type { Log } from '../services.ts';
import type { BenchContext } from './scenarios.ts';
import { summarize, type Summary } from './stats.ts';

/**
 * Issue 19's figures for automatic findings, on the bench tenant (100,000 enterprises with their
 * documents, 1,000,000 items, 20,000 disputes):
 *
 * - the rule engine's first run raises every finding its rules want (expired leases, enterprises
 *   leaving with open disputes, items long overdue) — target < 30 s; a second run over unchanged
 *   data writes nothing; after 200 changes (100 leases renewed, 100 expired) a run writes only
 *   those. Rows written are counted from the tables, not taken from the run's own answer.
 * - POST /api/intake/findings: 1,000 calls spread evenly over a minute with one token (the
 *   limit: 1,000 a minute), each a new finding — target p95 < 50 ms.
 *
 * What the runs raise is removed again afterwards (as the owner), so the next bench starts from
 * the same data.
 */
export interface RuleRunFigures {
  run: RulesRunResult;
  /** Rows the run added or changed, counted in the tables. */
  written: { items: number; findings: number; events: number; cleared: number };
}

export interface PatrolRulesFigures {
  first: RuleRunFigures;
  unchanged: RuleRunFigures;
  changed: RuleRunFigures;
  /** Facts the rules read on the first run. */
  facts: { openFindings: number };
}

const RULE_KEYS_OF_BENCH = `source = 'automatic'`;

async function footprint(owner: pg.Client, tenantId: string) {
  const { rows } = await owner.query<{ items: number; findings: number; events: number; cleared: number }>(
    `select (select count(*)::int from work_items where tenant_id = $1 and kind = 'patrol') as items,
            (select count(*)::int from patrol_findings where tenant_id = $1) as findings,
            (select count(*)::int from work_item_events where tenant_id = $1 and action in ('create', 'condition_cleared', 'condition_recurred')) as events,
            (select count(*)::int from patrol_findings where tenant_id = $1 and cleared_at is not null) as cleared`,
    [tenantId],
  );
  return rows[0]!;
}

/**
 * Removes the findings a bench run raised (automatic and the intake's) with their history, title
 * grams and reminders, in one transaction as the owner, and puts the patrol counter back. The app
 * never deletes an item, so two foreign keys to work_items have no index on the referencing side
 * (the title grams' cascade, an item's link to another): their checks are switched off for this
 * transaction only — nothing links to a bench finding, and its grams are deleted just before —
 * while the KPI rollup's delete trigger still takes the items out of the counts.
 */
export async function removeBenchFindings(owner: pg.Client, tenantId: string): Promise<void> {
  await owner.query('begin');
  try {
    await owner.query(`select set_config('app.tenant_id', $1, true)`, [tenantId]);
    await owner.query(
      `create temporary table bench_gone on commit drop as
         select item_id as id from patrol_findings where tenant_id = $1 and (${RULE_KEYS_OF_BENCH} or source = 'external')`,
      [tenantId],
    );
    const { rows } = await owner.query<{ n: number }>(`select count(*)::int as n from bench_gone`);
    if (rows[0]!.n > 0) {
      await owner.query(`delete from reminders where tenant_id = $1 and subject_type = 'work_item' and subject_id in (select id from bench_gone)`, [tenantId]);
      await owner.query(`delete from patrol_findings where tenant_id = $1 and item_id in (select id from bench_gone)`, [tenantId]);
      await owner.query(`delete from work_item_events where tenant_id = $1 and item_id in (select id from bench_gone)`, [tenantId]);
      await owner.query(`delete from work_item_title_grams where tenant_id = $1 and item_id in (select id from bench_gone)`, [tenantId]);
      const unindexed = `select t.tgname from pg_trigger t join pg_constraint c on c.oid = t.tgconstraint
                          where t.tgrelid = 'work_items'::regclass and c.confrelid = 'work_items'::regclass
                            and c.conrelid in ('work_items'::regclass, 'work_item_title_grams'::regclass)`;
      const { rows: triggers } = await owner.query<{ tgname: string }>(unindexed);
      for (const t of triggers) await owner.query(`alter table work_items disable trigger ${owner.escapeIdentifier(t.tgname)}`);
      await owner.query(`delete from work_items where tenant_id = $1 and id in (select id from bench_gone)`, [tenantId]);
      for (const t of triggers) await owner.query(`alter table work_items enable trigger ${owner.escapeIdentifier(t.tgname)}`);
      await owner.query(
        `update work_item_counters c
            set last_value = coalesce((select max(split_part(w.number, '-', 3)::int) from work_items w
                                        where w.tenant_id = c.tenant_id and w.kind = 'patrol' and w.number like 'XC-' || c.year || '-%'), 0)
          where c.tenant_id = $1 and c.kind = 'patrol'`,
        [tenantId],
      );
    }
    await owner.query(`delete from audit_log where tenant_id = $1 and action = 'patrolFinding.intake'`, [tenantId]);
    await owner.query(`delete from patrol_rule_runs where tenant_id = $1`, [tenantId]);
    await owner.query(`delete from intake_tokens where tenant_id = $1 and name like 'bench-%'`, [tenantId]);
    await owner.query('commit');
  } catch (e) {
    await owner.query('rollback');
    throw e;
  }
}

export async function benchPatrolRules(opts: { ownerUrl: string; appUrl: string; ctx: BenchContext; log: Log }): Promise<PatrolRulesFigures> {
  const { ctx, log } = opts;
  const owner = new pg.Client({ connectionString: opts.ownerUrl });
  await owner.connect();
  const db = createDb(opts.appUrl, { max: 4 });
  const tenant = { id: ctx.tenantId, timezone: 'Asia/Shanghai' };
  const measured = async (what: string): Promise<RuleRunFigures> => {
    const before = await footprint(owner, ctx.tenantId);
    const run = await runPatrolRules(db, tenant);
    const after = await footprint(owner, ctx.tenantId);
    const written = { items: after.items - before.items, findings: after.findings - before.findings, events: after.events - before.events, cleared: after.cleared - before.cleared };
    log(`patrol rules, ${what}: ${(run.durationMs / 1000).toFixed(2)} s — raised ${run.raised}, cleared ${run.cleared}, recurred ${run.recurred}; rows: +${written.items} items, +${written.events} history lines`);
    return { run, written };
  };
  try {
    await removeBenchFindings(owner, ctx.tenantId);
    await owner.query('vacuum analyze patrol_findings, work_items');
    const first = await measured('first run');
    const unchanged = await measured('again, nothing changed');
    // 100 leases renewed (their findings clear), 100 others lapse (new findings).
    await owner.query(`select set_config('app.tenant_id', $1, false)`, [ctx.tenantId]);
    await owner.query(
      `update enterprise_documents d set expires_on = current_date + 365
        where d.tenant_id = $1 and d.doc_type = 'lease'
          and d.enterprise_id in (select split_part(rule_key, ':', 2)::uuid from patrol_findings
                                   where tenant_id = $1 and open and rule_key like 'document_expired:%:lease' limit 100)`,
      [ctx.tenantId],
    );
    await owner.query(
      `update enterprise_documents d set expires_on = current_date - 3
        where d.tenant_id = $1 and d.id in (select d2.id from enterprise_documents d2 join enterprises e on e.tenant_id = d2.tenant_id and e.id = d2.enterprise_id
                                             where d2.tenant_id = $1 and d2.doc_type = 'lease' and d2.expires_on > current_date + 400 and e.status = 'active' limit 100)`,
      [ctx.tenantId],
    );
    const changed = await measured('after 100 leases renewed and 100 lapsed');
    const { rows } = await owner.query<{ n: number }>(`select count(*)::int as n from patrol_findings where tenant_id = $1 and open and source = 'automatic'`, [ctx.tenantId]);
    return { first, unchanged, changed, facts: { openFindings: rows[0]!.n } };
  } finally {
    await removeBenchFindings(owner, ctx.tenantId).catch(() => undefined);
    await db.close();
    await owner.end();
  }
}

/**
 * 1,000 intake calls spread evenly over one minute (one every 60 ms, each sent on time whatever
 * the earlier ones are doing), one token, each a new sender's id at one of the tenant's buildings.
 */
export async function benchIntake(opts: { apiBase: string; ownerUrl: string; ctx: BenchContext; calls?: number; spreadMs?: number; log: Log }): Promise<Summary & { statuses: Record<string, number> }> {
  const calls = opts.calls ?? 1000;
  const spreadMs = opts.spreadMs ?? 60_000;
  const owner = new pg.Client({ connectionString: opts.ownerUrl });
  await owner.connect();
  try {
    await owner.query(`select set_config('app.tenant_id', $1, false)`, [opts.ctx.tenantId]);
    const token = `sdi_${randomUUID().replace(/-/g, '')}${randomUUID().replace(/-/g, '').slice(0, 11)}`;
    await owner.query(`insert into intake_tokens (tenant_id, name, token_hash) values ($1, 'bench-一网统管', $2)`, [opts.ctx.tenantId, intakeTokenHash(token)]);
    const { rows: buildings } = await owner.query<{ id: string }>(`select id from buildings where tenant_id = $1 order by id`, [opts.ctx.tenantId]);
    const post = async (i: number) => {
      const t0 = performance.now();
      const res = await fetch(`${opts.apiBase}/api/intake/findings`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({
          externalId: `bench-${randomUUID()}`,
          buildingId: buildings[i % buildings.length]!.id,
          floor: String(1 + (i % 20)),
          location: '楼梯间',
          category: ['fire_safety', 'environment_sanitation', 'safety_hazard'][i % 3],
          tier: ['red', 'yellow', 'blue'][i % 3],
          description: '一网统管平台推送：楼梯间堆放杂物，影响疏散。',
        }),
      });
      await res.arrayBuffer();
      return { ms: performance.now() - t0, status: res.status };
    };
    // Warm the path (connections, prepared statements) outside the measured minute: 20 calls.
    for (let i = 0; i < 20; i++) await post(i);
    await owner.query(`update intake_tokens set window_started_at = null, window_calls = 0 where tenant_id = $1 and name = 'bench-一网统管'`, [opts.ctx.tenantId]);
    opts.log(`intake: ${calls} calls over ${spreadMs / 1000} s`);
    const started = performance.now();
    const pending: Promise<{ ms: number; status: number }>[] = [];
    for (let i = 0; i < calls; i++) {
      const due = started + (i * spreadMs) / calls;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      pending.push(post(i));
    }
    const results = await Promise.all(pending);
    const seconds = (performance.now() - started) / 1000;
    const statuses: Record<string, number> = {};
    for (const r of results) statuses[r.status] = (statuses[r.status] ?? 0) + 1;
    const ok = results.filter((r) => r.status === 201).map((r) => r.ms);
    return { ...summarize(ok, seconds, results.length - ok.length), statuses };
  } finally {
    await removeBenchFindings(owner, opts.ctx.tenantId).catch(() => undefined);
    await owner.end();
  }
}
