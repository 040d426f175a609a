import { sql } from 'kysely';
import { AppError, conflict, floorListOrRefuse, floorsAboveGround, forbidden, notFound, planBuildingMove, workItemKinds } from '@stationdesk/core';
import { repo, withTenant } from '@stationdesk/db';
import type { TenantContext } from '../context.ts';
import { recordEvent } from '../work-items/events.ts';
import { buildingView } from './list-buildings.ts';
import type { BuildingView } from './list-buildings.schema.ts';
import type { CreateBuildingInput, GetBuildingInput, MoveBuildingInput, MoveBuildingOutput, MovePreview, MovePreviewInput, UpdateBuildingInput } from './admin-buildings.schema.ts';

/**
 * Buildings kept by the tenant's managers (issue 21): name, address, floors as an ordered list of
 * labels (core's checkFloorList), and the station they belong to. An enterprise's station is its
 * building's, so a move takes the building's enterprises along at once: every item opened after
 * it goes to the new station. The open ones stay or go along, as the manager chose after seeing
 * building.movePreview. Every change is audited.
 */
function requireManager(ctx: TenantContext) {
  if (ctx.actor.role !== 'manager') throw forbidden('errors.roleNotAllowed');
}

const audit = (ctx: TenantContext, action: string, id: string, data: Record<string, unknown>) =>
  repo.recordAudit(ctx.trx, { tenantId: ctx.tenantId, actorUserId: ctx.actor.userId, action, subjectType: 'building', subjectId: id, data, ip: ctx.actor.ip });

async function refuseTakenName(ctx: TenantContext, name: string, exceptId?: string) {
  const taken = await ctx.trx
    .selectFrom('buildings')
    .select('id')
    .where('name', '=', name)
    .$if(exceptId !== undefined, (q) => q.where('id', '<>', exceptId!))
    .executeTakeFirst();
  if (taken) throw new AppError('BAD_REQUEST', 'errors.building.nameTaken', { name });
}

/** An active station of the tenant (RLS hides any other tenant's), share-locked so it is not deactivated meanwhile. */
async function requireActiveStation(ctx: TenantContext, id: string) {
  const station = await ctx.trx.selectFrom('stations').select(['id', 'name', 'name_en', 'active']).where('id', '=', id).forShare().executeTakeFirst();
  if (!station) throw notFound('errors.station.notFound');
  return station;
}

async function viewOf(ctx: TenantContext, id: string): Promise<BuildingView> {
  const [row] = await repo.listBuildings(ctx.trx, { ids: [id] });
  return buildingView(row!);
}

async function lockBuilding(ctx: TenantContext, id: string, version: number) {
  const row = await ctx.trx.selectFrom('buildings').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  if (!row) throw notFound('errors.building.notFound');
  if (row.version !== version) throw conflict('errors.concurrentEdit');
  return row;
}

/** building.get (managers). */
export async function getBuilding(ctx: TenantContext, input: GetBuildingInput): Promise<BuildingView> {
  requireManager(ctx);
  const [row] = await repo.listBuildings(ctx.trx, { ids: [input.id] });
  if (!row) throw notFound('errors.building.notFound');
  return buildingView(row);
}

/** building.create (managers): at an active station. */
export async function createBuilding(ctx: TenantContext, input: CreateBuildingInput): Promise<{ id: string }> {
  requireManager(ctx);
  const station = await requireActiveStation(ctx, input.stationId);
  if (!station.active) throw new AppError('BAD_REQUEST', 'errors.building.stationInactive');
  const labels = floorListOrRefuse(input.floors);
  await refuseTakenName(ctx, input.name);
  const row = await ctx.trx
    .insertInto('buildings')
    .values({
      tenant_id: ctx.tenantId,
      station_id: station.id,
      name: input.name,
      name_en: input.nameEn,
      address: input.address,
      floors: floorsAboveGround(labels),
      floor_labels: labels,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await audit(ctx, 'building.created', row.id, { stationId: station.id, name: input.name, nameEn: input.nameEn, address: input.address, floors: labels });
  return { id: row.id };
}

/** building.update (managers): names, address and floors; a stale form is refused. */
export async function updateBuilding(ctx: TenantContext, input: UpdateBuildingInput): Promise<BuildingView> {
  requireManager(ctx);
  const before = await lockBuilding(ctx, input.id, input.version);
  const labels = floorListOrRefuse(input.floors);
  await refuseTakenName(ctx, input.name, before.id);
  const after = { name: input.name, name_en: input.nameEn, address: input.address, floor_labels: labels };
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const k of ['name', 'name_en', 'address'] as const) if (before[k] !== after[k]) changes[k] = { from: before[k], to: after[k] };
  if (JSON.stringify(before.floor_labels) !== JSON.stringify(labels)) changes.floor_labels = { from: before.floor_labels, to: labels };
  if (Object.keys(changes).length > 0) {
    await ctx.trx
      .updateTable('buildings')
      .set({ ...after, floors: floorsAboveGround(labels), version: before.version + 1, updated_at: new Date() })
      .where('id', '=', before.id)
      .execute();
    await audit(ctx, 'building.updated', before.id, { changes });
  }
  return viewOf(ctx, before.id);
}

/** The building's open items at its station, by kind, and how many are handled by someone not working at `toStationId`. */
async function openItemsOf(ctx: TenantContext, buildingId: string, fromStationId: string, toStationId: string) {
  const rows = await ctx.trx
    .selectFrom('work_items as w')
    .select(['w.kind', (eb) => eb.fn.countAll<string>().as('n')])
    .select(
      sql<string>`count(*) filter (where w.assignee_id is not null and not exists (
        select 1 from memberships m
         where m.tenant_id = w.tenant_id and m.user_id = w.assignee_id
           and (m.role = 'manager' or exists (select 1 from membership_stations ms
                 where ms.tenant_id = m.tenant_id and ms.membership_id = m.id and ms.station_id = ${toStationId}))))`.as('elsewhere'),
    )
    .where('w.building_id', '=', buildingId)
    .where('w.station_id', '=', fromStationId)
    .where('w.status', '<>', 'closed')
    .groupBy('w.kind')
    .execute();
  const openByKind = Object.fromEntries(workItemKinds.map((k) => [k, Number(rows.find((r) => r.kind === k)?.n ?? 0)])) as MovePreview['openByKind'];
  return {
    openByKind,
    openItems: Object.values(openByKind).reduce((a, b) => a + b, 0),
    handledElsewhere: rows.reduce((a, r) => a + Number(r.elsewhere), 0),
  };
}

/**
 * A station id that is no station of this tenant in a move (another tenant's, guessed): refused,
 * and the attempt kept in the audit log beyond the rollback.
 */
async function refuseUnknownStation(ctx: TenantContext, buildingId: string, stationId: string): Promise<never> {
  if (ctx.db) {
    await withTenant(ctx.db, ctx.tenantId, (trx) =>
      repo.recordAudit(trx, { tenantId: ctx.tenantId, actorUserId: ctx.actor.userId, action: 'building.moveRefused', subjectType: 'building', subjectId: buildingId, data: { stationId }, ip: ctx.actor.ip }),
    );
  }
  throw notFound('errors.station.notFound');
}

/** building.movePreview (managers): what the move would do — the confirmation states it before the move. */
export async function previewBuildingMove(ctx: TenantContext, input: MovePreviewInput): Promise<MovePreview> {
  requireManager(ctx);
  const building = await ctx.trx.selectFrom('buildings').select(['id', 'station_id']).where('id', '=', input.id).executeTakeFirst();
  if (!building) throw notFound('errors.building.notFound');
  const [from, to] = await Promise.all(
    [building.station_id, input.stationId].map((id) => ctx.trx.selectFrom('stations').select(['id', 'name', 'name_en', 'active']).where('id', '=', id).executeTakeFirst()),
  );
  if (!to) return refuseUnknownStation(ctx, building.id, input.stationId);
  const open = await openItemsOf(ctx, building.id, building.station_id, to.id);
  // The same refusals as the move itself (same station, inactive target), before anyone confirms.
  planBuildingMove({ fromStationId: building.station_id, toStationId: to.id, toStationActive: to.active, openItems: open.openItems, openItemsOnMove: 'stay' });
  const enterprises = await ctx.trx.selectFrom('enterprises').select((eb) => eb.fn.countAll<string>().as('n')).where('building_id', '=', building.id).executeTakeFirstOrThrow();
  return {
    fromStation: { id: from!.id, name: from!.name, nameEn: from!.name_en },
    toStation: { id: to.id, name: to.name, nameEn: to.name_en },
    enterprises: Number(enterprises.n),
    ...open,
  };
}

/**
 * building.move (managers): the building and its enterprises to another active station of the
 * tenant — new items go there from now on. Open items at the old station stay there (`stay`) or
 * go along (`move`), each with a line in its history; their handlers are kept.
 */
export async function moveBuilding(ctx: TenantContext, input: MoveBuildingInput): Promise<MoveBuildingOutput> {
  requireManager(ctx);
  const building = await lockBuilding(ctx, input.id, input.version);
  const target = await ctx.trx.selectFrom('stations').select(['id', 'name', 'name_en', 'active']).where('id', '=', input.stationId).forShare().executeTakeFirst();
  if (!target) return refuseUnknownStation(ctx, building.id, input.stationId);
  const from = await ctx.trx.selectFrom('stations').select(['id', 'name']).where('id', '=', building.station_id).executeTakeFirstOrThrow();
  const open = await openItemsOf(ctx, building.id, building.station_id, target.id);
  const plan = planBuildingMove({ fromStationId: building.station_id, toStationId: target.id, toStationActive: target.active, openItems: open.openItems, openItemsOnMove: input.openItems });
  const now = new Date();

  await ctx.trx.updateTable('buildings').set({ station_id: target.id, version: building.version + 1, updated_at: now }).where('id', '=', building.id).execute();
  // An enterprise's station is its building's: its next items go to the new station.
  const enterprises = await ctx.trx
    .updateTable('enterprises')
    .set((eb) => ({ station_id: target.id, version: eb('version', '+', 1), updated_at: now }))
    .where('building_id', '=', building.id)
    .returning('id')
    .execute();

  let itemsMoved = 0;
  if (input.openItems === 'move' && plan.moving > 0) {
    const moved = await ctx.trx
      .updateTable('work_items')
      .set((eb) => ({ station_id: target.id, version: eb('version', '+', 1), updated_at: now }))
      .where('building_id', '=', building.id)
      .where('station_id', '=', building.station_id)
      .where('status', '<>', 'closed')
      .returning('id')
      .execute();
    for (const item of moved) {
      await recordEvent(ctx, item.id, {
        action: 'station_moved',
        note: `${from.name} → ${target.name}`,
        data: { fromStationId: from.id, toStationId: target.id, buildingId: building.id },
        internal: true,
      });
    }
    itemsMoved = moved.length;
  }
  await audit(ctx, 'building.moved', building.id, {
    fromStationId: from.id,
    toStationId: target.id,
    openItems: input.openItems,
    enterprisesMoved: enterprises.length,
    itemsMoved,
    itemsStaying: open.openItems - itemsMoved,
  });
  return { building: await viewOf(ctx, building.id), enterprisesMoved: enterprises.length, itemsMoved, itemsStaying: open.openItems - itemsMoved };
}
