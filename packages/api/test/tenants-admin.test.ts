import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { localDate, parseHolidaySchedule } from '@stationdesk/core';
import { translator } from '@stationdesk/i18n';
import { createDb } from '@stationdesk/db';
import { officialHolidaySchedule } from '@stationdesk/db/seed/demo-calendar';
import { createProducer, createQueueBackend, jobs, queueNames, reminderJobId } from '@stationdesk/jobs';
import {
  addMember,
  apiDeps,
  createTestDatabase,
  error,
  keyOf,
  makeMember,
  makeTenant,
  makeUser,
  openTestDb,
  processReads,
  signedIn,
  uid,
  type Client,
  type TestTenant,
} from '@stationdesk/test-utils';
import { countQueuedJobs, insertReminders, killAllWorkers, queueConfig, remindersOf, sleep, startWorker, suppressDigests, waitFor, wipeQueues } from '@stationdesk/test-utils/worker';

/**
 * The platform operator's tenant administration (issue 21): tenant.create (this year's official
 * holidays, audited), tenant.usage (counts equal to the database's, never case data), and
 * tenant.suspend / resume — sign-ins refused with the reason, a live session refused at its next
 * request (through the read cache too), data kept, reminders left scheduled by the real worker and
 * fired once resumed. Each for operators only.
 */
let t: ReturnType<typeof openTestDb>;
let reads: Awaited<ReturnType<typeof processReads>>;
let deps: ReturnType<typeof apiDeps>;
let operator: Client;

const q = async <T = Record<string, unknown>>(text: string, params: unknown[] = []) => (await t.owner.pool.query(text, params)).rows as T[];
const audits = (tenantId: string, action: string) => q<{ actor_user_id: string; data: Record<string, unknown> }>(`select actor_user_id, data from audit_log where tenant_id = $1 and action = $2`, [tenantId, action]);

beforeAll(async () => {
  t = openTestDb();
  reads = await processReads(t.owner);
  deps = apiDeps(t.db, { reads: reads.reads });
  const op = await makeUser(t.owner, { platformAdmin: true, name: '平台运维' });
  operator = await signedIn(deps, op.email);
});

afterAll(async () => {
  await killAllWorkers();
  await reads.close();
  await t.close();
});

describe('tenant.create', () => {
  it('creates the tenant with this year’s official holidays and audits it in the tenant’s log', async () => {
    const slug = `new-${uid()}`;
    const managerEmail = `boss-${uid()}@example.test`;
    const created = await operator.call((api) => api.tenant.create({ name: '七宝镇', nameEn: 'Qibao Town', slug, timezone: 'Asia/Shanghai', managerEmail }));
    // The first manager is invited (no SMTP here: the link is answered to copy, the mail is in the outbox).
    expect(created.invitation.link).toMatch(/\/invite\/[A-Za-z0-9]+$/);
    expect(await q(`select email, role from invitations where tenant_id = $1`, [created.id])).toEqual([{ email: managerEmail, role: 'manager' }]);
    expect(await q(`select to_address from email_outbox where tenant_id = $1`, [created.id])).toEqual([{ to_address: managerEmail }]);
    const [row] = await q<{ name: string; name_en: string; timezone: string; status: string }>(`select name, name_en, timezone, status from tenants where id = $1`, [created.id]);
    expect(row).toEqual({ name: '七宝镇', name_en: 'Qibao Town', timezone: 'Asia/Shanghai', status: 'active' });
    const year = Number(localDate(new Date(), 'Asia/Shanghai').slice(0, 4));
    const parsed = parseHolidaySchedule(officialHolidaySchedule);
    if (!parsed.ok) throw new Error('bundled schedule invalid');
    const official = parsed.years.find((y) => y.year === year);
    expect(created.calendarYear).toBe(official ? year : null);
    const [days] = await q<{ holidays: number; workdays: number }>(
      `select count(*) filter (where kind = 'holiday')::int as holidays, count(*) filter (where kind = 'workday')::int as workdays from calendar_days where tenant_id = $1`,
      [created.id],
    );
    expect(days).toEqual({ holidays: official?.holidays.length ?? 0, workdays: official?.makeupWorkdays.length ?? 0 });
    expect(await q(`select 1 from work_calendars where tenant_id = $1`, [created.id])).toHaveLength(1);
    const [audit] = await audits(created.id, 'tenant.created');
    expect(audit?.data).toMatchObject({ slug, timezone: 'Asia/Shanghai' });
    // It is listed for the operator, active.
    const listed = (await operator.call((api) => api.platform.tenants())).find((x) => x.id === created.id);
    expect(listed).toMatchObject({ slug, status: 'active' });
  });

  it('refuses a slug already taken, a bad slug or time zone, and anyone but an operator — writing nothing', async () => {
    const taken = await makeTenant(t.owner, { stations: 1 });
    const before = await q<{ n: number }>(`select count(*)::int as n from tenants`);
    const input = { name: '重复', slug: taken.slug, timezone: 'Asia/Shanghai', managerEmail: 'x@example.test' };
    expect(keyOf(await error(operator.call((api) => api.tenant.create(input))))).toBe('errors.tenant.slugTaken');
    expect((await error(operator.call((api) => api.tenant.create({ ...input, slug: 'Bad Slug' })))).code).toBe('BAD_REQUEST');
    expect((await error(operator.call((api) => api.tenant.create({ ...input, slug: `ok-${uid()}`, timezone: 'Mars/Olympus' })))).code).toBe('BAD_REQUEST');
    const manager = await signedIn(deps, (await makeMember(t.owner, taken, 'manager')).email);
    const refused = await error(manager.call((api) => api.tenant.create({ ...input, slug: `ok-${uid()}` })));
    expect(keyOf(refused)).toBe('errors.roleNotAllowed');
    expect(await q<{ n: number }>(`select count(*)::int as n from tenants`)).toEqual(before);
  });
});

describe('tenant.usage', () => {
  it('answers counts equal to the database’s and records the reading; operators only', async () => {
    const tenant = await makeTenant(t.owner, { stations: 3 });
    await makeMember(t.owner, tenant, 'staff', { stationIndexes: [0] });
    const manager = await makeMember(t.owner, tenant, 'manager');
    await q(
      `insert into work_items (tenant_id, kind, number, station_id, title, channel, status, created_at)
       select $1, 'consultation', 'U-' || g, $2, '用量测试', 'phone', 'received', case when g <= 3 then now() else now() - interval '70 days' end
         from generate_series(1, 5) g`,
      [tenant.tenantId, tenant.stations[0]!.id],
    );
    await q(
      `insert into files (tenant_id, storage_key, original_name, content_type, size_bytes, sha256, purpose)
       values ($1::uuid, $1::text || '/a', 'a.pdf', 'application/pdf', 1000, repeat('a', 64), 'attachment'),
              ($1::uuid, $1::text || '/b', 'b.pdf', 'application/pdf', 2345, repeat('b', 64), 'attachment')`,
      [tenant.tenantId],
    );
    const usage = await operator.call((api) => api.tenant.usage({ tenantId: tenant.tenantId }));
    const [direct] = await q<{ stations: number; users: number; items: number; bytes: string }>(
      `select (select count(*) from stations where tenant_id = $1)::int as stations,
              (select count(*) from memberships where tenant_id = $1)::int as users,
              (select count(*) from work_items where tenant_id = $1 and created_at >= date_trunc('month', now() at time zone 'Asia/Shanghai') at time zone 'Asia/Shanghai')::int as items,
              (select sum(size_bytes) from files where tenant_id = $1)::text as bytes`,
      [tenant.tenantId],
    );
    expect(usage).toEqual({ tenantId: tenant.tenantId, stations: direct!.stations, users: direct!.users, itemsThisMonth: direct!.items, storageBytes: Number(direct!.bytes) });
    expect(usage).toMatchObject({ stations: 3, users: 2, storageBytes: 3345 });
    expect(usage.itemsThisMonth).toBeGreaterThanOrEqual(3);
    expect(await audits(tenant.tenantId, 'tenant.usageRead')).toHaveLength(1);
    const m = await signedIn(deps, manager.email);
    expect(keyOf(await error(m.call((api) => api.tenant.usage({ tenantId: tenant.tenantId }))))).toBe('errors.roleNotAllowed');
  });
});

describe('tenant.suspend / resume', () => {
  let tenant: TestTenant;
  let other: TestTenant;
  let itemId: string;

  beforeAll(async () => {
    tenant = await makeTenant(t.owner, { stations: 1 });
    other = await makeTenant(t.owner, { stations: 1 });
    const [item] = await q<{ id: string }>(
      `insert into work_items (tenant_id, kind, number, station_id, title, channel, status) values ($1, 'consultation', 'S-1', $2, '暂停测试', 'phone', 'received') returning id`,
      [tenant.tenantId, tenant.stations[0]!.id],
    );
    itemId = item!.id;
  });

  it('refuses a live session at its next request (the cached scope too), refuses sign-ins with the reason, keeps the data; resume restores', async () => {
    const managerUser = await makeMember(t.owner, tenant, 'manager');
    const manager = await signedIn(deps, managerUser.email);
    // Twice: the second is answered from the read cache's session scope.
    await manager.call((api) => api.workItem.get({ id: itemId }));
    await manager.call((api) => api.workItem.get({ id: itemId }));
    // Someone in two tenants: after the suspension they still enter the other one.
    const both = await makeMember(t.owner, tenant, 'manager');
    await addMember(t.owner, { tenantId: other.tenantId, userId: both.id, role: 'manager' });

    await operator.call((api) => api.tenant.suspend({ tenantId: tenant.tenantId }));
    await reads.heard();
    const refused = await error(manager.call((api) => api.workItem.get({ id: itemId })));
    expect(refused.code).toBe('FORBIDDEN');
    expect(keyOf(refused)).toBe('errors.tenantSuspended');
    expect(translator('zh-CN')('errors.tenantSuspended')).toMatch(/暂停/);

    const signIn = await error(signedIn(deps, managerUser.email));
    expect(keyOf(signIn)).toBe('errors.tenantSuspended');
    const twoTenants = await signedIn(deps, both.email);
    const me = await twoTenants.call((api) => api.auth.me());
    expect(me.activeTenantId).toBe(other.tenantId);
    expect(keyOf(await error(twoTenants.call((api) => api.auth.switchTenant({ tenantId: tenant.tenantId }))))).toBe('errors.tenantSuspended');

    // The data is kept.
    expect(await q(`select 1 from work_items where id = $1`, [itemId])).toHaveLength(1);
    expect((await operator.call((api) => api.platform.tenants())).find((x) => x.id === tenant.tenantId)?.status).toBe('suspended');
    expect(keyOf(await error(operator.call((api) => api.tenant.suspend({ tenantId: tenant.tenantId }))))).toBe('errors.tenant.alreadySuspended');

    await operator.call((api) => api.tenant.resume({ tenantId: tenant.tenantId }));
    await reads.heard();
    expect((await manager.call((api) => api.workItem.get({ id: itemId }))).id).toBe(itemId);
    await signedIn(deps, managerUser.email);
    expect(keyOf(await error(operator.call((api) => api.tenant.resume({ tenantId: tenant.tenantId }))))).toBe('errors.tenant.notSuspended');

    const suspended = await audits(tenant.tenantId, 'tenant.suspended');
    const resumed = await audits(tenant.tenantId, 'tenant.resumed');
    expect([suspended.length, resumed.length]).toEqual([1, 1]);
  });

  it('is for operators only', async () => {
    const manager = await signedIn(deps, (await makeMember(t.owner, tenant, 'manager')).email);
    expect(keyOf(await error(manager.call((api) => api.tenant.suspend({ tenantId: tenant.tenantId }))))).toBe('errors.roleNotAllowed');
    expect(keyOf(await error(manager.call((api) => api.tenant.resume({ tenantId: tenant.tenantId }))))).toBe('errors.roleNotAllowed');
    expect((await q<{ status: string }>(`select status from tenants where id = $1`, [tenant.tenantId]))[0]?.status).toBe('active');
  });
});

describe('a suspended tenant’s reminders (the worker process)', () => {
  it('are neither fired by a fire job nor by the reconciler while suspended, and fire after resume', { timeout: 180_000 }, async () => {
    // A database of its own: the worker's reconciler takes every due reminder it sees, and the
    // shared test database holds thousands of other files' reminders ahead of this one.
    const own = await createTestDatabase(inject('db').ownerUrl, 'paused');
    const ownOwner = createDb(own.ownerUrl, { max: 2 });
    const ownApp = createDb(own.appUrl, { max: 2 });
    const ownOperator = await signedIn(apiDeps(ownApp), (await makeUser(ownOwner, { platformAdmin: true, name: '平台运维' })).email);
    const tenant = await makeTenant(ownOwner, { stations: 1 });
    const manager = await makeMember(ownOwner, tenant, 'manager');
    await suppressDigests(ownOwner, tenant.tenantId);
    await ownOperator.call((api) => api.tenant.suspend({ tenantId: tenant.tenantId }));
    const [reminderId] = await insertReminders(ownOwner, tenant.tenantId, [
      { kind: 'test_paused', subjectType: 'user', subjectId: manager.id, recipients: [`user:${manager.id}`], channels: ['inbox'], dueAt: new Date(Date.now() - 1000), key: `paused:${uid()}` },
    ]);
    const ownQ = async (text: string, params: unknown[]) => (await ownOwner.pool.query(text, params)).rows;

    const prefix = `${inject('queuePrefix')}-${uid()}`;
    const config = queueConfig('postgres', { appUrl: own.appUrl, redisUrl: null, queuePrefix: prefix });
    const backend = createQueueBackend(config);
    const worker = await startWorker({ appUrl: own.appUrl, redisUrl: null, queuePrefix: prefix, env: { BATCH_WINDOW_MS: '200', RECONCILE_EVERY_MS: '1000' } });
    try {
      // The fire job itself (the queue may hold one from before the suspension) and a few reconciles.
      await createProducer(backend).enqueue(jobs.fireReminder, { tenantId: tenant.tenantId, reminderId: reminderId! }, { jobId: reminderJobId(reminderId!) });
      await waitFor(async () => (await countQueuedJobs(backend, queueNames.reminders, tenant.tenantId)) === 0 || undefined, { timeoutMs: 60_000, what: 'the fire job to run' });
      await sleep(3000);
      expect((await remindersOf(ownOwner, tenant.tenantId)).find((r) => r.id === reminderId)?.status).toBe('scheduled');
      expect(await ownQ(`select 1 from deliveries where tenant_id = $1`, [tenant.tenantId])).toHaveLength(0);

      await ownOperator.call((api) => api.tenant.resume({ tenantId: tenant.tenantId }));
      await waitFor(async () => (await remindersOf(ownOwner, tenant.tenantId)).find((r) => r.id === reminderId && r.status === 'sent'), {
        timeoutMs: 90_000, // a worker started on a loaded machine (the suite's other files) is slow to its first reconcile
        what: 'the reminder to fire after resume',
      });
      expect(await ownQ(`select target from deliveries where tenant_id = $1 and reminder_id = $2`, [tenant.tenantId, reminderId])).toEqual([{ target: manager.id }]);
    } finally {
      await worker.kill('SIGKILL');
      await backend.close();
      await wipeQueues(config, { owner: ownOwner, queues: Object.values(queueNames), tenantId: tenant.tenantId });
      await Promise.all([ownOwner.close(), ownApp.close()]);
      await own.drop();
    }
  });
});
