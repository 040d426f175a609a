import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { hashPassword } from '@stationdesk/auth';
import { addDays, localDate } from '@stationdesk/core';
import { createDb, DEMO_PASSWORD, demoAccounts, seedDemo, type Db } from '@stationdesk/db';
import { apiDeps, createTestDatabase, signedIn, type Client } from '@stationdesk/test-utils';

/**
 * The demo's party-mass services (issue 20): the hub's three service posts with a month of shifts
 * (some short of people), member units and two-new organisations beside the enterprise branches,
 * seen through the API. seedDemo refuses to run twice, so this file seeds a database of its own.
 */
let database: Awaited<ReturnType<typeof createTestDatabase>>;
let owner: Db;
let app: Db;
let staff: Client;
let manager: Client;
let admin: Client;
const q = async <T = Record<string, unknown>>(text: string, params: unknown[] = []) => (await owner.pool.query(text, params)).rows as T[];

beforeAll(async () => {
  database = await createTestDatabase(inject('db').ownerUrl, 'party_demo');
  owner = createDb(database.ownerUrl, { max: 4 });
  app = createDb(database.appUrl, { max: 4 });
  await seedDemo(owner, { passwordHash: await hashPassword(DEMO_PASSWORD) });
  const deps = apiDeps(app);
  staff = await signedIn(deps, demoAccounts.xinhongStaff, DEMO_PASSWORD);
  manager = await signedIn(deps, demoAccounts.xinhongManager, DEMO_PASSWORD);
  admin = await signedIn(deps, demoAccounts.xinhongEnterprise, DEMO_PASSWORD);
}, 180_000);

afterAll(async () => {
  await Promise.all([owner?.close(), app?.close()]);
  await database?.drop();
});

describe('demo party-mass services', () => {
  it('has the hub’s three service posts, open every day, offering the report’s kinds of service', async () => {
    const posts = await manager.call((api) => api.servicePost.list());
    expect(posts.map((p) => p.name).sort()).toEqual(['虹桥商务区党群先锋服务站', '虹桥枢纽交通中心党群先锋服务站', '虹桥火车站党群先锋服务站']);
    for (const p of posts) {
      expect(p.openingHours).toHaveLength(7);
      expect(p.upcoming.shifts).toBeGreaterThan(20);
    }
    expect(new Set(posts.flatMap((p) => p.services)).size).toBe(8);
  });

  it('holds a month of shifts — the past ones attended and served, some to come short of people', async () => {
    const today = localDate(new Date(), 'Asia/Shanghai');
    const [range] = await q<{ first: string; last: string; n: number }>(`select to_char(min(shift_date), 'YYYY-MM-DD') as first, to_char(max(shift_date), 'YYYY-MM-DD') as last, count(*)::int as n from duty_shifts`);
    expect(range).toEqual({ first: addDays(today, -14), last: addDays(today, 16), n: 3 * 31 * 2 });
    // booked is the members of the live batches, never more than the places.
    expect(await q(`select s.id from duty_shifts s where s.booked <> coalesce((select sum(members) from duty_sign_ups b where b.shift_id = s.id and b.status <> 'cancelled'), 0) or s.booked > s.places`)).toEqual([]);
    const short = await staff.call((api) => api.dutyShift.list({ from: addDays(today, 1), to: addDays(today, 16), shortOnly: true }));
    expect(short.shifts.length).toBeGreaterThan(5);
    const [served] = await q<{ n: number }>(`select coalesce(sum(served), 0)::int as n from duty_shift_served`);
    expect(served!.n).toBeGreaterThan(1000);
    const [attended] = await q<{ done: number; all: number }>(
      `select count(*) filter (where b.status = 'checked_out')::int as done, count(*)::int as all from duty_sign_ups b join duty_shifts s on s.id = b.shift_id where s.ends_at < now()`,
    );
    expect(attended!.done / attended!.all).toBeGreaterThan(0.8);
    // The duty reminders of what is to come are planned.
    const [planned] = await q<{ n: number }>(`select count(*)::int as n from reminders where subject_type in ('duty_shift', 'duty_sign_up') and status = 'scheduled' and due_at > now()`);
    expect(planned!.n).toBeGreaterThan(10);
  });

  it('lists member units and two-new organisations beside the enterprise files’ branches, contacts masked', async () => {
    const registry = await manager.call((api) => api.partyOrg.list());
    expect(registry.counts.byType.member_unit).toBe(12);
    expect(registry.counts.byType.two_new).toBe(8);
    expect(registry.counts.byType.community).toBe(2);
    const [branches] = await q<{ n: number }>(`select count(*)::int as n from enterprises e join tenants t on t.id = e.tenant_id where t.slug = 'xinhong' and e.has_party_branch`);
    expect(registry.counts.byType.enterprise_branch).toBe(branches!.n);
    for (const o of registry.items.filter((r) => r.source === 'registry')) expect(o.contactPhone).toMatch(/^1\d{2}\*{4}\d{4}$/);
  });

  it('gives the demo company’s admin its branch and a batch three days ahead', async () => {
    const list = await admin.call((api) => api.dutyShift.list());
    expect(list.branch?.name).toBe('上海虹智信息科技有限公司党支部');
    expect(list.shifts.filter((s) => s.mine)).toHaveLength(1);
    expect(list.shifts.every((s) => s.batches === null)).toBe(true);
  });
});
