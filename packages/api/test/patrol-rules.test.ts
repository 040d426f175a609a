import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createProducer, createQueueBackend, jobs, patrolRulesJobId, queueNames } from '@stationdesk/jobs';
import { runPatrolRules } from '@stationdesk/services';
import { apiDeps, error, keyOf, makeMember, makeTenant, openTestDb, signedIn, type Client, type TestTenant } from '@stationdesk/test-utils';

/**
 * 自动发现 (issue 19): the rule engine raises patrol findings by itself — one per condition while
 * it is open, however often it runs; a later run writes only what changed; a cleared condition is
 * said on the finding; tenants' rules, settings and findings stay apart; managers set the rules.
 */
let t: ReturnType<typeof openTestDb>;
let tenant: TestTenant;
let foreign: TestTenant;
let manager: Client;
let staff: Client;
let foreignManager: Client;
let e0: string; // station 0, building 0
let e1: string; // station 0, building 1
let building0: string;

const q = async <T = Record<string, unknown>>(text: string, params: unknown[] = []) => (await t.owner.pool.query(text, params)).rows as T[];
const run = (which: TestTenant = tenant, now?: Date) => runPatrolRules(t.db, { id: which.tenantId, timezone: 'Asia/Shanghai' }, now ? { now } : {});
const daysFromToday = (n: number) => new Date(Date.now() + n * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10);

/** Counts of what a run may write, in this tenant. */
async function footprint(tenantId = tenant.tenantId) {
  const [r] = await q<{ items: string; findings: string; events: string; reminders: string; cleared: string }>(
    `select (select count(*) from work_items where tenant_id = $1) as items,
            (select count(*) from patrol_findings where tenant_id = $1) as findings,
            (select count(*) from work_item_events where tenant_id = $1) as events,
            (select count(*) from reminders where tenant_id = $1) as reminders,
            (select count(*) from patrol_findings where tenant_id = $1 and cleared_at is not null) as cleared`,
    [tenantId],
  );
  return r!;
}

const automatic = (ruleKey: string, tenantId = tenant.tenantId) =>
  q<{ item_id: string; number: string; open: boolean; cleared_at: string | null; source: string; source_name: string; tier: string; category: string; due_hours: string; enterprise_id: string | null; building_id: string; floor: string | null; created_by: string | null; title: string }>(
    `select f.item_id, w.number, f.open, f.cleared_at, f.source, f.source_name, f.tier, f.category, f.floor, f.building_id, w.enterprise_id, w.created_by, w.title,
            (extract(epoch from w.resolution_due_at - w.created_at) / 3600)::int::text as due_hours
       from patrol_findings f join work_items w on w.tenant_id = f.tenant_id and w.id = f.item_id
      where f.tenant_id = $1 and f.rule_key = $2 order by w.created_at`,
    [tenantId, ruleKey],
  );

async function addDocument(c: Client, enterpriseId: string, docType: string, expiresOn: string | null, id?: string) {
  return c.call((api) => api.enterprise.document.save({ enterpriseId, ...(id ? { id } : {}), document: { docType: docType as 'lease', number: 'N-1', expiresOn } }));
}

beforeAll(async () => {
  t = openTestDb();
  tenant = await makeTenant(t.owner);
  foreign = await makeTenant(t.owner);
  const deps = apiDeps(t.db);
  manager = await signedIn(deps, (await makeMember(t.owner, tenant, 'manager')).email);
  staff = await signedIn(deps, (await makeMember(t.owner, tenant, 'staff', { stationIndexes: [0] })).email);
  foreignManager = await signedIn(deps, (await makeMember(t.owner, foreign, 'manager')).email);
  [e0, e1] = tenant.enterpriseIds as [string, string];
  building0 = tenant.stations[0]!.buildingIds[0]!;
  await q(`update buildings set floors = 20 where id = $1`, [building0]);
  await q(`update enterprises set floor = '12楼', room = '1203' where id = $1`, [e0]);
});

afterAll(() => t.close());

describe('an expired business licence', () => {
  let doc: string;
  const key = () => `document_expired:${e0}:business_licence`;

  it('raises exactly one finding, however often the rules run; the second run writes nothing', async () => {
    doc = (await addDocument(manager, e0, 'business_licence', daysFromToday(-3))).id;
    const first = await run();
    expect(first).toMatchObject({ raised: 1, cleared: 0, recurred: 0 });
    const [f, ...more] = await automatic(key());
    expect(more).toEqual([]);
    expect(f).toMatchObject({
      open: true,
      cleared_at: null,
      source: 'automatic',
      source_name: '证照过期',
      tier: 'yellow',
      category: 'illegal_business',
      enterprise_id: e0,
      building_id: building0,
      floor: '12F',
      created_by: null,
      // Yellow: the tenant's patrol SLA at normal priority, 24 h on the wall clock.
      due_hours: '24',
    });
    expect(f!.number).toMatch(/^XC-\d{4}-\d{6}$/);
    expect(f!.title).toContain('营业执照已过期');

    const before = await footprint();
    expect(await run()).toMatchObject({ raised: 0, cleared: 0, recurred: 0 });
    expect(await run()).toMatchObject({ raised: 0, cleared: 0, recurred: 0 });
    expect(await footprint()).toEqual(before);
    expect(await automatic(key())).toHaveLength(1);
  });

  it('appears like a staff finding: in the findings list (source automatic), its history and the enterprise’s timeline', async () => {
    const [f] = await automatic(key());
    const list = await manager.call((api) => api.patrolFinding.list({ source: 'automatic' }));
    expect(list.items.map((i) => i.number)).toContain(f!.number);
    expect(list.items.find((i) => i.id === f!.item_id)).toMatchObject({ source: 'automatic', sourceName: '证照过期', tier: 'yellow' });
    const got = await staff.call((api) => api.patrolFinding.get({ id: f!.item_id }));
    expect(got).toMatchObject({ source: 'automatic', enterpriseId: e0, clearedAt: null, status: 'received' });
    expect(got.description).toContain(daysFromToday(-3));
    const item = await staff.call((api) => api.workItem.get({ id: f!.item_id }));
    expect(item.number).toBe(f!.number);
    const timeline = await manager.call((api) => api.enterprise.timeline({ enterpriseId: e0 }));
    expect(timeline.items.some((e) => e.refId === f!.item_id || JSON.stringify(e.detail).includes(f!.number))).toBe(true);
    // The new finding's reminders are planned as for any item.
    expect(Number((await q<{ n: string }>(`select count(*) as n from reminders where subject_id = $1`, [f!.item_id]))[0]!.n)).toBeGreaterThan(0);
  });

  it('when renewed, the finding says its condition cleared, once, and stays open for a person to verify', async () => {
    await addDocument(manager, e0, 'business_licence', daysFromToday(365), doc);
    expect(await run()).toMatchObject({ raised: 0, cleared: 1, recurred: 0 });
    const [f] = await automatic(key());
    expect(f).toMatchObject({ open: true });
    expect(f!.cleared_at).not.toBeNull();
    const got = await staff.call((api) => api.patrolFinding.get({ id: f!.item_id }));
    expect(got.clearedAt).not.toBeNull();
    const events = await q<{ action: string; note: string; actor_id: string | null }>(`select action, note, actor_id from work_item_events where item_id = $1 order by at, id`, [f!.item_id]);
    expect(events.map((e) => e.action)).toEqual(['create', 'condition_cleared']);
    expect(events[1]).toMatchObject({ actor_id: null });
    expect(events[1]!.note).toContain('条件已不再成立');

    const before = await footprint();
    expect(await run()).toMatchObject({ raised: 0, cleared: 0, recurred: 0 });
    expect(await footprint()).toEqual(before);
  });

  it('expired again while still open: says it holds again, raises nothing new', async () => {
    await addDocument(manager, e0, 'business_licence', daysFromToday(-1), doc);
    expect(await run()).toMatchObject({ raised: 0, cleared: 0, recurred: 1 });
    const [f] = await automatic(key());
    expect(f!.cleared_at).toBeNull();
    expect((await q<{ action: string }>(`select action from work_item_events where item_id = $1 order by at, id`, [f!.item_id])).map((e) => e.action)).toEqual([
      'create',
      'condition_cleared',
      'condition_recurred',
    ]);
  });

  it('a renewal on a new document clears it too; once the finding is closed, a new expiry raises a new one', async () => {
    await addDocument(manager, e0, 'business_licence', daysFromToday(400));
    expect(await run()).toMatchObject({ cleared: 1 });
    const [f] = await automatic(key());
    await q(`update work_items set status = 'closed', closed_at = now() where id = $1`, [f!.item_id]);
    expect((await automatic(key()))[0]!.open).toBe(false);
    await q(`update enterprise_documents set expires_on = $2 where enterprise_id = $1 and doc_type = 'business_licence'`, [e0, daysFromToday(-2)]);
    expect(await run()).toMatchObject({ raised: 1 });
    const both = await automatic(key());
    expect(both.map((x) => x.open)).toEqual([false, true]);
    expect(both[1]!.number).not.toBe(both[0]!.number);
  });

  it('two runs at once raise a new condition once', async () => {
    await addDocument(manager, e1, 'fire_safety', daysFromToday(-10));
    const results = await Promise.all([run(), run(), run()]);
    expect(results.reduce((n, r) => n + r.raised, 0)).toBe(1);
    expect(await automatic(`document_expired:${e1}:fire_safety`)).toEqual([expect.objectContaining({ category: 'fire_safety', open: true })]);
  });

  it('a document that never expires, or of a type the rule does not watch, raises nothing', async () => {
    await addDocument(manager, e1, 'lease', null);
    await addDocument(manager, e1, 'tax_registration', daysFromToday(-30));
    expect(await run()).toMatchObject({ raised: 0 });
  });
});

describe('settings', () => {
  it('managers see every rule with its defaults and open findings; staff may not', async () => {
    const list = await manager.call((api) => api.patrolRule.list());
    expect(list.rules.map((r) => r.rule)).toEqual(['document_expired', 'moving_out_disputes', 'repeat_reports', 'round_not_walked', 'item_overdue']);
    expect(list.rules[0]).toMatchObject({ enabled: true, tier: 'yellow', thresholds: { graceDays: 0 }, custom: false, openFindings: 2 });
    expect(list.lastRun).toMatchObject({ raised: expect.any(Number) });
    const e = await error(staff.call((api) => api.patrolRule.list()));
    expect(e.code).toBe('FORBIDDEN');
    const u = await error(staff.call((api) => api.patrolRule.update({ rule: 'document_expired', enabled: false, tier: 'red', thresholds: { graceDays: 0 } })));
    expect(u.code).toBe('FORBIDDEN');
  });

  it('refuses numbers out of bounds and unknown ones, writing nothing', async () => {
    for (const thresholds of [{ graceDays: 366 }, { graceDays: -1 }, {}, { graceDays: 3, weeks: 2 }] as Record<string, number>[]) {
      const e = await error(manager.call((api) => api.patrolRule.update({ rule: 'document_expired', enabled: true, tier: 'red', thresholds })));
      expect(e.code).toBe('BAD_REQUEST');
      expect(['errors.patrolRule.thresholdOutOfRange', 'errors.patrolRule.thresholdUnknown', undefined]).toContain(keyOf(e));
    }
    expect(await q(`select * from patrol_rule_settings where tenant_id = $1`, [tenant.tenantId])).toEqual([]);
  });

  it('grace days hold a finding back; the tier is the tenant’s', async () => {
    const e2 = tenant.enterpriseIds[2]!;
    await manager.call((api) => api.patrolRule.update({ rule: 'document_expired', enabled: true, tier: 'red', thresholds: { graceDays: 30 } }));
    await addDocument(manager, e2, 'lease', daysFromToday(-10));
    expect(await run()).toMatchObject({ raised: 0 });
    await manager.call((api) => api.patrolRule.update({ rule: 'document_expired', enabled: true, tier: 'red', thresholds: { graceDays: 5 } }));
    expect(await run()).toMatchObject({ raised: 1 });
    expect(await automatic(`document_expired:${e2}:lease`)).toEqual([expect.objectContaining({ tier: 'red', due_hours: '2', category: 'other' })]);
    const audit = await q<{ action: string; data: { after: { thresholds: unknown } } }>(`select action, data from audit_log where tenant_id = $1 and action = 'patrolRule.updated' order by at`, [tenant.tenantId]);
    expect(audit.map((a) => a.data.after.thresholds)).toEqual([{ graceDays: 30 }, { graceDays: 5 }]);
  });

  it('a rule turned off raises nothing and leaves its open findings as they are', async () => {
    await manager.call((api) => api.patrolRule.update({ rule: 'document_expired', enabled: false, tier: 'yellow', thresholds: { graceDays: 0 } }));
    const e3 = tenant.enterpriseIds[3]!;
    await addDocument(manager, e3, 'business_licence', daysFromToday(-5));
    // The fire-safety certificate of e1 is renewed meanwhile: its finding is not said cleared while the rule is off.
    await q(`update enterprise_documents set expires_on = $2 where enterprise_id = $1 and doc_type = 'fire_safety'`, [e1, daysFromToday(100)]);
    const before = await footprint();
    expect(await run()).toMatchObject({ raised: 0, cleared: 0 });
    expect(await footprint()).toEqual(before);
    await manager.call((api) => api.patrolRule.update({ rule: 'document_expired', enabled: true, tier: 'yellow', thresholds: { graceDays: 0 } }));
    expect(await run()).toMatchObject({ raised: 1, cleared: 1 });
    const list = await manager.call((api) => api.patrolRule.list());
    expect(list.rules[0]).toMatchObject({ custom: true, enabled: true });
  });
});

describe('the other rules', () => {
  it('an enterprise moving out with an open wage dispute: red, labour; cleared when the case is closed', async () => {
    const e2 = tenant.enterpriseIds[2]!;
    const dispute = await manager.call((api) =>
      api.dispute.create({
        source: 'party_application',
        disputeType: 'wage_arrears',
        enterpriseId: e2,
        title: '拖欠工资',
        facts: '三名员工反映两个月工资未发。',
        peopleInvolved: 3,
        parties: [
          { side: 'applicant', kind: 'person', name: '王五', phone: '13800138000' },
          { side: 'respondent', kind: 'organisation', name: '测试企业', enterpriseId: e2 },
        ],
      }),
    );
    expect(await run()).toMatchObject({ raised: 0 });
    await q(`update enterprises set status = 'moving_out' where id = $1`, [e2]);
    expect(await run()).toMatchObject({ raised: 1 });
    const [f] = await automatic(`moving_out_disputes:${e2}`);
    expect(f).toMatchObject({ tier: 'red', category: 'labour_wages', due_hours: '2', source_name: '迁出企业有未结纠纷' });
    expect((await manager.call((api) => api.patrolFinding.get({ id: f!.item_id }))).description).toContain('欠薪');
    await q(`update work_items set status = 'closed', closed_at = now() where id = $1`, [dispute.id]);
    expect(await run()).toMatchObject({ cleared: 1 });
  });

  it('three reports about one enterprise within 30 days raise one finding about it', async () => {
    for (const category of ['environment_sanitation', 'environment_sanitation', 'fire_safety']) {
      await staff.call((api) => api.patrolFinding.create({ buildingId: building0, floor: '12F', location: '1203 门口', category, tier: 'blue', description: '门口堆放垃圾。', enterpriseId: e0 }));
    }
    expect(await run()).toMatchObject({ raised: 1 });
    expect(await automatic(`repeat_reports:enterprise:${e0}`)).toEqual([expect.objectContaining({ category: 'environment_sanitation', enterprise_id: e0 })]);
    // Its own findings never count as reports: nothing more on the next run.
    expect(await run()).toMatchObject({ raised: 0 });
  });

  it('an active round plan nobody walked for 7 days; cleared once a round is started', async () => {
    const [plan] = await q<{ id: string }>(
      `insert into patrol_plans (tenant_id, station_id, name, frequency, assignment, starts_on) values ($1, $2, '楼宇日常巡查', 'daily', 'fixed', $3) returning id`,
      [tenant.tenantId, tenant.stations[0]!.id, daysFromToday(-9)],
    );
    expect(await run()).toMatchObject({ raised: 0 }); // no floors: nowhere to send anyone
    await q(`insert into patrol_plan_floors (tenant_id, plan_id, building_id, floor) values ($1, $2, $3, '1F')`, [tenant.tenantId, plan!.id, building0]);
    expect(await run()).toMatchObject({ raised: 1 });
    expect(await automatic(`round_not_walked:${plan!.id}`)).toEqual([expect.objectContaining({ tier: 'blue', building_id: building0 })]);
    const [user] = await q<{ user_id: string }>(`select user_id from memberships where tenant_id = $1 and role = 'staff' limit 1`, [tenant.tenantId]);
    await q(
      `insert into patrol_rounds (tenant_id, plan_id, station_id, round_date, assignee_id, status, floors, point_ids, started_at, walked_by)
       values ($1, $2, $3, $4, $5, 'in_progress', '[]', '{}', now(), $5)`,
      [tenant.tenantId, plan!.id, tenant.stations[0]!.id, daysFromToday(-1), user!.user_id],
    );
    expect(await run()).toMatchObject({ cleared: 1 });
  });

  it('an item 72 hours past its deadline; resolving it clears the finding', async () => {
    const item = await staff.call((api) => api.workItem.create({ kind: 'consultation', enterpriseId: e0, title: '稳岗补贴咨询', channel: 'phone', category: 'policy' }));
    await q(`update work_items set resolution_due_at = now() - interval '71 hours' where id = $1`, [item.id]);
    expect(await run()).toMatchObject({ raised: 0 });
    await q(`update work_items set resolution_due_at = now() - interval '73 hours' where id = $1`, [item.id]);
    expect(await run()).toMatchObject({ raised: 1 });
    const [f] = await automatic(`item_overdue:${item.id}`);
    expect(f).toMatchObject({ enterprise_id: e0, building_id: building0 });
    expect(f!.title).toContain(item.number);
    await q(`update work_items set status = 'resolved', resolved_at = now() where id = $1`, [item.id]);
    expect(await run()).toMatchObject({ cleared: 1 });
  });
});

describe('on a change', () => {
  it('a document saved or removed enqueues the tenant’s run, once for changes close together', async () => {
    const redisUrl = inject('redisUrl');
    const backend = createQueueBackend(
      redisUrl ? { kind: 'redis', url: redisUrl, prefix: `${inject('queuePrefix')}-rules` } : { kind: 'postgres', url: inject('db').appUrl, schema: 'bullmq' },
    );
    try {
      const queued = await signedIn(apiDeps(t.db, { queue: createProducer(backend) }), (await makeMember(t.owner, tenant, 'manager')).email);
      const queue = backend.queue(queueNames.maintenance);
      const jobId = patrolRulesJobId(tenant.tenantId);
      await queue.remove(jobId);
      const { id } = await queued.call((api) => api.enterprise.document.save({ enterpriseId: e1, document: { docType: 'lease', expiresOn: daysFromToday(30) } }));
      await queued.call((api) => api.enterprise.document.save({ enterpriseId: e1, id, document: { docType: 'lease', expiresOn: daysFromToday(-30) } }));
      const job = await queue.getJob(jobId);
      expect(job).toMatchObject({ name: jobs.runPatrolRules.name, data: { tenantId: tenant.tenantId } });
      expect(await job!.isDelayed()).toBe(true);
      await queue.remove(jobId);
      await queued.call((api) => api.enterprise.document.remove({ enterpriseId: e1, id }));
      expect(await queue.getJob(jobId)).toBeTruthy();
      await queue.remove(jobId);
    } finally {
      await backend.close();
    }
  });
});

describe('tenants', () => {
  it('a run sees only its tenant’s data; the other tenant’s settings, findings and rules are its own', async () => {
    const before = await footprint(foreign.tenantId);
    expect(await run(foreign)).toMatchObject({ raised: 0, cleared: 0 });
    expect(await footprint(foreign.tenantId)).toEqual(before);
    await addDocument(foreignManager, foreign.enterpriseIds[0]!, 'lease', daysFromToday(-3));
    const theirs = await run(foreign);
    expect(theirs.raised).toBe(1);
    // Tenant A's run does not touch B's finding, nor B's A's.
    expect(await run()).toMatchObject({ raised: 0, cleared: 0 });
    const ours = await manager.call((api) => api.patrolFinding.list({ source: 'automatic' }));
    const foreignList = await foreignManager.call((api) => api.patrolFinding.list({ source: 'automatic' }));
    expect(foreignList.items).toHaveLength(1);
    expect(ours.items.map((i) => i.id)).not.toContain(foreignList.items[0]!.id);
    const rules = await foreignManager.call((api) => api.patrolRule.list());
    expect(rules.rules.every((r) => !r.custom)).toBe(true);
    expect(rules.rules[0]!.openFindings).toBe(1);
    const ourFinding = (await automatic(`document_expired:${e0}:business_licence`))[1]!.item_id;
    const e = await error(foreignManager.call((api) => api.patrolFinding.get({ id: ourFinding })));
    expect(e.code).toBe('NOT_FOUND');
  });
});
