import { addDays, defaultBusinessHours, localDate, planRoundReminders, planRounds, roundDates, zonedTimeToInstant, type PatrolSchedule, type WorkCalendar } from '@stationdesk/core';
import type { Db } from '../client.ts';
import { withPlatform, withTenant } from '../tenant.ts';
import { rng } from './demo-enterprises.ts';

/** The grid staff (网格员) the demo's patrol plans put on the stations the desk's staff member does not cover. */
export const demoPatrolStaff = [
  { email: 'grid1@xinhong.test', name: '张磊', stations: ['XH01', 'XH02'] },
  { email: 'grid2@xinhong.test', name: '刘芳', stations: ['XH03', 'XH04'] },
  { email: 'grid3@xinhong.test', name: '周强', stations: ['XH05', 'XH03'] },
] as const;

/** A month of rounds before today. */
const DAYS = 30;

interface DemoPlan {
  station: string;
  name: string;
  schedule: PatrolSchedule;
  assignment: 'fixed' | 'round_robin';
  /** Emails of the staff, in turn order. */
  staff: string[];
  /** Per building of the station (by its order), the floors walked. */
  floors: string[][];
  checklist: string[];
}

const standard = ['消防通道畅通', '无群租迹象', '无无证经营', '消防设施完好', '环境卫生整洁', '无安全隐患'];

/** The desk's own staff member (李晓燕, stations XH01 and XH02) stands in the plans by this marker. */
const DESK = 'desk-staff';

function demoPlans(): DemoPlan[] {
  const workingDays: PatrolSchedule = { frequency: 'working_days', weekdays: [] };
  return [
    { station: 'XH01', name: '工作日消防安全巡查', schedule: workingDays, assignment: 'round_robin', staff: ['grid1@xinhong.test', DESK], floors: [['1F', '2F', '3F'], ['1F', '2F']], checklist: standard },
    { station: 'XH02', name: '楼宇日常巡查', schedule: { frequency: 'daily', weekdays: [] }, assignment: 'fixed', staff: [DESK], floors: [['1F', '6F'], ['1F'], ['1F', '10F']], checklist: standard.slice(0, 5) },
    {
      station: 'XH03',
      name: '群租整治专项巡查',
      schedule: { frequency: 'weekly', weekdays: [1, 4] },
      assignment: 'round_robin',
      staff: ['grid2@xinhong.test', 'grid3@xinhong.test'],
      floors: [['8F', '9F', '10F'], ['12F', '13F']],
      checklist: ['无群租迹象', '无隔断改造', '无人员夜间留宿', '电动车未进楼入户'],
    },
    { station: 'XH04', name: '工作日巡查', schedule: workingDays, assignment: 'fixed', staff: ['grid2@xinhong.test'], floors: [['1F', '2F'], ['1F', '2F'], ['1F']], checklist: standard },
    { station: 'XH05', name: '工作日巡查', schedule: workingDays, assignment: 'fixed', staff: ['grid3@xinhong.test'], floors: [['1F', '2F'], ['1F'], ['1F', '2F']], checklist: standard },
  ];
}

/**
 * 网格巡查 for 新虹街道's five stations: a plan each (working days, daily, twice a week), the grid
 * staff they need, and a month of rounds before today as the generator makes them — most walked
 * in full between 09:30 and 16:00, a few finished with a reason, a few missed — and today's round
 * of each plan due today, planned, with its reminders. Deterministic but for today's date.
 */
export async function seedDemoPatrolRounds(db: Db, tenantId: string, opts: { passwordHash: string; deskStaffId: string; now?: Date }): Promise<void> {
  const now = opts.now ?? new Date();
  const users = await withPlatform(db, (trx) =>
    trx
      .insertInto('users')
      .values(demoPatrolStaff.map((s) => ({ email: s.email, display_name: s.name, password_hash: opts.passwordHash })))
      .returning(['id', 'email'])
      .execute(),
  );
  const userOf = new Map<string, string>([...users.map((u) => [u.email, u.id] as [string, string]), [DESK, opts.deskStaffId]]);

  await withTenant(db, tenantId, async (trx) => {
    const tz = (await trx.selectFrom('tenants').select('timezone').where('id', '=', tenantId).executeTakeFirstOrThrow()).timezone;
    // The seed runs as the owner, whom row-level security does not hold: reads name the tenant.
    const stations = await trx.selectFrom('stations').select(['id', 'code']).where('tenant_id', '=', tenantId).execute();
    const stationOf = new Map(stations.map((s) => [s.code, s.id]));
    const members = await trx
      .insertInto('memberships')
      .values(demoPatrolStaff.map((s) => ({ tenant_id: tenantId, user_id: userOf.get(s.email)!, role: 'staff' as const })))
      .returning(['id', 'user_id'])
      .execute();
    await trx
      .insertInto('membership_stations')
      .values(demoPatrolStaff.flatMap((s) => s.stations.map((code) => ({ tenant_id: tenantId, membership_id: members.find((m) => m.user_id === userOf.get(s.email))!.id, station_id: stationOf.get(code)! }))))
      .execute();

    const calRow = await trx.selectFrom('work_calendars').select(['business_hours', 'weekend_days']).where('tenant_id', '=', tenantId).executeTakeFirst();
    const days = await trx.selectFrom('calendar_days').select(['day', 'kind']).where('tenant_id', '=', tenantId).execute();
    const cal: WorkCalendar = {
      timezone: tz,
      businessHours: calRow?.business_hours ?? defaultBusinessHours,
      weekendDays: calRow?.weekend_days ?? [0, 6],
      holidays: days.filter((d) => d.kind === 'holiday').map((d) => d.day),
      makeupWorkdays: days.filter((d) => d.kind === 'workday').map((d) => d.day),
    };
    const today = localDate(now, tz);
    const from = addDays(today, -DAYS);
    const random = rng(19_2112);

    for (const p of demoPlans()) {
      const stationId = stationOf.get(p.station)!;
      const buildings = await trx.selectFrom('buildings').select(['id']).where('station_id', '=', stationId).orderBy('name').execute();
      const plan = await trx
        .insertInto('patrol_plans')
        .values({
          tenant_id: tenantId,
          station_id: stationId,
          name: p.name,
          frequency: p.schedule.frequency,
          weekdays: [...p.schedule.weekdays],
          assignment: p.assignment,
          starts_on: from,
          generated_through: today,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const floors = p.floors.flatMap((labels, i) => labels.map((floor) => ({ buildingId: buildings[i]!.id, floor })));
      await trx.insertInto('patrol_plan_floors').values(floors.map((f) => ({ tenant_id: tenantId, plan_id: plan.id, building_id: f.buildingId, floor: f.floor }))).execute();
      const staffIds = p.staff.map((e) => userOf.get(e)!);
      await trx.insertInto('patrol_plan_staff').values(staffIds.map((userId, position) => ({ tenant_id: tenantId, plan_id: plan.id, user_id: userId, position }))).execute();
      const points = await trx
        .insertInto('patrol_plan_checklist')
        .values(p.checklist.map((label, position) => ({ tenant_id: tenantId, plan_id: plan.id, label, position })))
        .returning('id')
        .execute();
      const pointIds = points.map((x) => x.id);

      const planned = planRounds({ mode: p.assignment, staffIds }, roundDates(p.schedule, cal, from, today), 0, today);
      // A past round: walked in full (most), finished with a reason (1 in 20), or missed (1 in 14).
      const fate = planned.map((r) => {
        if (r.date === today) return 'today' as const;
        const x = random();
        return x < 0.07 ? ('missed' as const) : x < 0.12 ? ('partial' as const) : ('full' as const);
      });
      const rows = await trx
        .insertInto('patrol_rounds')
        .values(
          planned.map((r, i) => {
            const walked = fate[i] === 'full' || fate[i] === 'partial';
            const start = zonedTimeToInstant(r.date, 9 * 60 + 30 + Math.floor(random() * 240), tz);
            const covered = fate[i] === 'partial' ? floors.slice(0, Math.max(1, floors.length - 1)) : floors;
            return {
              tenant_id: tenantId,
              plan_id: plan.id,
              station_id: stationId,
              round_date: r.date,
              assignee_id: r.assigneeId,
              status: fate[i] === 'today' ? ('planned' as const) : walked ? ('done' as const) : ('missed' as const),
              floors: JSON.stringify(floors),
              point_ids: pointIds,
              ...(walked
                ? {
                    started_at: new Date(start),
                    finished_at: new Date(start + covered.length * pointIds.length * 50_000),
                    walked_by: r.assigneeId,
                    floors_covered: JSON.stringify(covered),
                    checked: covered.length * pointIds.length,
                    finish_note: fate[i] === 'partial' ? '顶层装修封闭，未能进入' : null,
                  }
                : {}),
            };
          }),
        )
        .returning(['id', 'round_date', 'assignee_id', 'started_at', 'floors_covered'])
        .execute();
      const checks = rows.flatMap((r) =>
        r.started_at
          ? r.floors_covered.flatMap((f, fi) =>
              pointIds.map((pointId, pi) => ({
                tenant_id: tenantId,
                round_id: r.id,
                building_id: f.buildingId,
                floor: f.floor,
                point_id: pointId,
                result: 'ok' as const,
                checked_by: r.assignee_id,
                checked_at: new Date(new Date(r.started_at!).getTime() + (fi * pointIds.length + pi) * 50_000),
                client_id: `demo-${r.id}-${fi}-${pi}`,
              })),
            )
          : [],
      );
      for (let i = 0; i < checks.length; i += 1000) await trx.insertInto('patrol_round_checks').values(checks.slice(i, i + 1000)).execute();
      const reminders = rows
        .filter((r) => r.round_date === today)
        .flatMap((r) =>
          planRoundReminders({ id: r.id, roundDate: r.round_date, status: 'planned' }, tz).map((s) => ({
            tenant_id: tenantId,
            kind: s.kind,
            subject_type: 'patrol_round' as const,
            subject_id: r.id,
            recipients: JSON.stringify(s.recipients),
            channels: s.channels,
            due_at: s.dueAt,
            idempotency_key: s.key,
          })),
        );
      if (reminders.length) await trx.insertInto('reminders').values(reminders).execute();
    }
  });
}
