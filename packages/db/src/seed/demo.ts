import { creditCodeCheckCharacter } from '@stationdesk/core';
import type { Db } from '../client.ts';
import { withPlatform, withTenant, type Tx } from '../tenant.ts';
import { demoAccounts, huacaoStations, xinhongStations, type DemoStation } from './demo-data.ts';

export { DEMO_PASSWORD, demoAccounts } from './demo-data.ts';

const CODE_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** A valid, distinct credit code for each running number (Shanghai region 310112 = Minhang). */
export function demoCreditCode(n: number, region = '310112'): string {
  let tail = '';
  for (let i = 0, v = n; i < 6; i++, v = Math.floor(v / 31)) tail = CODE_ALPHABET[v % 31] + tail;
  const body = `91${region}MA1${tail}`;
  return body + creditCodeCheckCharacter(body);
}

async function seedStations(trx: Tx, tenantId: string, stations: DemoStation[]) {
  const out: { id: string; buildingIds: string[] }[] = [];
  for (const s of stations) {
    const station = await trx
      .insertInto('stations')
      .values({ tenant_id: tenantId, code: s.code, name: s.name, name_en: s.nameEn, address: s.address, phone: s.phone })
      .returning('id')
      .executeTakeFirstOrThrow();
    const buildings = await trx
      .insertInto('buildings')
      .values(
        s.buildings.map((b) => ({
          tenant_id: tenantId,
          station_id: station.id,
          name: b.name,
          name_en: b.nameEn,
          address: b.address,
          floors: b.floors,
        })),
      )
      .returning('id')
      .execute();
    out.push({ id: station.id, buildingIds: buildings.map((b) => b.id) });
  }
  return out;
}

export interface DemoSeedResult {
  tenants: { xinhong: string; huacao: string };
}

/** Seeds the demo tenants and sign-ins. Refuses to run twice (the launcher only calls it on an empty database). */
export async function seedDemo(db: Db, opts: { passwordHash: string }): Promise<DemoSeedResult> {
  const { xinhong, huacao, users } = await withPlatform(db, async (trx) => {
    const existing = await trx.selectFrom('tenants').select('id').where('slug', '=', 'xinhong').executeTakeFirst();
    if (existing) throw new Error('the demo tenant already exists');
    const [xinhong, huacao] = await trx
      .insertInto('tenants')
      .values([
        { slug: 'xinhong', name: '新虹街道', name_en: 'Xinhong Subdistrict' },
        { slug: 'huacao', name: '华漕镇', name_en: 'Huacao Town' },
      ])
      .returning('id')
      .execute();
    const people = [
      { email: demoAccounts.operator, display_name: '平台运维', is_platform_admin: true },
      { email: demoAccounts.xinhongManager, display_name: '王建华' },
      { email: demoAccounts.xinhongStaff, display_name: '李晓燕' },
      { email: demoAccounts.xinhongEnterprise, display_name: '陈思远' },
      { email: demoAccounts.huacaoManager, display_name: '赵敏' },
    ];
    const rows = await trx
      .insertInto('users')
      .values(people.map((p) => ({ ...p, password_hash: opts.passwordHash })))
      .returning(['id', 'email'])
      .execute();
    const users = Object.fromEntries(rows.map((r) => [r.email, r.id])) as Record<string, string>;
    return { xinhong: xinhong!.id, huacao: huacao!.id, users };
  });

  await withTenant(db, xinhong, async (trx) => {
    const stations = await seedStations(trx, xinhong, xinhongStations);
    const enterprise = await trx
      .insertInto('enterprises')
      .values({
        tenant_id: xinhong,
        name: '上海虹智信息科技有限公司',
        credit_code: demoCreditCode(1),
        station_id: stations[0]!.id,
        building_id: stations[0]!.buildingIds[0]!,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const members = await trx
      .insertInto('memberships')
      .values([
        { tenant_id: xinhong, user_id: users[demoAccounts.xinhongManager]!, role: 'manager' },
        { tenant_id: xinhong, user_id: users[demoAccounts.xinhongStaff]!, role: 'staff' },
        { tenant_id: xinhong, user_id: users[demoAccounts.xinhongEnterprise]!, role: 'enterprise_admin', enterprise_id: enterprise.id },
      ])
      .returning(['id', 'role'])
      .execute();
    const staff = members.find((m) => m.role === 'staff')!;
    await trx
      .insertInto('membership_stations')
      .values(stations.slice(0, 2).map((s) => ({ tenant_id: xinhong, membership_id: staff.id, station_id: s.id })))
      .execute();
  });

  await withTenant(db, huacao, async (trx) => {
    const stations = await seedStations(trx, huacao, huacaoStations);
    await trx
      .insertInto('enterprises')
      .values({
        tenant_id: huacao,
        name: '上海华漕精密制造有限公司',
        credit_code: demoCreditCode(1),
        station_id: stations[0]!.id,
        building_id: stations[0]!.buildingIds[0]!,
      })
      .execute();
    await trx
      .insertInto('memberships')
      .values({ tenant_id: huacao, user_id: users[demoAccounts.huacaoManager]!, role: 'manager' })
      .execute();
  });

  return { tenants: { xinhong, huacao } };
}
