import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { addDays, localDate } from '@stationdesk/core';
import { makeMember, makeTenant, openTestDb, uid } from '@stationdesk/test-utils';
import { killAllWorkers, startWorker, waitFor } from '@stationdesk/test-utils/worker';

/**
 * The real worker process generates patrol rounds as it starts (issue 19): a plan last generated
 * three days ago — the worker was down — gets those days as missed rounds, the round left planned
 * back then is marked missed, and today's round is planned, once.
 */
let t: ReturnType<typeof openTestDb>;
const redisUrl = inject('redisUrl');

beforeAll(() => {
  t = openTestDb();
});
afterAll(async () => {
  await killAllWorkers();
  await t.close();
});

const q = async <T = Record<string, unknown>>(text: string, params: unknown[] = []) => (await t.owner.pool.query(text, params)).rows as T[];

describe('patrol round generation in the worker', () => {
  it('catches up the days it was down and plans today at start', { timeout: 120_000 }, async () => {
    const tenant = await makeTenant(t.owner);
    const staff = await makeMember(t.owner, tenant, 'staff', { stationIndexes: [0] });
    const today = localDate(new Date(), 'Asia/Shanghai');
    const [plan] = await q<{ id: string }>(
      `insert into patrol_plans (tenant_id, station_id, name, frequency, assignment, starts_on, generated_through)
       values ($1, $2, '日常巡查', 'daily', 'fixed', $3, $4) returning id`,
      [tenant.tenantId, tenant.stations[0]!.id, addDays(today, -4), addDays(today, -3)],
    );
    const building = tenant.stations[0]!.buildingIds[0]!;
    await q(`insert into patrol_plan_floors (tenant_id, plan_id, building_id, floor) values ($1, $2, $3, '1F')`, [tenant.tenantId, plan!.id, building]);
    await q(`insert into patrol_plan_staff (tenant_id, plan_id, user_id, position) values ($1, $2, $3, 0)`, [tenant.tenantId, plan!.id, staff.id]);
    const [point] = await q<{ id: string }>(`insert into patrol_plan_checklist (tenant_id, plan_id, label, position) values ($1, $2, '消防通道畅通', 0) returning id`, [tenant.tenantId, plan!.id]);
    // Left planned on the last day the worker ran.
    await q(
      `insert into patrol_rounds (tenant_id, plan_id, station_id, round_date, assignee_id, floors, point_ids)
       values ($1, $2, $3, $4, $5, $6, $7)`,
      [tenant.tenantId, plan!.id, tenant.stations[0]!.id, addDays(today, -3), staff.id, JSON.stringify([{ buildingId: building, floor: '1F' }]), [point!.id]],
    );

    // A long period: only the run at start can have done it.
    const worker = await startWorker({ appUrl: inject('db').appUrl, redisUrl, queuePrefix: `prw-${uid()}`, env: { PATROL_ROUNDS_EVERY_MS: '3600000' } });
    const rounds = () => q<{ round_date: string; status: string }>(`select to_char(round_date, 'YYYY-MM-DD') as round_date, status from patrol_rounds where plan_id = $1 order by round_date`, [plan!.id]);
    await waitFor(async () => (await rounds()).length === 4, { timeoutMs: 60_000, what: 'the rounds of the days the worker was down' });
    expect(await rounds()).toEqual([
      { round_date: addDays(today, -3), status: 'missed' },
      { round_date: addDays(today, -2), status: 'missed' },
      { round_date: addDays(today, -1), status: 'missed' },
      { round_date: today, status: 'planned' },
    ]);
    expect((await q(`select to_char(generated_through, 'YYYY-MM-DD') as d from patrol_plans where id = $1`, [plan!.id]))[0]).toEqual({ d: today });
    // Today's round reminds its assignee and the managers.
    expect((await q(`select kind from reminders where tenant_id = $1 and subject_type = 'patrol_round' order by due_at`, [tenant.tenantId])).map((r) => r.kind)).toEqual([
      'patrol_round_unfinished',
      'patrol_round_unwalked',
    ]);
    await worker.kill('SIGTERM');
  });
});
