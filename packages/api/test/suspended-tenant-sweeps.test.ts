import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, localDate, zonedTimeToInstant } from '@stationdesk/core';
import { withTenant } from '@stationdesk/db';
import { fireReminder, generateRounds, generateRoundsForAllTenants, runPatrolRulesOfTenant } from '@stationdesk/services';
import { apiDeps, makeMember, makeTenant, openTestDb, signedIn, uid, type Client, type TestTenant } from '@stationdesk/test-utils';

/**
 * A suspended tenant's background work pauses (issue 21): the worker's patrol rounds and automatic
 * patrol rules pass it over, its duty alerts (short of people) wait like its other reminders; once
 * resumed, each works again — the rounds from the day of resumption, not a burst of missed rounds
 * for the suspended days. Suspension is the tenants row's status, as tenant.suspend writes it.
 */
const TZ = 'Asia/Shanghai';
let t: ReturnType<typeof openTestDb>;
let tenant: TestTenant;
let manager: Client;
let staffId: string;
let today: string;

const q = async <T = Record<string, unknown>>(text: string, params: unknown[] = []) => (await t.owner.pool.query(text, params)).rows as T[];
/** 09:00 local on `date`. */
const at = (date: string, minutes = 9 * 60) => new Date(zonedTimeToInstant(date, minutes, TZ));
const setStatus = (status: 'active' | 'suspended', when: Date) => q('update tenants set status = $2, status_changed_at = $3 where id = $1', [tenant.tenantId, status, when]);
const roundsOf = (planId: string) =>
  q<{ round_date: string; status: string }>(`select to_char(round_date, 'YYYY-MM-DD') as round_date, status from patrol_rounds where plan_id = $1 order by round_date`, [planId]);
const generate = (date: string) => withTenant(t.db, tenant.tenantId, (trx) => generateRounds({ trx, tenantId: tenant.tenantId, timezone: TZ }, { now: at(date) }));

beforeAll(async () => {
  t = openTestDb();
  tenant = await makeTenant(t.owner);
  const deps = apiDeps(t.db);
  manager = await signedIn(deps, (await makeMember(t.owner, tenant, 'manager')).email);
  staffId = (await makeMember(t.owner, tenant, 'staff', { stationIndexes: [0] })).id;
  today = localDate(new Date(), TZ);
});
afterAll(async () => {
  await setStatus('active', new Date());
  await t.close();
});

describe('patrol rounds of a suspended tenant', () => {
  it('are not generated nor marked missed while suspended; resumed, the plan picks up from the day of resumption', async () => {
    const tower = tenant.stations[0]!.buildingIds[0]!;
    await q(`update buildings set floors = 3, floor_labels = '{1F,2F,3F}' where id = $1`, [tower]);
    const { id } = await manager.call((api) =>
      api.patrolPlan.create({
        stationId: tenant.stations[0]!.id,
        name: `日常巡查-${uid()}`,
        frequency: 'daily',
        assignment: 'fixed',
        staffIds: [staffId],
        buildings: [{ buildingId: tower, floors: ['1F', '2F'] }],
        checklist: ['消防通道畅通'],
      }),
    );
    // Saving the plan planned today's round.
    expect(await roundsOf(id)).toEqual([{ round_date: today, status: 'planned' }]);

    await setStatus('suspended', at(today, 10 * 60));
    // Three days on: the tenant's own run and the worker's sweep over every tenant leave it alone.
    expect(await generate(addDays(today, 3))).toEqual({ created: 0, missed: 0 });
    await generateRoundsForAllTenants(t.db, at(addDays(today, 3)));
    expect(await roundsOf(id)).toEqual([{ round_date: today, status: 'planned' }]);

    // Resumed on day 5; the worker runs that day and the next.
    await setStatus('active', at(addDays(today, 5), 8 * 60));
    await generateRoundsForAllTenants(t.db, at(addDays(today, 5)));
    await generate(addDays(today, 6));
    expect(await roundsOf(id)).toEqual([
      // Planned before the suspension and never walked: missed, as any past round.
      { round_date: today, status: 'missed' },
      // Days 1–4 fell in the suspension: no rounds, not a burst of missed ones.
      { round_date: addDays(today, 5), status: 'missed' },
      { round_date: addDays(today, 6), status: 'planned' },
    ]);
  });
});

describe('automatic patrol rules of a suspended tenant', () => {
  it('raise nothing while suspended; resumed, the next run raises the finding', async () => {
    const e0 = tenant.enterpriseIds[0]!;
    await manager.call((api) =>
      api.enterprise.document.save({ enterpriseId: e0, document: { docType: 'business_licence', number: 'N-1', expiresOn: addDays(today, -3) } }),
    );
    const findings = async () => Number((await q<{ n: string }>(`select count(*) as n from patrol_findings where tenant_id = $1 and source = 'automatic'`, [tenant.tenantId]))[0]!.n);
    expect(await findings()).toBe(0);

    await setStatus('suspended', new Date());
    // The job a change enqueues for one tenant, as the worker runs it.
    expect(await runPatrolRulesOfTenant(t.db, tenant.tenantId)).toBeNull();
    expect(await findings()).toBe(0);
    expect(await q('select 1 from patrol_rule_runs where tenant_id = $1', [tenant.tenantId])).toEqual([]);

    await setStatus('active', new Date());
    expect(await runPatrolRulesOfTenant(t.db, tenant.tenantId)).toMatchObject({ raised: 1 });
    expect(await findings()).toBe(1);
  });
});

describe('duty alerts of a suspended tenant', () => {
  it('a shift short of people alerts nobody while suspended, and does once resumed', async () => {
    const allDay = [0, 1, 2, 3, 4, 5, 6].map((weekday) => ({ weekday, start: '00:00', end: '24:00' }));
    const post = await manager.call((api) =>
      api.servicePost.create({ stationId: tenant.stations[0]!.id, name: `党群先锋服务站-${uid()}`, location: '交通中心到达层', openingHours: allDay, services: ['guidance'] }),
    );
    const [shiftId] = (await manager.call((api) => api.dutyShift.create({ postId: post.id, dates: [addDays(today, 4)], start: '08:00', end: '12:00', places: 4 }))).ids;
    const [short] = await q<{ id: string; due_at: string }>(`select id, due_at from reminders where subject_type = 'duty_shift' and subject_id = $1 and kind = 'duty_shift_short'`, [shiftId]);
    const fire = () => withTenant(t.db, tenant.tenantId, (trx) => fireReminder({ trx, tenantId: tenant.tenantId, timezone: TZ }, short!.id, new Date(short!.due_at)));
    const deliveries = async () => (await q('select 1 from deliveries where reminder_id = $1', [short!.id])).length;

    await setStatus('suspended', new Date());
    expect((await fire()).outcome).toBe('paused');
    expect(await q('select status from reminders where id = $1', [short!.id])).toEqual([{ status: 'scheduled' }]);
    expect(await deliveries()).toBe(0);

    await setStatus('active', new Date());
    expect((await fire()).outcome).toBe('sent');
    expect(await deliveries()).toBeGreaterThan(0);
  });
});
