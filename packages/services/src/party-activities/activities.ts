import { sql } from 'kysely';
import { activityCapacityRefusal, activityScheduleProblem, AppError, badRequest, conflict, notFound, type ActivityRefusal } from '@stationdesk/core';
import type { TenantContext } from '../context.ts';
import { ownEnterprise, requireActivityDesk, type EnterpriseAudience } from './access.ts';
import { notifyEnterprises } from './notify.ts';
import { promoteWaitlist } from './waitlist.ts';
import type {
  ActivityDetail,
  ActivityList,
  ActivityVersion,
  ActivityView,
  CancelActivityInput,
  CreateActivityInput,
  GetActivityInput,
  ListActivitiesInput,
  PublishActivityInput,
  UpdateActivityInput,
} from './activities.schema.ts';

export const refuse = (r: ActivityRefusal | null, code: 'BAD_REQUEST' | 'CONFLICT' = 'BAD_REQUEST') => {
  if (r) throw new AppError(code, r.key, r.params);
};

const iso = (v: string | Date) => new Date(v).toISOString();

type Db = TenantContext['trx'];

function activityQuery(trx: Db) {
  return trx
    .selectFrom('party_activities as a')
    .innerJoin('stations as s', (j) => j.onRef('s.tenant_id', '=', 'a.tenant_id').onRef('s.id', '=', 'a.station_id'))
    .leftJoin('service_posts as p', (j) => j.onRef('p.tenant_id', '=', 'a.tenant_id').onRef('p.id', '=', 'a.post_id'))
    .select([
      'a.id',
      'a.station_id',
      's.name as station_name',
      'a.title',
      'a.kind',
      'a.starts_at',
      'a.ends_at',
      'a.post_id',
      'p.name as post_name',
      'a.place',
      'a.capacity',
      'a.confirmed',
      'a.audience',
      'a.audience_station_id',
      'a.audience_tag_id',
      'a.sign_up_opens_at',
      'a.sign_up_closes_at',
      'a.cancel_deadline',
      'a.description',
      'a.poster_file_id',
      'a.status',
      'a.version',
    ])
    .select((eb) =>
      eb
        .selectFrom('activity_participants as w')
        .select(eb.fn.countAll<string>().as('n'))
        .whereRef('w.activity_id', '=', 'a.id')
        .where('w.status', '=', 'waitlisted')
        .as('waitlisted'),
    );
}
type ActivityRow = Awaited<ReturnType<ReturnType<typeof activityQuery>['executeTakeFirstOrThrow']>>;

function view(r: ActivityRow, mine: ActivityView['mine']): ActivityView {
  return {
    id: r.id,
    stationId: r.station_id,
    stationName: r.station_name,
    title: r.title,
    kind: r.kind,
    startsAt: iso(r.starts_at),
    endsAt: iso(r.ends_at),
    postId: r.post_id,
    postName: r.post_name,
    place: r.place,
    capacity: r.capacity,
    confirmed: r.confirmed,
    waitlisted: Number(r.waitlisted ?? 0),
    audience: r.audience,
    audienceStationId: r.audience_station_id,
    audienceTagId: r.audience_tag_id,
    signUpOpensAt: iso(r.sign_up_opens_at),
    signUpClosesAt: iso(r.sign_up_closes_at),
    cancelDeadline: iso(r.cancel_deadline),
    description: r.description,
    posterFileId: r.poster_file_id,
    status: r.status,
    version: r.version,
    mine,
  };
}

/** Published activities whose audience takes the enterprise in. */
function audienceFilter(e: EnterpriseAudience) {
  return sql<boolean>`(a.status = 'published' and (a.audience = 'tenant' or (a.audience = 'station' and a.audience_station_id = ${e.stationId}) or (a.audience = 'tag' and a.audience_tag_id = any(${e.tagIds}::uuid[]))))`;
}

/** Each activity's own people of one enterprise: confirmed and waitlisted. */
async function mineOf(ctx: TenantContext, enterpriseId: string, ids: readonly string[]): Promise<Map<string, { confirmed: number; waitlisted: number }>> {
  if (ids.length === 0) return new Map();
  const rows = await ctx.trx
    .selectFrom('activity_participants')
    .select(['activity_id', 'status', (eb) => eb.fn.countAll<string>().as('n')])
    .where('enterprise_id', '=', enterpriseId)
    .where('activity_id', 'in', [...ids])
    .where('status', '<>', 'cancelled')
    .groupBy(['activity_id', 'status'])
    .execute();
  const out = new Map<string, { confirmed: number; waitlisted: number }>();
  for (const r of rows) {
    const m = out.get(r.activity_id) ?? { confirmed: 0, waitlisted: 0 };
    if (r.status === 'confirmed') m.confirmed = Number(r.n);
    else m.waitlisted = Number(r.n);
    out.set(r.activity_id, m);
  }
  return out;
}

/** activity.list: the desk's activities (staff: their stations'), or the published ones open to the admin's enterprise. */
export async function listActivities(ctx: TenantContext, input?: ListActivitiesInput): Promise<ActivityList> {
  const enterprise = ctx.actor.role === 'enterprise_admin' ? await ownEnterprise(ctx) : null;
  let q = activityQuery(ctx.trx);
  if (enterprise) {
    q = q.where(audienceFilter(enterprise));
  } else {
    const stations = requireActivityDesk(ctx);
    if (stations) q = q.where('a.station_id', 'in', stations.length ? [...stations] : ['00000000-0000-0000-0000-000000000000']);
    if (input?.status) q = q.where('a.status', '=', input.status);
  }
  if (input?.stationId) q = q.where('a.station_id', '=', input.stationId);
  if (input?.when === 'upcoming') q = q.where('a.ends_at', '>', new Date().toISOString());
  if (input?.when === 'past') q = q.where('a.ends_at', '<=', new Date().toISOString());
  const rows = await q
    .orderBy('a.starts_at', input?.when === 'upcoming' ? 'asc' : 'desc')
    .orderBy('a.id')
    .limit(input?.limit ?? 100)
    .execute();
  const mine = enterprise
    ? await mineOf(
        ctx,
        enterprise.enterpriseId,
        rows.map((r) => r.id),
      )
    : null;
  return { activities: rows.map((r) => view(r, mine ? (mine.get(r.id) ?? { confirmed: 0, waitlisted: 0 }) : null)) };
}

/**
 * An activity the actor may see — the desk: of its stations; an enterprise admin: published and
 * open to its enterprise — else NOT_FOUND, as if it did not exist. `lock` takes the row for the
 * transaction: every change of `confirmed` goes through it.
 */
export async function requireActivity(ctx: TenantContext, id: string, opts: { lock?: boolean; enterprise?: EnterpriseAudience | null } = {}): Promise<ActivityRow> {
  if (opts.lock) await ctx.trx.selectFrom('party_activities').select('id').where('id', '=', id).forUpdate().executeTakeFirst();
  let q = activityQuery(ctx.trx).where('a.id', '=', id);
  if (ctx.actor.role === 'enterprise_admin') {
    const e = opts.enterprise ?? (await ownEnterprise(ctx));
    q = q.where(audienceFilter(e));
  } else {
    const stations = requireActivityDesk(ctx);
    if (stations) q = q.where('a.station_id', 'in', stations.length ? [...stations] : ['00000000-0000-0000-0000-000000000000']);
  }
  const row = await q.executeTakeFirst();
  if (!row) throw notFound('errors.activity.notFound');
  return row;
}

/** activity.get: the activity, its attendance and its feedback. */
export async function getActivity(ctx: TenantContext, input: GetActivityInput): Promise<ActivityDetail> {
  const enterprise = ctx.actor.role === 'enterprise_admin' ? await ownEnterprise(ctx) : null;
  const row = await requireActivity(ctx, input.id, { enterprise });
  const [attended, feedback] = await Promise.all([
    ctx.trx
      .selectFrom('activity_participants')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('activity_id', '=', row.id)
      .where('status', '=', 'confirmed')
      .where('checked_in_at', 'is not', null)
      .$if(enterprise !== null, (qb) => qb.where('enterprise_id', '=', enterprise!.enterpriseId))
      .executeTakeFirstOrThrow(),
    ctx.trx
      .selectFrom('activity_feedback')
      .select((eb) => [eb.fn.countAll<string>().as('n'), eb.fn.avg<string | null>('rating').as('avg')])
      .where('activity_id', '=', row.id)
      .executeTakeFirstOrThrow(),
  ]);
  const mine = enterprise ? ((await mineOf(ctx, enterprise.enterpriseId, [row.id])).get(row.id) ?? { confirmed: 0, waitlisted: 0 }) : null;
  return {
    ...view(row, mine),
    attended: Number(attended.n),
    feedback: { count: Number(feedback.n), average: feedback.avg === null ? null : Math.round(Number(feedback.avg) * 10) / 10 },
  };
}

interface Fields {
  stationId: string;
  startsAt: string;
  endsAt: string;
  postId: string | null;
  place: string | null;
  audience: 'tenant' | 'station' | 'tag';
  audienceStationId: string | null;
  audienceTagId: string | null;
  signUpOpensAt: string;
  signUpClosesAt: string;
  cancelDeadline: string;
  posterFileId: string | null;
}

/** What the fields must hold together: times, a place or a post of the station, the audience's station or tag, a poster that is an image. */
async function checkFields(ctx: TenantContext, f: Fields, stations: readonly string[] | null): Promise<void> {
  if (stations && !stations.includes(f.stationId)) throw notFound('errors.activity.stationNotFound');
  refuse(
    activityScheduleProblem({
      startsAt: new Date(f.startsAt),
      endsAt: new Date(f.endsAt),
      signUpOpensAt: new Date(f.signUpOpensAt),
      signUpClosesAt: new Date(f.signUpClosesAt),
      cancelDeadline: new Date(f.cancelDeadline),
    }),
  );
  if (!f.postId && !f.place) throw badRequest('errors.activity.placeRequired');
  if (f.postId) {
    const post = await ctx.trx.selectFrom('service_posts').select(['id', 'station_id']).where('id', '=', f.postId).executeTakeFirst();
    if (!post || (stations && !stations.includes(post.station_id))) throw badRequest('errors.activity.postNotFound');
  }
  if (f.audience === 'station') {
    if (!f.audienceStationId) throw badRequest('errors.activity.audienceStationRequired');
    const s = await ctx.trx.selectFrom('stations').select('id').where('id', '=', f.audienceStationId).executeTakeFirst();
    if (!s) throw badRequest('errors.activity.stationNotFound');
  }
  if (f.audience === 'tag') {
    if (!f.audienceTagId) throw badRequest('errors.activity.audienceTagRequired');
    const tag = await ctx.trx.selectFrom('tags').select('id').where('id', '=', f.audienceTagId).executeTakeFirst();
    if (!tag) throw badRequest('errors.activity.tagNotFound');
  }
  if (f.posterFileId) {
    // The file's type was read from its content when it was uploaded (packages/storage sniffing), never from its name.
    const file = await ctx.trx.selectFrom('files').select(['id', 'content_type']).where('id', '=', f.posterFileId).executeTakeFirst();
    if (!file) throw badRequest('errors.activity.posterNotFound');
    if (!file.content_type.startsWith('image/')) throw badRequest('errors.activity.posterNotImage');
  }
}

/** activity.create: a draft at one of the actor's stations. */
export async function createActivity(ctx: TenantContext, input: CreateActivityInput): Promise<{ id: string }> {
  const stations = requireActivityDesk(ctx);
  const fields: Fields = {
    stationId: input.stationId,
    startsAt: input.startsAt,
    endsAt: input.endsAt,
    postId: input.postId ?? null,
    place: input.place ?? null,
    audience: input.audience,
    audienceStationId: input.audience === 'station' ? (input.audienceStationId ?? null) : null,
    audienceTagId: input.audience === 'tag' ? (input.audienceTagId ?? null) : null,
    signUpOpensAt: input.signUpOpensAt,
    signUpClosesAt: input.signUpClosesAt,
    cancelDeadline: input.cancelDeadline,
    posterFileId: input.posterFileId ?? null,
  };
  await checkFields(ctx, fields, stations);
  const row = await ctx.trx
    .insertInto('party_activities')
    .values({
      tenant_id: ctx.tenantId,
      station_id: fields.stationId,
      title: input.title,
      kind: input.kind,
      starts_at: fields.startsAt,
      ends_at: fields.endsAt,
      post_id: fields.postId,
      place: fields.place,
      capacity: input.capacity,
      audience: fields.audience,
      audience_station_id: fields.audienceStationId,
      audience_tag_id: fields.audienceTagId,
      sign_up_opens_at: fields.signUpOpensAt,
      sign_up_closes_at: fields.signUpClosesAt,
      cancel_deadline: fields.cancelDeadline,
      description: input.description ?? '',
      poster_file_id: fields.posterFileId,
      created_by: ctx.actor.userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id };
}

/**
 * activity.update: the fields sent, at the version read. The row is locked: a capacity below the
 * people confirmed by then is refused with their count; a capacity raised lets the waitlist move up.
 */
export async function updateActivity(ctx: TenantContext, input: UpdateActivityInput): Promise<ActivityVersion> {
  const stations = requireActivityDesk(ctx);
  const a = await requireActivity(ctx, input.id, { lock: true });
  if (a.version !== input.version) throw conflict('errors.activity.versionConflict');
  if (a.status === 'cancelled') throw badRequest('errors.activity.cancelled');
  const audience = input.audience ?? a.audience;
  const fields: Fields = {
    stationId: a.station_id,
    startsAt: input.startsAt ?? iso(a.starts_at),
    endsAt: input.endsAt ?? iso(a.ends_at),
    postId: input.postId !== undefined ? input.postId : a.post_id,
    place: input.place !== undefined ? input.place : a.place,
    audience,
    audienceStationId: audience === 'station' ? (input.audienceStationId !== undefined ? input.audienceStationId : a.audience_station_id) : null,
    audienceTagId: audience === 'tag' ? (input.audienceTagId !== undefined ? input.audienceTagId : a.audience_tag_id) : null,
    signUpOpensAt: input.signUpOpensAt ?? iso(a.sign_up_opens_at),
    signUpClosesAt: input.signUpClosesAt ?? iso(a.sign_up_closes_at),
    cancelDeadline: input.cancelDeadline ?? iso(a.cancel_deadline),
    posterFileId: input.posterFileId !== undefined ? input.posterFileId : a.poster_file_id,
  };
  await checkFields(ctx, fields, stations);
  if (input.capacity !== undefined) refuse(activityCapacityRefusal(input.capacity, a.confirmed), 'CONFLICT');
  const row = await ctx.trx
    .updateTable('party_activities')
    .set({
      ...(input.title !== undefined ? { title: input.title } : {}),
      ...(input.kind !== undefined ? { kind: input.kind } : {}),
      ...(input.capacity !== undefined ? { capacity: input.capacity } : {}),
      ...(input.description !== undefined ? { description: input.description } : {}),
      starts_at: fields.startsAt,
      ends_at: fields.endsAt,
      post_id: fields.postId,
      place: fields.place,
      audience: fields.audience,
      audience_station_id: fields.audienceStationId,
      audience_tag_id: fields.audienceTagId,
      sign_up_opens_at: fields.signUpOpensAt,
      sign_up_closes_at: fields.signUpClosesAt,
      cancel_deadline: fields.cancelDeadline,
      poster_file_id: fields.posterFileId,
      version: sql<number>`version + 1`,
      updated_at: new Date(),
    })
    .where('id', '=', a.id)
    .returning(['id', 'version', 'status', 'capacity', 'confirmed'])
    .executeTakeFirstOrThrow();
  // Times moved on a published activity: the enterprises with confirmed people hear of it.
  const moved = new Date(fields.startsAt).getTime() !== new Date(a.starts_at).getTime() || new Date(fields.endsAt).getTime() !== new Date(a.ends_at).getTime();
  if (moved && row.status === 'published') {
    const going = await ctx.trx.selectFrom('activity_participants').select('enterprise_id').distinct().where('activity_id', '=', a.id).where('status', '=', 'confirmed').execute();
    const at = (v: string) => new Intl.DateTimeFormat('sv-SE', { timeZone: ctx.timezone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).format(new Date(v));
    const title = input.title ?? a.title;
    await notifyEnterprises(
      ctx,
      going.map((g) => g.enterprise_id),
      { kind: 'activity_rescheduled', titleKey: 'activities.inbox.rescheduledTitle', bodyKey: 'activities.inbox.rescheduledBody', params: { title, starts: at(fields.startsAt), ends: at(fields.endsAt) }, activityId: a.id, title },
    );
  }
  if (row.capacity > a.capacity && row.status === 'published') {
    const promoted = await promoteWaitlist(ctx, { id: a.id, title: a.title, capacity: row.capacity, confirmed: row.confirmed });
    return { id: row.id, version: row.version, status: row.status, capacity: row.capacity, confirmed: row.confirmed + promoted.length };
  }
  return { id: row.id, version: row.version, status: row.status, capacity: row.capacity, confirmed: row.confirmed };
}

/** activity.publish: a draft becomes visible to its audience. */
export async function publishActivity(ctx: TenantContext, input: PublishActivityInput): Promise<ActivityVersion> {
  requireActivityDesk(ctx);
  const a = await requireActivity(ctx, input.id, { lock: true });
  if (a.version !== input.version) throw conflict('errors.activity.versionConflict');
  if (a.status !== 'draft') throw badRequest('errors.activity.notDraft');
  if (new Date(a.ends_at).getTime() <= Date.now()) throw badRequest('errors.activity.alreadyOver');
  const row = await ctx.trx
    .updateTable('party_activities')
    .set({ status: 'published', published_at: new Date(), version: sql<number>`version + 1`, updated_at: new Date() })
    .where('id', '=', a.id)
    .returning(['id', 'version', 'status', 'capacity', 'confirmed'])
    .executeTakeFirstOrThrow();
  return { id: row.id, version: row.version, status: row.status, capacity: row.capacity, confirmed: row.confirmed };
}

/** activity.cancel: called off with a reason; the enterprises with people on it are told in their inbox. */
export async function cancelActivity(ctx: TenantContext, input: CancelActivityInput): Promise<ActivityVersion> {
  requireActivityDesk(ctx);
  const a = await requireActivity(ctx, input.id, { lock: true });
  if (a.version !== input.version) throw conflict('errors.activity.versionConflict');
  if (a.status === 'cancelled') throw badRequest('errors.activity.cancelled');
  const row = await ctx.trx
    .updateTable('party_activities')
    .set({ status: 'cancelled', cancel_reason: input.reason, version: sql<number>`version + 1`, updated_at: new Date() })
    .where('id', '=', a.id)
    .returning(['id', 'version', 'status', 'capacity', 'confirmed'])
    .executeTakeFirstOrThrow();
  if (a.status === 'published') {
    const enterprises = await ctx.trx.selectFrom('activity_participants').select('enterprise_id').distinct().where('activity_id', '=', a.id).where('status', '<>', 'cancelled').execute();
    await notifyEnterprises(
      ctx,
      enterprises.map((e) => e.enterprise_id),
      { kind: 'activity_cancelled', titleKey: 'activities.inbox.cancelledTitle', bodyKey: 'activities.inbox.cancelledBody', params: { title: a.title, reason: input.reason }, activityId: a.id, title: a.title },
    );
  }
  return { id: row.id, version: row.version, status: row.status, capacity: row.capacity, confirmed: row.confirmed };
}
