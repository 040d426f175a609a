import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, localDate } from '@stationdesk/core';
import { seedDemoPartyActivities } from '@stationdesk/db';
import { readTable } from '@stationdesk/services';
import { apiDeps, error, keyOf, makeMember, makeTenant, openTestDb, signedIn, testStorage, type Client, type TestTenant } from '@stationdesk/test-utils';

/**
 * party.stats (党群服务统计, issue 20): per station and period, activities held, sign-ups,
 * attendance, duty shifts filled, member batches and members on duty and person-times served by
 * service — each equal to an independent SQL count over the rows, for the whole tenant, a station
 * and a shorter period; staff read their own station only, enterprise admins nothing; the .xlsx
 * holds the same figures.
 */
const TZ = 'Asia/Shanghai';
let t: ReturnType<typeof openTestDb>;
let tenant: TestTenant;
let other: TestTenant;
let manager: Client;
let staff: Client; // station 0
let admin: Client;
let foreignManager: Client;
let today: string;
const q = async <T = Record<string, unknown>>(text: string, params: unknown[] = []) => (await t.owner.pool.query(text, params)).rows as T[];

/**
 * A month of duty at one post per station, written straight into the tables: shifts some full and
 * some short, a cancelled shift (not counted, nor its batches and served), batches of 1–4 members
 * (some cancelled), person-times per service.
 */
async function seedDuty(tn: TestTenant) {
  for (const [i, station] of tn.stations.entries()) {
    const [post] = await q<{ id: string }>(`insert into service_posts (tenant_id, station_id, name, location, services) values ($1, $2, $3, '枢纽到达层', '{guidance,first_aid}') returning id`, [
      tn.tenantId,
      station.id,
      `党群先锋服务站${tn.slug}-${i}`,
    ]);
    const [org] = await q<{ id: string }>(`insert into party_orgs (tenant_id, type, name, station_id) values ($1, 'member_unit', $2, $3) returning id`, [
      tn.tenantId,
      `成员单位${tn.slug}-${i}`,
      station.id,
    ]);
    for (let d = -20; d <= 20; d += 2) {
      const day = addDays(today, d);
      const members = [1 + ((d + 20 + i) % 4), 1 + ((d + 21) % 3)];
      const booked = members[0]! + members[1]!;
      const places = d % 4 === 0 ? booked : booked + 2;
      const status = d === 6 ? 'cancelled' : 'open';
      const [shift] = await q<{ id: string }>(
        `insert into duty_shifts (tenant_id, post_id, shift_date, starts_at, ends_at, places, booked, status)
         values ($1, $2, $3::date, ($3::date + time '09:00') at time zone $4, ($3::date + time '12:00') at time zone $4, $5, $6, $7) returning id`,
        [tn.tenantId, post!.id, day, TZ, places, booked, status],
      );
      await q(
        `insert into duty_sign_ups (tenant_id, shift_id, party_org_id, members, signed_up_by, status)
         values ($1, $2, $3, $4, (select user_id from memberships where tenant_id = $1 limit 1), 'checked_out')`,
        [tn.tenantId, shift!.id, org!.id, members[0]],
      );
      await q(
        `insert into duty_sign_ups (tenant_id, shift_id, enterprise_id, members, signed_up_by, status)
         values ($1, $2, $3, $4, (select user_id from memberships where tenant_id = $1 limit 1), $5)`,
        [tn.tenantId, shift!.id, tn.enterpriseIds[i * 2]!, members[1], d % 5 === 0 ? 'cancelled' : 'signed_up'],
      );
      if (d < 0) {
        await q(`insert into duty_shift_served (tenant_id, shift_id, service, served) values ($1, $2, 'guidance', $3), ($1, $2, 'first_aid', $4)`, [tn.tenantId, shift!.id, 10 + d * -1, 3 + i]);
      }
    }
  }
}

interface Expected {
  activities: number;
  activitiesHeld: number;
  signUps: number;
  confirmed: number;
  heldConfirmed: number;
  attended: number;
  shifts: number;
  shiftsFilled: number;
  batches: number;
  members: number;
  served: number;
}

/** The figures counted straight from the rows, in SQL written apart from the service's. */
async function expected(tenantId: string, from: string, to: string, stationId?: string): Promise<Expected> {
  const st = stationId ? `and a.station_id = '${stationId}'` : '';
  const pst = stationId ? `and p.station_id = '${stationId}'` : '';
  const period = `a.starts_at >= ($2::date)::timestamp at time zone '${TZ}' and a.starts_at < ($3::date + 1)::timestamp at time zone '${TZ}'`;
  const one = async (text: string) => Number((await q<{ n: string }>(text, [tenantId, from, to]))[0]!.n);
  const acts = `from party_activities a where a.tenant_id = $1 and a.status = 'published' and ${period} ${st}`;
  const people = `from activity_participants x join party_activities a on a.id = x.activity_id where a.tenant_id = $1 and a.status = 'published' and ${period} ${st}`;
  const shifts = `from duty_shifts s join service_posts p on p.id = s.post_id where s.tenant_id = $1 and s.status = 'open' and s.shift_date between $2::date and $3::date ${pst}`;
  return {
    activities: await one(`select count(*) as n ${acts}`),
    activitiesHeld: await one(`select count(*) as n ${acts} and a.starts_at <= now()`),
    signUps: await one(`select count(*) as n ${people} and x.status in ('confirmed', 'waitlisted')`),
    confirmed: await one(`select count(*) as n ${people} and x.status = 'confirmed'`),
    heldConfirmed: await one(`select count(*) as n ${people} and x.status = 'confirmed' and a.starts_at <= now()`),
    attended: await one(`select count(*) as n ${people} and x.checked_in_at is not null and a.starts_at <= now()`),
    shifts: await one(`select count(*) as n ${shifts}`),
    shiftsFilled: await one(`select count(*) as n ${shifts} and s.booked = s.places`),
    batches: await one(`select count(*) as n from duty_sign_ups b join duty_shifts s on s.id = b.shift_id join service_posts p on p.id = s.post_id
                        where s.tenant_id = $1 and s.status = 'open' and b.status <> 'cancelled' and s.shift_date between $2::date and $3::date ${pst}`),
    members: await one(`select coalesce(sum(b.members), 0) as n from duty_sign_ups b join duty_shifts s on s.id = b.shift_id join service_posts p on p.id = s.post_id
                        where s.tenant_id = $1 and s.status = 'open' and b.status <> 'cancelled' and s.shift_date between $2::date and $3::date ${pst}`),
    served: await one(`select coalesce(sum(v.served), 0) as n from duty_shift_served v join duty_shifts s on s.id = v.shift_id join service_posts p on p.id = s.post_id
                        where s.tenant_id = $1 and s.status = 'open' and s.shift_date between $2::date and $3::date ${pst}`),
  };
}

const strip = ({ attendanceRate: _rate, ...rest }: Expected & { attendanceRate: number | null }) => rest;

beforeAll(async () => {
  t = openTestDb();
  tenant = await makeTenant(t.owner);
  other = await makeTenant(t.owner);
  const deps = apiDeps(t.db);
  today = localDate(new Date(), TZ);
  const organiser = await makeMember(t.owner, tenant, 'staff', {
    stationIndexes: [0, 1],
  });
  const adminUser = await makeMember(t.owner, tenant, 'enterprise_admin', {
    enterpriseIndex: 0,
  });
  manager = await signedIn(deps, (await makeMember(t.owner, tenant, 'manager')).email);
  staff = await signedIn(deps, (await makeMember(t.owner, tenant, 'staff', { stationIndexes: [0] })).email);
  admin = await signedIn(deps, adminUser.email);
  foreignManager = await signedIn(deps, (await makeMember(t.owner, other, 'manager')).email);
  // A dozen activities, held and to come, at the two stations (the demo's), and the other tenant's.
  await seedDemoPartyActivities(t.owner, tenant.tenantId, {
    now: new Date(),
    organiserId: organiser.id,
    enterpriseAdminId: adminUser.id,
  });
  await seedDuty(tenant);
  const otherOrganiser = await makeMember(t.owner, other, 'staff', {
    stationIndexes: [0, 1],
  });
  const otherAdmin = await makeMember(t.owner, other, 'enterprise_admin', {
    enterpriseIndex: 0,
  });
  await seedDemoPartyActivities(t.owner, other.tenantId, {
    now: new Date(),
    organiserId: otherOrganiser.id,
    enterpriseAdminId: otherAdmin.id,
  });
  await seedDuty(other);
}, 120_000);
afterAll(() => t.close());

describe('party.stats', () => {
  it('equals the SQL counts for the tenant, per station and in a shorter period', async () => {
    const from = addDays(today, -60);
    const to = addDays(today, 60);
    const s = await manager.call((api) => api.party.stats({ from, to }));
    const all = await expected(tenant.tenantId, from, to);
    expect(strip(s.total)).toEqual(all);
    // The data is not trivial: held and coming activities, waitlists, full and short shifts.
    expect(all.activitiesHeld).toBeGreaterThan(0);
    expect(all.activities).toBeGreaterThan(all.activitiesHeld);
    expect(all.signUps).toBeGreaterThan(all.confirmed);
    expect(all.attended).toBeGreaterThan(0);
    expect(all.shiftsFilled).toBeGreaterThan(0);
    expect(all.shifts).toBeGreaterThan(all.shiftsFilled);
    expect(s.total.attendanceRate).toBeCloseTo(all.attended / all.heldConfirmed, 10);
    expect(s.stations.map((r) => r.stationId)).toEqual(tenant.stations.map((x) => x.id));
    for (const station of tenant.stations) {
      expect(strip(s.stations.find((r) => r.stationId === station.id)!.figures)).toEqual(await expected(tenant.tenantId, from, to, station.id));
    }
    // By service: the eight kinds listed, each the SQL sum.
    const served = await q<{ service: string; n: string }>(
      `select v.service, sum(v.served) as n from duty_shift_served v join duty_shifts s on s.id = v.shift_id
        where s.tenant_id = $1 and s.status = 'open' and s.shift_date between $2::date and $3::date group by v.service`,
      [tenant.tenantId, from, to],
    );
    expect(s.byService).toHaveLength(8);
    for (const r of s.byService) expect(r.served).toBe(Number(served.find((x) => x.service === r.key)?.n ?? 0));

    const week = await manager.call((api) =>
      api.party.stats({
        from: addDays(today, -7),
        to: today,
        stationId: tenant.stations[1]!.id,
      }),
    );
    expect(strip(week.total)).toEqual(await expected(tenant.tenantId, addDays(today, -7), today, tenant.stations[1]!.id));
    expect(week.stations.map((r) => r.stationId)).toEqual([tenant.stations[1]!.id]);
  });

  it('gives staff their own station, refuses another one, enterprise admins and another tenant’s station', async () => {
    const from = addDays(today, -30);
    const to = addDays(today, 30);
    const mine = await staff.call((api) => api.party.stats({ from, to }));
    expect(mine.stations.map((r) => r.stationId)).toEqual([tenant.stations[0]!.id]);
    expect(strip(mine.total)).toEqual(await expected(tenant.tenantId, from, to, tenant.stations[0]!.id));
    expect(keyOf(await error(staff.call((api) => api.party.stats({ from, to, stationId: tenant.stations[1]!.id }))))).toBe('errors.kpi.stationNotYours');
    expect((await error(admin.call((api) => api.party.stats({ from, to })))).code).toBe('FORBIDDEN');
    expect((await error(foreignManager.call((api) => api.party.stats({ from, to, stationId: tenant.stations[0]!.id })))).code).toBe('NOT_FOUND');
    expect(keyOf(await error(manager.call((api) => api.party.stats({ from: to, to: from }))))).toBe('errors.kpi.badPeriod');
  });

  it('exports the same figures as .xlsx', async () => {
    const from = addDays(today, -60);
    const to = addDays(today, 60);
    const s = await manager.call((api) => api.party.stats({ from, to }));
    const file = await manager.call((api) => api.party.exportStats({ from, to }));
    expect(file.fileName).toMatch(/^党群服务统计-.*\.xlsx$/);
    const [stored] = await q<{ storage_key: string }>(`select storage_key from files where id = $1`, [file.fileId]);
    const chunks: Buffer[] = [];
    for await (const c of await testStorage().get(stored!.storage_key)) chunks.push(c as Buffer);
    const table = await readTable(Buffer.concat(chunks), 'xlsx', {
      maxRows: 500,
    });
    expect(table.ok).toBe(true);
    const rows = (table as { rows: { cells: string[] }[] }).rows.map((r) => r.cells);
    const total = rows.find((c) => c[0] === '合计')!;
    expect(total.slice(1, 5).map(Number)).toEqual([s.total.activities, s.total.activitiesHeld, s.total.signUps, s.total.confirmed]);
    expect(total.slice(7).map(Number)).toEqual([s.total.shifts, s.total.shiftsFilled, s.total.batches, s.total.members, s.total.served]);
    expect(
      rows
        .find((c) => c[0] === '工作站1')!
        .slice(1, 2)
        .map(Number),
    ).toEqual([s.stations[0]!.figures.activities]);
  });
});
