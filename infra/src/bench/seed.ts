import pg from 'pg';
import { hashPassword } from '@stationdesk/auth';
import type { BenchContext } from './scenarios.ts';

export const BENCH_PASSWORD = 'Bench!2026';

/**
 * The foundation's volume: one big tenant (the one measured) among 300 others, so every table
 * the requests touch holds other tenants' rows too, as in a real installation.
 */
export async function seedFoundation(client: pg.Client): Promise<BenchContext> {
  const hash = await hashPassword(BENCH_PASSWORD);
  await client.query(`select set_config('app.platform', 'on', false)`);
  const { rows: tenants } = await client.query<{ id: string; slug: string }>(
    `insert into tenants (slug, name, name_en)
     select 'bench-' || g, '压测街道' || g, 'Bench ' || g from generate_series(0, 300) g returning id, slug`,
  );
  const main = tenants.find((t) => t.slug === 'bench-0')!;
  // Stations and buildings for every tenant, written as the owner tenant by tenant (RLS applies).
  for (const t of tenants) {
    await client.query(`select set_config('app.tenant_id', $1, false)`, [t.id]);
    await client.query(
      `with s as (
         insert into stations (tenant_id, code, name, name_en, address, phone)
         select $1, 'ST' || g, '第' || g || '楼宇工作站', 'Station ' || g, '测试路' || g || '号', '021-5000000' || g
         from generate_series(1, 5) g returning id, code)
       insert into buildings (tenant_id, station_id, name, floors)
       select $1, s.id, s.code || '-' || b || '号楼', 20 from s, generate_series(1, 3) b`,
      [t.id],
    );
  }
  const { rows: users } = await client.query<{ id: string; email: string }>(
    `insert into users (email, display_name, password_hash)
     select 'user' || g || '@bench.test', '用户' || g, $1 from generate_series(1, 3000) g returning id, email`,
    [hash],
  );
  // Each user a member of one tenant; user1 and user2 are the bench tenant's manager and staff.
  for (let i = 0; i < users.length; i++) {
    const tenant = i < 2 ? main : tenants[1 + (i % (tenants.length - 1))]!;
    await client.query(`select set_config('app.tenant_id', $1, false)`, [tenant.id]);
    const role = i === 0 ? 'manager' : 'staff';
    const { rows } = await client.query<{ id: string }>(
      `insert into memberships (tenant_id, user_id, role) values ($1, $2, $3) returning id`,
      [tenant.id, users[i]!.id, role],
    );
    if (role === 'staff') {
      await client.query(
        `insert into membership_stations (tenant_id, membership_id, station_id)
         select $1, $2, id from stations where tenant_id = $1 order by code limit 2`,
        [tenant.id, rows[0]!.id],
      );
    }
  }
  await client.query(`select set_config('app.tenant_id', $1, false)`, [main.id]);
  const { rows: stations } = await client.query<{ id: string }>(`select id from stations where tenant_id = $1 order by code`, [main.id]);
  return {
    tenantId: main.id,
    userId: users[1]!.id,
    stationIds: stations.map((s) => s.id),
    users: {
      manager: { email: users[0]!.email, password: BENCH_PASSWORD },
      staff: { email: users[1]!.email, password: BENCH_PASSWORD },
    },
    refs: {},
  };
}
