import { sql } from 'kysely';
import { AppError, conflict, forbidden, notFound, stationDeactivationRefusal, workItemKinds, type StationOpenCounts } from '@stationdesk/core';
import { repo } from '@stationdesk/db';
import type { TenantContext } from '../context.ts';
import { stationView } from './list-stations.ts';
import type { StationView } from './list-stations.schema.ts';
import type { CreateStationInput, GetStationInput, SetStationActiveInput, StationDetail, UpdateStationInput } from './admin-stations.schema.ts';

/**
 * Stations kept by the tenant's managers (issue 21): create, edit, deactivate when nothing is open
 * there (refused with how many of each remain), reactivate. Every change is audited.
 */
function requireManager(ctx: TenantContext) {
  if (ctx.actor.role !== 'manager') throw forbidden('errors.roleNotAllowed');
}

const audit = (ctx: TenantContext, action: string, id: string, data: Record<string, unknown>) =>
  repo.recordAudit(ctx.trx, { tenantId: ctx.tenantId, actorUserId: ctx.actor.userId, action, subjectType: 'station', subjectId: id, data, ip: ctx.actor.ip });

async function refuseTakenCode(ctx: TenantContext, code: string, exceptId?: string) {
  const taken = await ctx.trx
    .selectFrom('stations')
    .select('id')
    .where((eb) => eb(eb.fn('lower', ['code']), '=', code.toLowerCase()))
    .$if(exceptId !== undefined, (q) => q.where('id', '<>', exceptId!))
    .executeTakeFirst();
  if (taken) throw new AppError('BAD_REQUEST', 'errors.station.codeTaken', { code });
}

async function refuseTakenName(ctx: TenantContext, name: string, exceptId?: string) {
  const taken = await ctx.trx
    .selectFrom('stations')
    .select('id')
    .where('name', '=', name)
    .$if(exceptId !== undefined, (q) => q.where('id', '<>', exceptId!))
    .executeTakeFirst();
  if (taken) throw new AppError('BAD_REQUEST', 'errors.station.nameTaken', { name });
}

/** The station locked for a change, at the version the form read; else NOT_FOUND / CONFLICT. */
async function lockStation(ctx: TenantContext, id: string, version: number) {
  const row = await ctx.trx.selectFrom('stations').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  if (!row) throw notFound('errors.station.notFound');
  if (row.version !== version) throw conflict('errors.concurrentEdit');
  return row;
}

async function viewOf(ctx: TenantContext, id: string): Promise<StationView> {
  const [row] = await repo.listStations(ctx.trx, { ids: [id], includeInactive: true });
  return stationView(null)(row!);
}

/** station.create (managers). */
export async function createStation(ctx: TenantContext, input: CreateStationInput): Promise<{ id: string }> {
  requireManager(ctx);
  await refuseTakenCode(ctx, input.code);
  await refuseTakenName(ctx, input.name);
  const row = await ctx.trx
    .insertInto('stations')
    .values({ tenant_id: ctx.tenantId, code: input.code, name: input.name, name_en: input.nameEn, address: input.address, phone: input.phone })
    .returning('id')
    .executeTakeFirstOrThrow();
  await audit(ctx, 'station.created', row.id, { code: input.code, name: input.name, nameEn: input.nameEn, address: input.address, phone: input.phone });
  return { id: row.id };
}

/** station.update (managers): code, names, address, phone; a stale form is refused. */
export async function updateStation(ctx: TenantContext, input: UpdateStationInput): Promise<StationView> {
  requireManager(ctx);
  const before = await lockStation(ctx, input.id, input.version);
  await refuseTakenCode(ctx, input.code, before.id);
  await refuseTakenName(ctx, input.name, before.id);
  const fields = { code: input.code, name: input.name, name_en: input.nameEn, address: input.address, phone: input.phone };
  const changed = Object.fromEntries(Object.entries(fields).filter(([k, v]) => before[k as keyof typeof fields] !== v));
  if (Object.keys(changed).length > 0) {
    await ctx.trx.updateTable('stations').set({ ...fields, version: before.version + 1, updated_at: new Date() }).where('id', '=', before.id).execute();
    await audit(ctx, 'station.updated', before.id, {
      changes: Object.fromEntries(Object.keys(changed).map((k) => [k, { from: before[k as keyof typeof fields], to: changed[k] }])),
    });
  }
  return viewOf(ctx, before.id);
}

/** What the station still has open: the figures deactivation waits on (core's stationDeactivationRefusal). */
export async function stationOpenCounts(ctx: TenantContext, stationId: string, now = new Date()): Promise<StationOpenCounts> {
  const items = await ctx.trx
    .selectFrom('work_items')
    .select(['kind', (eb) => eb.fn.countAll<string>().as('n')])
    .where('station_id', '=', stationId)
    .where('status', '<>', 'closed')
    .groupBy('kind')
    .execute();
  const byKind = Object.fromEntries(workItemKinds.map((k) => [k, Number(items.find((r) => r.kind === k)?.n ?? 0)])) as Record<(typeof workItemKinds)[number], number>;
  const [other] = await sql<{ rounds: number; shifts: number; activities: number; buildings: number }>`
    select
      (select count(*)::int from patrol_rounds r where r.station_id = ${stationId} and r.status in ('planned', 'in_progress')) as rounds,
      (select count(*)::int from duty_shifts d join service_posts p on p.tenant_id = d.tenant_id and p.id = d.post_id
        where p.station_id = ${stationId} and d.status = 'open' and d.ends_at > ${now}) as shifts,
      (select count(*)::int from party_activities a where a.station_id = ${stationId} and a.status <> 'cancelled' and a.ends_at > ${now}) as activities,
      (select count(*)::int from buildings b where b.station_id = ${stationId}) as buildings
  `
    .execute(ctx.trx)
    .then((r) => r.rows);
  return { consultation: byKind.consultation, agency: byKind.agency, dispute: byKind.dispute, patrol: byKind.patrol, ...other! };
}

/** station.get (managers): the station with its open figures. */
export async function getStation(ctx: TenantContext, input: GetStationInput): Promise<StationDetail> {
  requireManager(ctx);
  const row = await ctx.trx.selectFrom('stations').select(['id', 'deactivated_at']).where('id', '=', input.id).executeTakeFirst();
  if (!row) throw notFound('errors.station.notFound');
  return { ...(await viewOf(ctx, row.id)), deactivatedAt: row.deactivated_at === null ? null : new Date(row.deactivated_at).toISOString(), open: await stationOpenCounts(ctx, row.id) };
}

/**
 * station.deactivate (managers): only with nothing open — else refused naming how many of each.
 * The station leaves the pickers; its items, history and report figures stay.
 */
export async function deactivateStation(ctx: TenantContext, input: SetStationActiveInput): Promise<StationView> {
  requireManager(ctx);
  const station = await lockStation(ctx, input.id, input.version);
  if (!station.active) return viewOf(ctx, station.id);
  // Counted under the station's lock: a building moved here or an item opened meanwhile waits for it.
  const open = await stationOpenCounts(ctx, station.id);
  const refusal = stationDeactivationRefusal(open);
  if (refusal) throw refusal;
  const now = new Date();
  await ctx.trx.updateTable('stations').set({ active: false, deactivated_at: now, version: station.version + 1, updated_at: now }).where('id', '=', station.id).execute();
  await audit(ctx, 'station.deactivated', station.id, { code: station.code, name: station.name });
  return viewOf(ctx, station.id);
}

/** station.reactivate (managers): back in the pickers. */
export async function reactivateStation(ctx: TenantContext, input: SetStationActiveInput): Promise<StationView> {
  requireManager(ctx);
  const station = await lockStation(ctx, input.id, input.version);
  if (station.active) return viewOf(ctx, station.id);
  await ctx.trx.updateTable('stations').set({ active: true, deactivated_at: null, version: station.version + 1, updated_at: new Date() }).where('id', '=', station.id).execute();
  await audit(ctx, 'station.reactivated', station.id, { code: station.code, name: station.name });
  return viewOf(ctx, station.id);
}
