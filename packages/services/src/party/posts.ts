import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { badRequest, checkInPath, forbidden, isDefaultPartyService, localDate, mergePartyServices, notFound, openingHoursProblems, ownPartyServiceKey, type PartyService } from '@stationdesk/core';
import { repo, type Tx } from '@stationdesk/db';
import type { TenantContext } from '../context.ts';
import { stationScope } from '../context.ts';
import { requireDeskStation, stationNames } from './access.ts';
import { issueCheckInCode } from './checkin-code.ts';
import type {
  CreatePartyServiceInput,
  CreateServicePostInput,
  IssuedPostCheckInCode,
  IssuePostCheckInCodeInput,
  ListServicePostsInput,
  PartyServiceView,
  ServicePostView,
  UpdatePartyServiceInput,
  UpdateServicePostInput,
} from './posts.schema.ts';

/** The tenant's kinds of service: the defaults as it overrode them, and its own (core's mergePartyServices). */
export async function loadPartyServices(trx: Tx): Promise<PartyService[]> {
  const rows = await trx.selectFrom('party_services').select(['key', 'name', 'name_en', 'active', 'position']).execute();
  return mergePartyServices(rows.map((r) => ({ key: r.key, name: r.name, nameEn: r.name_en, active: r.active, position: r.position })));
}

const serviceView = (s: PartyService): PartyServiceView => ({ key: s.key, name: s.name, nameEn: s.nameEn, active: s.active, position: s.position, builtIn: s.builtIn });

/** servicePost.services: every kind of service, hidden ones too (the forms offer the active ones). */
export async function listPartyServices(ctx: TenantContext): Promise<PartyServiceView[]> {
  return (await loadPartyServices(ctx.trx)).map(serviceView);
}

async function saveService(ctx: TenantContext, key: string, input: Omit<UpdatePartyServiceInput, 'key'>, action: string): Promise<PartyServiceView> {
  if (ctx.actor.role !== 'manager') throw forbidden('errors.roleNotAllowed');
  const row = { name: input.name, name_en: input.nameEn, active: input.active, position: input.position, updated_at: new Date(), updated_by: ctx.actor.userId };
  await ctx.trx
    .insertInto('party_services')
    .values({ tenant_id: ctx.tenantId, key, ...row })
    .onConflict((oc) => oc.columns(['tenant_id', 'key']).doUpdateSet(row))
    .execute();
  await repo.recordAudit(ctx.trx, { tenantId: ctx.tenantId, actorUserId: ctx.actor.userId, action, subjectType: 'party_service', subjectId: key, data: { ...input } });
  return serviceView((await loadPartyServices(ctx.trx)).find((s) => s.key === key)!);
}

/** servicePost.updateService (managers): a default overridden, or one of the tenant's own changed. */
export async function updatePartyService(ctx: TenantContext, { key, ...input }: UpdatePartyServiceInput): Promise<PartyServiceView> {
  if (!(await loadPartyServices(ctx.trx)).some((s) => s.key === key)) throw notFound('errors.party.serviceNotFound');
  if (!isDefaultPartyService(key) && input.name === null) throw badRequest('errors.party.serviceNameRequired');
  return saveService(ctx, key, input, 'partyService.updated');
}

/** servicePost.createService (managers): a kind of service of the tenant's own. */
export async function createPartyService(ctx: TenantContext, input: CreatePartyServiceInput): Promise<PartyServiceView> {
  return saveService(ctx, ownPartyServiceKey(randomBytes(6).toString('hex')), input, 'partyService.created');
}

/** The services a post offers: each an active kind of the tenant's, once. */
async function checkServices(ctx: TenantContext, keys: readonly string[]): Promise<string[]> {
  const active = new Set((await loadPartyServices(ctx.trx)).filter((s) => s.active).map((s) => s.key));
  for (const key of keys) if (!active.has(key)) throw badRequest('errors.party.unknownService', { key });
  return [...new Set(keys)];
}

function checkHours(hours: CreateServicePostInput['openingHours']) {
  if (!hours) return null;
  const problem = openingHoursProblems(hours)[0];
  if (problem) throw badRequest(problem);
  return [...hours].sort((a, b) => a.weekday - b.weekday);
}

async function refuseTakenName(ctx: TenantContext, name: string, exceptId?: string): Promise<void> {
  const taken = await ctx.trx
    .selectFrom('service_posts')
    .select('id')
    .where((eb) => eb(eb.fn('lower', ['name']), '=', name.toLowerCase()))
    .$if(exceptId !== undefined, (q) => q.where('id', '<>', exceptId!))
    .executeTakeFirst();
  if (taken) throw badRequest('errors.party.postNameTaken', { name });
}

/** servicePost.create (managers; staff for their stations). */
export async function createServicePost(ctx: TenantContext, input: CreateServicePostInput): Promise<{ id: string }> {
  requireDeskStation(ctx, input.stationId);
  const station = await ctx.trx.selectFrom('stations').select('id').where('id', '=', input.stationId).executeTakeFirst();
  if (!station) throw notFound('errors.party.stationNotFound');
  const hours = checkHours(input.openingHours);
  const services = await checkServices(ctx, input.services);
  await refuseTakenName(ctx, input.name);
  const row = await ctx.trx
    .insertInto('service_posts')
    .values({
      tenant_id: ctx.tenantId,
      station_id: input.stationId,
      name: input.name,
      location: input.location,
      opening_hours: hours ? JSON.stringify(hours) : null,
      services,
      created_by: ctx.actor.userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id };
}

/** A post the actor works for (staff: of their stations), optionally locked; else NOT_FOUND. */
export async function requireDeskPost(ctx: TenantContext, id: string, opts: { lock?: boolean } = {}) {
  let q = ctx.trx.selectFrom('service_posts').selectAll().where('id', '=', id);
  if (opts.lock) q = q.forUpdate();
  const post = await q.executeTakeFirst();
  if (!post) throw notFound('errors.party.postNotFound');
  requireDeskStation(ctx, post.station_id, 'errors.party.postNotFound');
  return post;
}

/** servicePost.update: name, location, hours, services, or switched off (its shifts stay). */
export async function updateServicePost(ctx: TenantContext, input: UpdateServicePostInput): Promise<ServicePostView> {
  const post = await requireDeskPost(ctx, input.id, { lock: true });
  const hours = input.openingHours !== undefined ? checkHours(input.openingHours) : undefined;
  const services = input.services ? await checkServices(ctx, input.services) : undefined;
  if (input.name !== undefined) await refuseTakenName(ctx, input.name, post.id);
  await ctx.trx
    .updateTable('service_posts')
    .set({
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.location !== undefined ? { location: input.location } : {}),
      ...(hours !== undefined ? { opening_hours: hours ? JSON.stringify(hours) : null } : {}),
      ...(services ? { services } : {}),
      ...(input.active !== undefined ? { active: input.active } : {}),
      updated_at: new Date(),
    })
    .where('id', '=', post.id)
    .execute();
  const [view] = await postViews(ctx, { ids: [post.id] });
  return view!;
}

/** servicePost.list: the posts with their upcoming shifts' places. */
export async function listServicePosts(ctx: TenantContext, input?: ListServicePostsInput): Promise<ServicePostView[]> {
  if (ctx.actor.role === 'enterprise_admin') return postViews(ctx, { activeOnly: true, ...(input?.stationId ? { stationId: input.stationId } : {}) });
  return postViews(ctx, { stations: stationScope(ctx.actor), ...(input?.stationId ? { stationId: input.stationId } : {}) });
}

async function postViews(ctx: TenantContext, where: { ids?: string[]; stationId?: string; stations?: readonly string[] | null; activeOnly?: boolean }): Promise<ServicePostView[]> {
  const today = localDate(new Date(), ctx.timezone);
  const posts = await ctx.trx
    .selectFrom('service_posts as p')
    .select((eb) => [
      'p.id',
      'p.station_id',
      'p.name',
      'p.location',
      'p.opening_hours',
      'p.services',
      'p.active',
      eb
        .selectFrom('duty_shifts as s')
        .select(sql<string>`json_build_object('shifts', count(*), 'places', coalesce(sum(s.places), 0), 'booked', coalesce(sum(s.booked), 0))::text`.as('u'))
        .whereRef('s.tenant_id', '=', 'p.tenant_id')
        .whereRef('s.post_id', '=', 'p.id')
        .where('s.shift_date', '>=', today)
        .where('s.status', '=', 'open')
        .as('upcoming'),
    ])
    .$if(where.ids !== undefined, (q) => q.where('p.id', 'in', where.ids!))
    .$if(where.stationId !== undefined, (q) => q.where('p.station_id', '=', where.stationId!))
    .$if(!!where.stations, (q) => q.where('p.station_id', 'in', where.stations!.length ? where.stations! : ['00000000-0000-0000-0000-000000000000']))
    .$if(!!where.activeOnly, (q) => q.where('p.active', '=', true))
    .orderBy('p.name')
    .execute();
  const stations = await stationNames(ctx);
  return posts.map((p) => {
    const u = JSON.parse(p.upcoming ?? '{"shifts":0,"places":0,"booked":0}') as { shifts: number; places: number; booked: number };
    const station = stations.get(p.station_id);
    return {
      id: p.id,
      stationId: p.station_id,
      stationName: station?.name ?? '',
      stationNameEn: station?.nameEn ?? null,
      name: p.name,
      location: p.location,
      openingHours: p.opening_hours,
      services: p.services,
      active: p.active,
      upcoming: { shifts: Number(u.shifts), places: Number(u.places), booked: Number(u.booked) },
    };
  });
}

/**
 * servicePost.issueCheckInCode: a QR code for the post, for the staff of its station (and
 * managers). The token is answered once: only its hash is kept.
 */
export async function issuePostCheckInCode(ctx: TenantContext, input: IssuePostCheckInCodeInput): Promise<IssuedPostCheckInCode> {
  const post = await requireDeskPost(ctx, input.id);
  if (!post.active) throw badRequest('errors.party.postInactive');
  const code = await issueCheckInCode(ctx, { subjectKind: 'service_post', subjectId: post.id, validMinutes: input.validMinutes });
  await repo.recordAudit(ctx.trx, { tenantId: ctx.tenantId, actorUserId: ctx.actor.userId, action: 'servicePost.checkInCodeIssued', subjectType: 'service_post', subjectId: post.id, data: { codeId: code.id, expiresAt: code.expiresAt } });
  return { token: code.token, path: checkInPath(code.token), expiresAt: code.expiresAt, postName: post.name };
}
