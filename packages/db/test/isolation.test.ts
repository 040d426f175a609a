import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { inject } from 'vitest';
import { openTestDb, makeTenant, makeMember, type TestTenant } from '@stationdesk/test-utils';
import { appendOnlyTables, repo, withTenant, type Db } from '@stationdesk/db';

/**
 * Tenant isolation, enforced by Postgres itself: for every table with a tenant_id column, the app
 * role scoped to tenant A reads none of B's rows, cannot write into B, and with no tenant set
 * reads nothing at all. New tables are picked up from the catalogue automatically.
 */
let t: ReturnType<typeof openTestDb>;
let a: TestTenant;
let b: TestTenant;
let tenantTables: string[];

async function appClient(): Promise<pg.Client> {
  const c = new pg.Client({ connectionString: inject('db').appUrl });
  await c.connect();
  return c;
}

/** Gives every tenant table at least one row in the tenant (later domains add theirs here). */
async function fillTenant(owner: Db, tenant: TestTenant) {
  await makeMember(owner, tenant, 'staff', { stationIndexes: [0, 1] });
  await makeMember(owner, tenant, 'enterprise_admin');
  const admin = await makeMember(owner, tenant, 'enterprise_admin');
  await withTenant(owner, tenant.tenantId, async (trx) => {
    const tenantId = tenant.tenantId;
    const enterpriseId = tenant.enterpriseIds[0]!;
    await repo.recordAudit(trx, { tenantId, actorUserId: null, action: 'test.seeded', subjectType: 'tenant' });
    await trx.insertInto('enterprise_contacts').values({ tenant_id: tenantId, enterprise_id: enterpriseId, name: '张三', phone: '13800138000' }).execute();
    const file = await trx
      .insertInto('files')
      .values({
        tenant_id: tenantId,
        storage_key: `${tenantId}/test/${crypto.randomUUID()}`,
        original_name: 'licence.pdf',
        content_type: 'application/pdf',
        size_bytes: 10,
        sha256: 'a'.repeat(64),
        purpose: 'enterprise_document',
        enterprise_id: enterpriseId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('enterprise_documents')
      .values({ tenant_id: tenantId, enterprise_id: enterpriseId, doc_type: 'business_licence', file_id: file.id, expires_on: '2030-01-01' })
      .execute();
    const tag = await trx.insertInto('tags').values({ tenant_id: tenantId, name: '重点企业' }).returning('id').executeTakeFirstOrThrow();
    await trx.insertInto('enterprise_tags').values({ tenant_id: tenantId, enterprise_id: enterpriseId, tag_id: tag.id }).execute();
    await trx
      .insertInto('enterprise_change_requests')
      .values({ tenant_id: tenantId, enterprise_id: enterpriseId, kind: 'contact_add', payload: JSON.stringify({ name: '李四' }), proposed_by: admin.id })
      .execute();
    await trx
      .insertInto('enterprise_imports')
      .values({ tenant_id: tenantId, file_id: file.id, created_by: admin.id, total_rows: 1, valid_rows: 1 })
      .execute();
    await trx.insertInto('work_calendars').values({ tenant_id: tenantId }).execute();
    await trx.insertInto('calendar_days').values({ tenant_id: tenantId, day: '2026-10-01', kind: 'holiday', name: '国庆节' }).execute();
    await trx
      .insertInto('sla_policies')
      .values({ tenant_id: tenantId, kind: 'consultation', priority: 'normal', first_contact_value: 4, first_contact_unit: 'working_hours', resolution_value: 3, resolution_unit: 'working_days' })
      .execute();
    await trx.insertInto('work_item_counters').values({ tenant_id: tenantId, kind: 'consultation', year: 2026, last_value: 1 }).execute();
    const item = await trx
      .insertInto('work_items')
      .values({ tenant_id: tenantId, kind: 'consultation', number: 'ZX-2026-000001', station_id: tenant.stations[0]!.id, enterprise_id: enterpriseId, title: '咨询', channel: 'phone' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx.insertInto('work_item_events').values({ tenant_id: tenantId, item_id: item.id, action: 'create', to_status: 'received' }).execute();
    await trx.insertInto('work_item_messages').values({ tenant_id: tenantId, item_id: item.id, author_id: admin.id, visibility: 'public', body: '你好' }).execute();
    await trx.insertInto('canned_replies').values({ tenant_id: tenantId, title: '已收到', body: '您好，已收到您的诉求。' }).execute();
    await trx
      .insertInto('invitations')
      .values({ tenant_id: tenantId, email: `new-${tenantId}@example.cn`, role: 'manager', token_hash: crypto.randomUUID().replace(/-/g, '').padEnd(64, '0'), expires_at: new Date(Date.now() + 86_400_000), invited_by: admin.id })
      .execute();
    const reminder = await trx
      .insertInto('reminders')
      .values({ tenant_id: tenantId, kind: 'resolution_warning', subject_type: 'work_item', subject_id: item.id, recipients: JSON.stringify(['assignee']), due_at: new Date(), idempotency_key: `k-${item.id}` })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx.insertInto('deliveries').values({ tenant_id: tenantId, reminder_id: reminder.id, channel: 'inbox', target: admin.id }).execute();
    await trx.insertInto('notifications').values({ tenant_id: tenantId, user_id: admin.id, kind: 'resolution_warning', title: '提醒' }).execute();
    await trx.insertInto('email_outbox').values({ tenant_id: tenantId, to_address: 'a@example.test', subject: '提醒', body_text: '内容' }).execute();
    await trx.insertInto('station_webhooks').values({ tenant_id: tenantId, station_id: tenant.stations[0]!.id, provider: 'wecom', url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=x' }).execute();

    // Agency (代办): a type with its checklist, a case on an item, one material.
    const type = await trx
      .insertInto('agency_types')
      .values({ tenant_id: tenantId, code: 'fit_out', name: '二次装修施工许可', department: '区建管委', statutory_days: 20, promised_days: 10 })
      .returning('id')
      .executeTakeFirstOrThrow();
    const checklist = await trx
      .insertInto('agency_checklists')
      .values({ tenant_id: tenantId, type_id: type.id, version: 1, items: JSON.stringify([{ key: 'drawings', name: '施工图纸', required: true }]) })
      .returning('id')
      .executeTakeFirstOrThrow();
    const agencyItem = await trx
      .insertInto('work_items')
      .values({ tenant_id: tenantId, kind: 'agency', number: 'DB-2026-000001', station_id: tenant.stations[0]!.id, enterprise_id: enterpriseId, title: '代办', channel: 'walk_in' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('agency_cases')
      .values({ tenant_id: tenantId, item_id: agencyItem.id, type_id: type.id, checklist_id: checklist.id, department: '区建管委', statutory_due_at: new Date(), promised_due_at: new Date() })
      .execute();
    await trx.insertInto('agency_materials').values({ tenant_id: tenantId, item_id: agencyItem.id, checklist_key: 'drawings', file_id: file.id, uploaded_by: admin.id }).execute();
    // A permit request the enterprise prepares in the portal (issue 22): a draft and one file against a point.
    const draft = await trx
      .insertInto('agency_drafts')
      .values({ tenant_id: tenantId, enterprise_id: enterpriseId, type_id: type.id, checklist_id: checklist.id, created_by: admin.id })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx.insertInto('agency_draft_materials').values({ tenant_id: tenantId, draft_id: draft.id, checklist_key: 'drawings', file_id: file.id, uploaded_by: admin.id }).execute();

    // Disputes (矛盾预警): settings, a case with a party, a session, evidence, its risk history, a warning, a visit.
    await trx.insertInto('dispute_settings').values({ tenant_id: tenantId, risk: JSON.stringify({}), updated_at: new Date(), updated_by: null }).execute();
    const dispute = await trx
      .insertInto('work_items')
      .values({ tenant_id: tenantId, kind: 'dispute', number: 'TJ-2026-000001', station_id: tenant.stations[0]!.id, enterprise_id: enterpriseId, title: '拖欠工资', channel: 'walk_in', status: 'resolved' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx.insertInto('dispute_cases').values({ tenant_id: tenantId, item_id: dispute.id, source: 'party_application', dispute_type: 'wage_arrears', people_involved: 1, outcome: 'agreement', outcome_at: new Date() }).execute();
    await trx.insertInto('dispute_parties').values({ tenant_id: tenantId, item_id: dispute.id, side: 'applicant', kind: 'person', name: '张三' }).execute();
    await trx.insertInto('dispute_sessions').values({ tenant_id: tenantId, item_id: dispute.id, kind: 'inquiry', held_at: new Date(), mediator: '李四', notes: '询问' }).execute();
    await trx.insertInto('dispute_evidence').values({ tenant_id: tenantId, item_id: dispute.id, file_id: file.id }).execute();
    await trx.insertInto('dispute_risk_history').values({ tenant_id: tenantId, item_id: dispute.id, score: 7, level: 'green', factors: JSON.stringify([]), reason: 'created' }).execute();
    await trx.insertInto('dispute_warnings').values({ tenant_id: tenantId, item_id: dispute.id, level: 'yellow', score: 12, reason: 'created' }).execute();
    await trx.insertInto('dispute_visits').values({ tenant_id: tenantId, item_id: dispute.id, visit_no: 7, visited_on: '2026-11-20', visitor: '王五', performance: 'full' }).execute();

    // Patrol rounds: a plan with its floor, staff and checklist, a round and one check of it.
    const plan = await trx
      .insertInto('patrol_plans')
      .values({ tenant_id: tenantId, station_id: tenant.stations[0]!.id, name: '日常巡查', frequency: 'daily', assignment: 'fixed', starts_on: '2026-11-01' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const patrolBuilding = tenant.stations[0]!.buildingIds[0]!;
    await trx.insertInto('patrol_plan_floors').values({ tenant_id: tenantId, plan_id: plan.id, building_id: patrolBuilding, floor: '1F' }).execute();
    await trx.insertInto('patrol_plan_staff').values({ tenant_id: tenantId, plan_id: plan.id, user_id: admin.id, position: 0 }).execute();
    const point = await trx.insertInto('patrol_plan_checklist').values({ tenant_id: tenantId, plan_id: plan.id, label: '消防通道畅通', position: 0 }).returning('id').executeTakeFirstOrThrow();
    const round = await trx
      .insertInto('patrol_rounds')
      .values({ tenant_id: tenantId, plan_id: plan.id, station_id: tenant.stations[0]!.id, round_date: '2026-11-02', assignee_id: admin.id, floors: JSON.stringify([{ buildingId: patrolBuilding, floor: '1F' }]), point_ids: [point.id] })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('patrol_round_checks')
      .values({ tenant_id: tenantId, round_id: round.id, building_id: patrolBuilding, floor: '1F', point_id: point.id, result: 'ok', checked_by: admin.id, client_id: crypto.randomUUID() })
      .execute();

    // KPI targets and a wall display link (only its token's hash).
    await trx.insertInto('kpi_targets').values({ tenant_id: tenantId, first_contact: 9500, resolution: 9000, on_time: 9800, satisfaction: 8500, redo: 500, returned: 500 }).execute();
    await trx.insertInto('wall_displays').values({ tenant_id: tenantId, name: '大屏', station_id: tenant.stations[0]!.id, token_hash: crypto.randomUUID().replace(/-/g, '').repeat(2) }).execute();

    // Patrol findings: a tenant category, a finding on a patrol item, and its photo.
    await trx.insertInto('patrol_categories').values({ tenant_id: tenantId, key: 'c_0123456789ab', name: '群租', labour: false, active: true, position: 15 }).execute();
    const patrolItem = await trx
      .insertInto('work_items')
      .values({ tenant_id: tenantId, kind: 'patrol', number: 'XC-2026-000001', station_id: tenant.stations[0]!.id, enterprise_id: enterpriseId, title: '消防通道堆物', channel: 'patrol', priority: 'urgent' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('patrol_findings')
      .values({ tenant_id: tenantId, item_id: patrolItem.id, building_id: tenant.stations[0]!.buildingIds[0]!, floor: '1F', category: 'fire_safety', tier: 'red', source: 'staff' })
      .execute();
    const photo = await trx
      .insertInto('files')
      .values({ tenant_id: tenantId, storage_key: `${tenantId}/test/${crypto.randomUUID()}`, original_name: 'IMG_0001.jpg', content_type: 'image/jpeg', size_bytes: 10, sha256: 'b'.repeat(64), purpose: 'patrol_photo' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx.insertInto('patrol_finding_photos').values({ tenant_id: tenantId, file_id: photo.id, item_id: patrolItem.id, phase: 'before' }).execute();

    // Automatic findings: a rule's own settings, the last run, an intake token (only its hash).
    await trx.insertInto('patrol_rule_settings').values({ tenant_id: tenantId, rule: 'item_overdue', enabled: false, tier: 'blue', thresholds: JSON.stringify({ hours: 24 }) }).execute();
    await trx.insertInto('patrol_rule_runs').values({ tenant_id: tenantId, finished_at: new Date(), duration_ms: 5, raised: 1, cleared: 0, recurred: 0 }).execute();
    await trx.insertInto('intake_tokens').values({ tenant_id: tenantId, name: '一网统管', token_hash: crypto.randomUUID().replace(/-/g, '').repeat(2) }).execute();

    // Party-mass services: an organisation, a tenant's service, a post with a shift, a batch on it, served counts, a check-in code (only its hash).
    const partyOrg = await trx.insertInto('party_orgs').values({ tenant_id: tenantId, type: 'member_unit', name: '虹桥枢纽运营公司', station_id: tenant.stations[0]!.id }).returning('id').executeTakeFirstOrThrow();
    await trx.insertInto('party_services').values({ tenant_id: tenantId, key: 'guidance', name: '问询指引', position: 10 }).execute();
    const post = await trx.insertInto('service_posts').values({ tenant_id: tenantId, station_id: tenant.stations[0]!.id, name: '党群先锋服务站', location: '虹桥枢纽到达层', services: ['guidance'] }).returning('id').executeTakeFirstOrThrow();
    const shift = await trx
      .insertInto('duty_shifts')
      .values({ tenant_id: tenantId, post_id: post.id, shift_date: '2026-11-02', starts_at: '2026-11-02T00:00:00Z', ends_at: '2026-11-02T04:00:00Z', places: 4, booked: 2 })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx.insertInto('duty_sign_ups').values({ tenant_id: tenantId, shift_id: shift.id, party_org_id: partyOrg.id, members: 2, signed_up_by: admin.id }).execute();
    await trx.insertInto('duty_shift_served').values({ tenant_id: tenantId, shift_id: shift.id, service: 'guidance', served: 30 }).execute();
    await trx.insertInto('party_check_in_codes').values({ tenant_id: tenantId, subject_kind: 'service_post', subject_id: post.id, token_hash: crypto.randomUUID().replace(/-/g, '').repeat(2), expires_at: '2099-01-01T00:00:00Z' }).execute();

    // Party-mass activities: an activity, a person signed up for it (attended), an enterprise's feedback.
    const activity = await trx
      .insertInto('party_activities')
      .values({ tenant_id: tenantId, station_id: tenant.stations[0]!.id, title: '政策宣讲会', kind: 'policy_briefing', starts_at: '2026-11-03T06:00:00Z', ends_at: '2026-11-03T08:00:00Z', place: '党群服务中心', capacity: 30, confirmed: 1, audience: 'tenant', sign_up_opens_at: '2026-10-20T00:00:00Z', sign_up_closes_at: '2026-11-02T00:00:00Z', cancel_deadline: '2026-11-02T00:00:00Z', status: 'published' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx.insertInto('activity_participants').values({ tenant_id: tenantId, activity_id: activity.id, enterprise_id: tenant.enterpriseIds[0]!, name: '王芳', phone: '13912345678', phone_digits: '13912345678', status: 'confirmed', signed_up_by: admin.id, checked_in_at: '2026-11-03T06:05:00Z', checked_in_via: 'staff' }).execute();
    await trx.insertInto('activity_feedback').values({ tenant_id: tenantId, activity_id: activity.id, enterprise_id: tenant.enterpriseIds[0]!, rating: 5, given_by: admin.id }).execute();

    // Knowledge base: an article (its grams written by the trigger), its revision, an attachment, a deflection.
    const article = await trx
      .insertInto('knowledge_articles')
      .values({ tenant_id: tenantId, title: '二次装修施工许可材料', body: '需要准备装修方案和物业同意书。', category: 'fit_out', status: 'published' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx.insertInto('knowledge_revisions').values({ tenant_id: tenantId, article_id: article.id, version: 1, title: '二次装修施工许可材料', body: '需要准备装修方案。', category: 'fit_out', tags: [], agency_types: [], status: 'draft' }).execute();
    await trx.insertInto('knowledge_article_files').values({ tenant_id: tenantId, article_id: article.id, file_id: photo.id }).execute();
    await trx.insertInto('knowledge_deflections').values({ tenant_id: tenantId, article_id: article.id, user_id: admin.id, enterprise_id: enterpriseId, question: '装修要什么材料' }).execute();

    // Idempotency keys: a create's first answer, kept for its retries.
    await trx
      .insertInto('idempotency_keys')
      .values({ tenant_id: tenantId, user_id: admin.id, key: crypto.randomUUID(), operation: 'workItem.create', input_hash: 'a'.repeat(64), response: JSON.stringify({ id: item.id }) })
      .execute();

    // A tenant export, finished (0039).
    await trx.insertInto('tenant_exports').values({ tenant_id: tenantId, requested_by: admin.id, status: 'ready', progress: 100, storage_key: `${tenantId}/exports/x` }).execute();

    // Support access: a manager's time-boxed grant to the platform operators (0037).
    await trx.insertInto('support_access_grants').values({ tenant_id: tenantId, reason: '排查导出问题', granted_by: admin.id, expires_at: new Date(Date.now() + 3_600_000) }).execute();

    // Policy notices (0042): a notice with an attachment, published to one enterprise that has read it.
    const notice = await trx
      .insertInto('notices')
      .values({ tenant_id: tenantId, title: '稳岗补贴申领通知', body: '请于月底前申领。', audience: 'tag', audience_tag_id: tag.id, status: 'published', published_at: new Date(), recipients: 1 })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx.insertInto('notice_files').values({ tenant_id: tenantId, notice_id: notice.id, file_id: file.id }).execute();
    await trx.insertInto('notice_recipients').values({ tenant_id: tenantId, notice_id: notice.id, enterprise_id: enterpriseId }).execute();
    await trx.insertInto('notice_receipts').values({ tenant_id: tenantId, notice_id: notice.id, enterprise_id: enterpriseId, read_by: admin.id }).execute();
  });
}

beforeAll(async () => {
  t = openTestDb();
  a = await makeTenant(t.owner);
  b = await makeTenant(t.owner);
  await fillTenant(t.owner, a);
  await fillTenant(t.owner, b);
  const { rows } = await t.owner.pool.query<{ table_name: string }>(
    `select c.table_name from information_schema.columns c
       join information_schema.tables tb on tb.table_schema = c.table_schema and tb.table_name = c.table_name
      where c.table_schema = 'public' and c.column_name = 'tenant_id' and tb.table_type = 'BASE TABLE'
      order by 1`,
  );
  tenantTables = rows.map((r) => r.table_name);
});

afterAll(() => t.close());

describe('catalogue', () => {
  it('finds the tenant tables', () => {
    expect(tenantTables).toEqual(expect.arrayContaining(['stations', 'buildings', 'enterprises', 'memberships', 'membership_stations', 'audit_log']));
  });

  it('every table with tenant_id has row-level security enabled and forced, with a policy', async () => {
    const { rows } = await t.owner.pool.query<{ relname: string; relrowsecurity: boolean; relforcerowsecurity: boolean; policies: number }>(
      `select c.relname, c.relrowsecurity, c.relforcerowsecurity,
              (select count(*) from pg_policy p where p.polrelid = c.oid)::int as policies
         from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public' and c.relname = any($1)`,
      [tenantTables],
    );
    expect(rows).toHaveLength(tenantTables.length);
    const unprotected = rows.filter((r) => !r.relrowsecurity || !r.relforcerowsecurity || r.policies === 0).map((r) => r.relname);
    expect(unprotected).toEqual([]);
  });

  it('every tenant table has a primary key starting with tenant_id', async () => {
    const { rows } = await t.owner.pool.query<{ relname: string; first_col: string }>(
      `select c.relname, a.attname as first_col
         from pg_index i join pg_class c on c.oid = i.indrelid
         join pg_attribute a on a.attrelid = c.oid and a.attnum = i.indkey[0]
        where i.indisprimary and c.relname = any($1)`,
      [tenantTables],
    );
    expect(rows.map((r) => r.relname).sort()).toEqual([...tenantTables].sort());
    expect(rows.filter((r) => r.first_col !== 'tenant_id')).toEqual([]);
  });

  it('the app role has no BYPASSRLS, is no superuser and owns nothing', async () => {
    const role = inject('db').appRole;
    const { rows } = await t.owner.pool.query(
      'select rolsuper, rolbypassrls, rolcreaterole, rolcreatedb from pg_roles where rolname = $1',
      [role],
    );
    expect(rows[0]).toEqual({ rolsuper: false, rolbypassrls: false, rolcreaterole: false, rolcreatedb: false });
    const owned = await t.owner.pool.query(
      `select c.relname from pg_class c join pg_roles r on r.oid = c.relowner where r.rolname = $1`,
      [role],
    );
    expect(owned.rows).toEqual([]);
  });

  it('the app role cannot change or erase the audit log', async () => {
    const c = await appClient();
    try {
      await c.query('begin');
      await c.query(`select set_config('app.tenant_id', $1, true)`, [a.tenantId]);
      await expect(c.query(`update audit_log set action = 'x'`)).rejects.toMatchObject({ code: '42501' });
      await c.query('rollback');
      await c.query('begin');
      await c.query(`select set_config('app.tenant_id', $1, true)`, [a.tenantId]);
      await expect(c.query(`delete from audit_log`)).rejects.toMatchObject({ code: '42501' });
      await c.query('rollback');
    } finally {
      await c.end();
    }
  });
});

describe('row-level security per tenant table', () => {
  it('each tenant table holds rows of both tenants (so the checks below mean something)', async () => {
    for (const table of tenantTables) {
      const { rows } = await t.owner.pool.query(
        `select count(*) filter (where tenant_id = $1)::int as a, count(*) filter (where tenant_id = $2)::int as b from ${table}`,
        [a.tenantId, b.tenantId],
      );
      expect(rows[0], table).toMatchObject({ a: expect.any(Number), b: expect.any(Number) });
      expect(rows[0].a, `${table} has no row of tenant A`).toBeGreaterThan(0);
      expect(rows[0].b, `${table} has no row of tenant B`).toBeGreaterThan(0);
    }
  });

  it('with tenant A set, the app role reads only A rows', async () => {
    const c = await appClient();
    try {
      for (const table of tenantTables) {
        await c.query('begin');
        await c.query(`select set_config('app.tenant_id', $1, true)`, [a.tenantId]);
        const { rows } = await c.query(
          `select count(*)::int as total, count(*) filter (where tenant_id <> $1)::int as foreign_rows from ${table}`,
          [a.tenantId],
        );
        await c.query('commit');
        expect(rows[0].total, `${table}: A sees its rows`).toBeGreaterThan(0);
        expect(rows[0].foreign_rows, `${table}: A sees no other tenant`).toBe(0);
      }
    } finally {
      await c.end();
    }
  });

  it('with no tenant set, the app role reads nothing (fail closed)', async () => {
    const c = await appClient();
    try {
      for (const table of tenantTables) {
        const { rows } = await c.query(`select count(*)::int as n from ${table}`);
        expect(rows[0].n, table).toBe(0);
        await c.query('begin');
        await c.query(`select set_config('app.tenant_id', '', true)`);
        const again = await c.query(`select count(*)::int as n from ${table}`);
        await c.query('commit');
        expect(again.rows[0].n, `${table} with an empty setting`).toBe(0);
      }
    } finally {
      await c.end();
    }
  });

  it('with tenant A set, the app role cannot insert a row into B', async () => {
    const c = await appClient();
    try {
      for (const table of tenantTables) {
        const { rows } = await t.owner.pool.query(`select row_to_json(x) as r from ${table} x where tenant_id = $1 limit 1`, [b.tenantId]);
        const row = { ...rows[0].r };
        if ('id' in row) row.id = crypto.randomUUID();
        const { rows: cols } = await t.owner.pool.query<{ column_name: string }>(
          `select column_name from information_schema.columns where table_schema = 'public' and table_name = $1 and is_generated = 'NEVER'`,
          [table],
        );
        const list = cols.map((x) => `"${x.column_name}"`).join(', ');
        await c.query('begin');
        await c.query(`select set_config('app.tenant_id', $1, true)`, [a.tenantId]);
        await expect(
          c.query(`insert into ${table} (${list}) select ${list} from json_populate_record(null::${table}, $1)`, [JSON.stringify(row)]),
          table,
        ).rejects.toMatchObject({ code: '42501' });
        await c.query('rollback');
      }
    } finally {
      await c.end();
    }
  });

  it('with tenant A set, the app role can neither update B rows nor move its own rows into B', async () => {
    const c = await appClient();
    try {
      for (const table of tenantTables) {
        if ((appendOnlyTables as readonly string[]).includes(table)) continue; // append-only: no UPDATE privilege at all
        await c.query('begin');
        await c.query(`select set_config('app.tenant_id', $1, true)`, [a.tenantId]);
        const touched = await c.query(`update ${table} set tenant_id = tenant_id where tenant_id = $1`, [b.tenantId]);
        expect(touched.rowCount, `${table}: B rows untouched`).toBe(0);
        await c.query('savepoint s');
        await expect(c.query(`update ${table} set tenant_id = $1 where tenant_id = $2`, [b.tenantId, a.tenantId]), table).rejects.toMatchObject({
          code: expect.stringMatching(/^(42501|23503)$/),
        });
        await c.query('rollback');
      }
      const deleted = await t.owner.pool.query(`select count(*)::int as n from stations where tenant_id = $1`, [b.tenantId]);
      expect(deleted.rows[0].n).toBeGreaterThan(0);
    } finally {
      await c.end();
    }
  });

  it('with tenant A set, the app role cannot delete B rows', async () => {
    const c = await appClient();
    try {
      for (const table of tenantTables) {
        if ((appendOnlyTables as readonly string[]).includes(table)) continue;
        await c.query('begin');
        await c.query(`select set_config('app.tenant_id', $1, true)`, [a.tenantId]);
        const r = await c.query(`delete from ${table} where tenant_id = $1`, [b.tenantId]);
        await c.query('rollback');
        expect(r.rowCount, table).toBe(0);
      }
    } finally {
      await c.end();
    }
  });
});

describe('identity tables', () => {
  it('users and sessions are closed to the app role unless the request names them', async () => {
    const c = await appClient();
    try {
      const users = await c.query('select count(*)::int as n from users');
      const sessions = await c.query('select count(*)::int as n from sessions');
      expect(users.rows[0].n).toBe(0);
      expect(sessions.rows[0].n).toBe(0);
      const total = await t.owner.pool.query('select count(*)::int as n from users');
      expect(total.rows[0].n).toBeGreaterThan(0);
    } finally {
      await c.end();
    }
  });

  it('password resets are closed to the app role but for the row a link names (and then that user’s own)', async () => {
    const users = (await t.owner.pool.query<{ id: string }>(`select user_id as id from memberships where tenant_id in ($1, $2) order by created_at limit 2`, [a.tenantId, b.tenantId])).rows;
    const hashes = ['1', '2'].map((d) => d.repeat(64));
    for (const [i, u] of users.entries()) {
      await t.owner.pool.query(`insert into password_resets (user_id, token_hash, expires_at) values ($1, $2, now() + interval '30 minutes') on conflict do nothing`, [u.id, hashes[i]]);
    }
    const c = await appClient();
    try {
      expect((await c.query('select count(*)::int as n from password_resets')).rows[0].n).toBe(0);
      await c.query('begin');
      const opened = await c.query('select * from sd_open_password_reset($1)', [hashes[0]]);
      expect(opened.rows.map((r: { user_id: string }) => r.user_id)).toEqual([users[0]!.id]);
      const seen = await c.query<{ user_id: string }>('select user_id from password_resets');
      expect(seen.rows.every((r) => r.user_id === users[0]!.id)).toBe(true);
      expect((await c.query('select count(*)::int as n from password_resets where token_hash = $1', [hashes[1]])).rows[0].n).toBe(0);
      await c.query('rollback');
      expect((await c.query('select * from sd_open_password_reset($1)', ['f'.repeat(64)])).rows).toEqual([]);
    } finally {
      await c.end();
    }
  });

  it('in tenant A the app role sees A members only', async () => {
    const seen = await withTenant(t.db, a.tenantId, (trx) =>
      trx.selectFrom('users').innerJoin('memberships', 'memberships.user_id', 'users.id').select(['users.id', 'memberships.tenant_id']).execute(),
    );
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((r) => r.tenant_id === a.tenantId)).toBe(true);
  });
});
