import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { hashPassword } from '@stationdesk/auth';
import { addDays, localDate } from '@stationdesk/core';
import { createDb, DEMO_PASSWORD, demoAccounts, seedDemo, type Db } from '@stationdesk/db';
import { apiDeps, createTestDatabase, signedIn, type Client } from '@stationdesk/test-utils';

/**
 * The demo's patrol rounds (issue 19): a plan for each of 新虹街道's five stations and a month of
 * rounds, as the pages and the generator see them. seedDemo refuses to run twice, so this file
 * seeds a database of its own.
 */
let database: Awaited<ReturnType<typeof createTestDatabase>>;
let owner: Db;
let app: Db;
let staff: Client;
let manager: Client;
const q = async <T = Record<string, unknown>>(text: string, params: unknown[] = []) => (await owner.pool.query(text, params)).rows as T[];

beforeAll(async () => {
  database = await createTestDatabase(inject('db').ownerUrl, 'patrol_demo');
  owner = createDb(database.ownerUrl, { max: 4 });
  app = createDb(database.appUrl, { max: 4 });
  await seedDemo(owner, { passwordHash: await hashPassword(DEMO_PASSWORD) });
  const deps = apiDeps(app);
  staff = await signedIn(deps, demoAccounts.xinhongStaff, DEMO_PASSWORD);
  manager = await signedIn(deps, demoAccounts.xinhongManager, DEMO_PASSWORD);
}, 120_000);

afterAll(async () => {
  await Promise.all([owner?.close(), app?.close()]);
  await database?.drop();
});

describe('demo patrol rounds', () => {
  it('has a plan for each of the five stations, with staff of the station', async () => {
    const plans = await manager.call((api) => api.patrolPlan.list());
    expect(new Set(plans.map((p) => p.stationId)).size).toBe(5);
    expect(plans.map((p) => p.frequency).sort()).toEqual(['daily', 'weekly', 'working_days', 'working_days', 'working_days']);
    const options = await manager.call((api) => api.patrolPlan.options());
    for (const p of plans) {
      const station = options.find((s) => s.id === p.stationId)!;
      for (const s of p.staff) expect(station.staff.map((x) => x.userId)).toContain(s.userId);
    }
  });

  it('holds a month of rounds, mostly walked in full, their checks as recorded, and gives the desk staff today’s round', async () => {
    const today = localDate(new Date(), 'Asia/Shanghai');
    const counts = await q<{ status: string; n: number }>(`select status, count(*)::int as n from patrol_rounds group by 1`);
    const n = (s: string) => counts.find((c) => c.status === s)?.n ?? 0;
    expect(n('done')).toBeGreaterThan(60);
    expect(n('missed')).toBeGreaterThan(0);
    expect(n('missed')).toBeLessThan(n('done') / 5);
    expect(n('in_progress')).toBe(0);
    const [range] = await q<{ first: string; last: string }>(`select to_char(min(round_date), 'YYYY-MM-DD') as first, to_char(max(round_date), 'YYYY-MM-DD') as last from patrol_rounds`);
    expect(range).toEqual({ first: addDays(today, -30), last: today });
    // The stored counts are the checks themselves.
    expect(await q(`select r.id from patrol_rounds r where r.checked <> (select count(*) from patrol_round_checks c where c.round_id = r.id)`)).toEqual([]);
    // Nothing planned is left in the past.
    expect(await q(`select id from patrol_rounds where status = 'planned' and round_date < $1`, [today])).toEqual([]);
    const mine = await staff.call((api) => api.patrolRound.today());
    expect(mine.rounds.map((r) => r.planName)).toContain('楼宇日常巡查');
    // And the generator has nothing more to do today.
    expect((await q(`select count(*)::int as n from patrol_plans where generated_through <> $1`, [today]))[0]!.n).toBe(0);
  });

  it('shows the week planned against walked per station', async () => {
    const week = await manager.call((api) => api.patrolRound.list({ week: addDays(localDate(new Date(), 'Asia/Shanghai'), -7) }));
    expect(week.stations).toHaveLength(5);
    expect(week.stations.reduce((a, s) => a + s.done, 0)).toBeGreaterThan(10);
  });
});
