import { sql } from 'kysely';
import {
  AppError,
  badRequest,
  conflict,
  forbidden,
  noticeAudienceTarget,
  noticeChangeRefusal,
  noticeRecipientStatuses,
  notFound,
  type NoticeAudienceTarget,
  type NoticeStatus,
} from '@stationdesk/core';
import { jobs, noticeEmailJobId } from '@stationdesk/jobs';
import { keysetCursor, repo } from '@stationdesk/db';
import { translator } from '@stationdesk/i18n';
import { stationScope, type TenantContext } from '../context.ts';
import type {
  CreateNoticeInput,
  GetNoticeInput,
  GetNoticeOutput,
  ListNoticesInput,
  ListNoticesOutput,
  MarkNoticeReadInput,
  MarkNoticeReadOutput,
  NoticeSummary,
  NoticeVersion,
  PortalNoticeSummary,
  PublishNoticeInput,
  UpdateNoticeInput,
} from './notices.schema.ts';

type Db = TenantContext['trx'];

const newestFirst = keysetCursor('instant', 'id');
const NO_STATION = '00000000-0000-0000-0000-000000000000';
const iso = (v: string | Date) => new Date(v).toISOString();
/** A timestamptz to the microsecond (the cursor's sort key), ISO UTC. */
const micro = (expr: ReturnType<typeof sql>) => sql<string>`to_char(${expr} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** The desk: managers (every notice), staff (published and archived ones; receipts of their stations). Enterprise admins are refused. */
function requireDesk(ctx: TenantContext): readonly string[] | null {
  if (ctx.actor.role === 'enterprise_admin') throw forbidden('errors.roleNotAllowed');
  return stationScope(ctx.actor);
}

function requireManager(ctx: TenantContext): void {
  if (ctx.actor.role !== 'manager') throw forbidden('errors.roleNotAllowed');
}

/** The enterprise admin's own enterprise id (portal). */
function ownEnterpriseId(ctx: TenantContext): string {
  if (ctx.actor.scope.kind !== 'enterprise') throw forbidden('errors.roleNotAllowed');
  return ctx.actor.scope.enterpriseId;
}

/** Counts of recipients and receipts, limited to the stations' enterprises for station-scoped staff. */
function scopedCounts(stations: readonly string[] | null) {
  if (stations === null) {
    return {
      recipients: sql<string>`n.recipients::text`,
      read: sql<string>`(select count(*) from notice_receipts rc where rc.tenant_id = n.tenant_id and rc.notice_id = n.id)`,
    };
  }
  const ids = stations.length ? [...stations] : [NO_STATION];
  return {
    recipients: sql<string>`(select count(*) from notice_recipients r join enterprises e on e.tenant_id = r.tenant_id and e.id = r.enterprise_id
                               where r.tenant_id = n.tenant_id and r.notice_id = n.id and e.station_id = any(${ids}::uuid[]))`,
    read: sql<string>`(select count(*) from notice_receipts rc join enterprises e on e.tenant_id = rc.tenant_id and e.id = rc.enterprise_id
                         where rc.tenant_id = n.tenant_id and rc.notice_id = n.id and e.station_id = any(${ids}::uuid[]))`,
  };
}

function deskQuery(trx: Db, stations: readonly string[] | null) {
  const counts = scopedCounts(stations);
  return trx
    .selectFrom('notices as n')
    .leftJoin('stations as s', (j) => j.onRef('s.tenant_id', '=', 'n.tenant_id').onRef('s.id', '=', 'n.audience_station_id'))
    .leftJoin('tags as t', (j) => j.onRef('t.tenant_id', '=', 'n.tenant_id').onRef('t.id', '=', 'n.audience_tag_id'))
    .leftJoin('users as pb', 'pb.id', 'n.published_by')
    .select([
      'n.id',
      'n.title',
      'n.body',
      'n.effective_on',
      'n.audience',
      'n.audience_station_id',
      'n.audience_industry',
      'n.audience_tag_id',
      'n.status',
      'n.version',
      'n.created_at',
      'n.published_at',
      'pb.display_name as published_by_name',
      sql<string | null>`coalesce(s.name, n.audience_industry, t.name)`.as('audience_label'),
      micro(sql`coalesce(n.published_at, n.created_at)`).as('sort_at'),
      counts.recipients.as('recipient_count'),
      counts.read.as('read_count'),
    ]);
}
type DeskRow = Awaited<ReturnType<ReturnType<typeof deskQuery>['executeTakeFirstOrThrow']>>;

function summary(r: DeskRow): NoticeSummary {
  return {
    id: r.id,
    title: r.title,
    effectiveOn: r.effective_on,
    audience: r.audience,
    audienceLabel: r.audience_label,
    status: r.status,
    createdAt: iso(r.created_at),
    publishedAt: r.published_at ? iso(r.published_at) : null,
    recipients: Number(r.recipient_count),
    read: Number(r.read_count),
  };
}

function portalQuery(trx: Db, enterpriseId: string) {
  return trx
    .selectFrom('notice_recipients as r')
    .innerJoin('notices as n', (j) => j.onRef('n.tenant_id', '=', 'r.tenant_id').onRef('n.id', '=', 'r.notice_id'))
    .leftJoin('notice_receipts as rc', (j) => j.onRef('rc.tenant_id', '=', 'r.tenant_id').onRef('rc.notice_id', '=', 'r.notice_id').onRef('rc.enterprise_id', '=', 'r.enterprise_id'))
    .select(['n.id', 'n.title', 'n.body', 'n.effective_on', 'n.published_at', 'rc.read_at', micro(sql`n.published_at`).as('sort_at')])
    .where('r.enterprise_id', '=', enterpriseId)
    .where('n.status', '=', 'published');
}
type PortalRow = Awaited<ReturnType<ReturnType<typeof portalQuery>['executeTakeFirstOrThrow']>>;

function portalSummary(r: PortalRow): PortalNoticeSummary {
  return { audience: 'portal', id: r.id, title: r.title, effectiveOn: r.effective_on, publishedAt: iso(r.published_at!), readAt: r.read_at ? iso(r.read_at) : null };
}

/**
 * The notices an enterprise received and has not yet read — what the portal home counts. For the
 * portal home (issue 22): `unreadNoticeCount(ctx)` as the enterprise admin.
 */
export async function unreadNoticeCount(ctx: TenantContext): Promise<number> {
  const enterpriseId = ownEnterpriseId(ctx);
  const row = await portalQuery(ctx.trx, enterpriseId)
    .clearSelect()
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('rc.read_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * The enterprise admin's notices, newest first, with its unread count: the portal list, and what
 * the portal home shows as new notices (`listNoticesForEnterprise(ctx, { limit: 5 })`).
 */
export async function listNoticesForEnterprise(
  ctx: TenantContext,
  input: { unread?: boolean | undefined; cursor?: string | undefined; limit?: number | undefined; q?: string | undefined } = {},
): Promise<{ audience: 'portal'; items: PortalNoticeSummary[]; nextCursor: string | null; unread: number }> {
  const enterpriseId = ownEnterpriseId(ctx);
  const limit = input.limit ?? 20;
  const after = input.cursor ? newestFirst.decode(input.cursor) : null;
  const rows = await portalQuery(ctx.trx, enterpriseId)
    .$if(Boolean(input.unread), (q) => q.where('rc.read_at', 'is', null))
    .$if(Boolean(input.q), (q) => q.where('n.title', 'ilike', `%${escapeLike(input.q!)}%`))
    .$if(after !== null, (q) => q.where(sql<boolean>`(n.published_at, n.id) < (${after![0]}::timestamptz, ${after![1]}::uuid)`))
    .orderBy('n.published_at', 'desc')
    .orderBy('n.id', 'desc')
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    audience: 'portal',
    items: page.map(portalSummary),
    nextCursor: rows.length > limit && last ? newestFirst.encode([last.sort_at, last.id]) : null,
    unread: await unreadNoticeCount(ctx),
  };
}

const escapeLike = (v: string) => v.replace(/[\\%_]/g, (c) => `\\${c}`);

/** notice.list: the desk's notices (staff: not the drafts), or the portal's (the enterprise's received ones). */
export async function listNotices(ctx: TenantContext, input?: ListNoticesInput): Promise<ListNoticesOutput> {
  if (ctx.actor.role === 'enterprise_admin') return listNoticesForEnterprise(ctx, input ?? {});
  const stations = requireDesk(ctx);
  const limit = input?.limit ?? 30;
  const after = input?.cursor ? newestFirst.decode(input.cursor) : null;
  const rows = await deskQuery(ctx.trx, stations)
    .$if(ctx.actor.role !== 'manager', (q) => q.where('n.status', '<>', 'draft'))
    .$if(Boolean(input?.status), (q) => q.where('n.status', '=', input!.status!))
    .$if(Boolean(input?.q), (q) => q.where('n.title', 'ilike', `%${escapeLike(input!.q!)}%`))
    .$if(after !== null, (q) => q.where(sql<boolean>`(coalesce(n.published_at, n.created_at), n.id) < (${after![0]}::timestamptz, ${after![1]}::uuid)`))
    .orderBy(sql`coalesce(n.published_at, n.created_at)`, 'desc')
    .orderBy('n.id', 'desc')
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return { audience: 'desk', items: page.map(summary), nextCursor: rows.length > limit && last ? newestFirst.encode([last.sort_at, last.id]) : null };
}

/** A notice the desk may see (staff: not a draft), else NOT_FOUND. `lock` takes the row for the transaction. */
export async function requireDeskNotice(ctx: TenantContext, id: string, opts: { lock?: boolean } = {}): Promise<DeskRow> {
  const stations = requireDesk(ctx);
  if (opts.lock) await ctx.trx.selectFrom('notices').select('id').where('id', '=', id).forUpdate().executeTakeFirst();
  const row = await deskQuery(ctx.trx, stations)
    .where('n.id', '=', id)
    .$if(ctx.actor.role !== 'manager', (q) => q.where('n.status', '<>', 'draft'))
    .executeTakeFirst();
  if (!row) throw notFound('errors.notice.notFound');
  return row;
}

async function attachmentsOf(trx: Db, noticeId: string) {
  const rows = await trx
    .selectFrom('notice_files as nf')
    .innerJoin('files as f', (j) => j.onRef('f.tenant_id', '=', 'nf.tenant_id').onRef('f.id', '=', 'nf.file_id'))
    .select(['f.id', 'f.original_name', 'f.content_type', 'f.size_bytes'])
    .where('nf.notice_id', '=', noticeId)
    .orderBy('nf.position')
    .execute();
  return rows.map((f) => ({ fileId: f.id, name: f.original_name, contentType: f.content_type, size: Number(f.size_bytes) }));
}

/** notice.get: the notice with its audience and receipt counts (desk), or as the enterprise received it (portal: NOT_FOUND unless it did). */
export async function getNotice(ctx: TenantContext, input: GetNoticeInput): Promise<GetNoticeOutput> {
  if (ctx.actor.role === 'enterprise_admin') {
    const row = await portalQuery(ctx.trx, ownEnterpriseId(ctx)).where('n.id', '=', input.id).executeTakeFirst();
    if (!row) throw notFound('errors.notice.notFound');
    return { ...portalSummary(row), body: row.body, attachments: await attachmentsOf(ctx.trx, row.id) };
  }
  const r = await requireDeskNotice(ctx, input.id);
  return {
    ...summary(r),
    body: r.body,
    attachments: await attachmentsOf(ctx.trx, r.id),
    version: r.version,
    audienceStationId: r.audience_station_id,
    audienceIndustry: r.audience_industry,
    audienceTagId: r.audience_tag_id,
    publishedByName: r.published_by_name,
  };
}

/** The audience's station or tag must be this tenant's (another tenant's is invisible here: refused, nothing written). */
async function checkAudience(ctx: TenantContext, target: NoticeAudienceTarget): Promise<void> {
  if (target.stationId) {
    const s = await ctx.trx.selectFrom('stations').select('id').where('id', '=', target.stationId).executeTakeFirst();
    if (!s) throw badRequest('errors.notice.stationNotFound');
  }
  if (target.tagId) {
    const t = await ctx.trx.selectFrom('tags').select('id').where('id', '=', target.tagId).executeTakeFirst();
    if (!t) throw badRequest('errors.notice.tagNotFound');
  }
}

/** Attachments: uploaded files of this tenant (purpose attachment), each once. */
async function setAttachments(ctx: TenantContext, noticeId: string, fileIds: readonly string[]): Promise<void> {
  const ids = [...new Set(fileIds)];
  if (ids.length) {
    const files = await ctx.trx.selectFrom('files').select('id').where('id', 'in', ids).where('purpose', '=', 'attachment').execute();
    if (files.length !== ids.length) throw badRequest('errors.notice.attachmentNotFound');
  }
  await ctx.trx.deleteFrom('notice_files').where('notice_id', '=', noticeId).execute();
  if (ids.length) {
    await ctx.trx
      .insertInto('notice_files')
      .values(ids.map((fileId, position) => ({ tenant_id: ctx.tenantId, notice_id: noticeId, file_id: fileId, position })))
      .execute();
  }
}

/** notice.create: a draft, by a manager. */
export async function createNotice(ctx: TenantContext, input: Omit<CreateNoticeInput, 'idempotencyKey'>): Promise<{ id: string; version: number }> {
  requireManager(ctx);
  const target = noticeAudienceTarget({ audience: input.audience, stationId: input.audienceStationId ?? null, industry: input.audienceIndustry ?? null, tagId: input.audienceTagId ?? null });
  await checkAudience(ctx, target);
  const row = await ctx.trx
    .insertInto('notices')
    .values({
      tenant_id: ctx.tenantId,
      title: input.title,
      body: input.body,
      effective_on: input.effectiveOn ?? null,
      audience: target.audience,
      audience_station_id: target.stationId,
      audience_industry: target.industry,
      audience_tag_id: target.tagId,
      created_by: ctx.actor.userId,
    })
    .returning(['id', 'version'])
    .executeTakeFirstOrThrow();
  if (input.attachmentFileIds?.length) await setAttachments(ctx, row.id, input.attachmentFileIds);
  return { id: row.id, version: row.version };
}

function refuseChange(status: NoticeStatus, change: 'update' | 'publish' | 'archive') {
  const key = noticeChangeRefusal(status, change);
  if (key) throw new AppError('CONFLICT', key);
}

/** notice.update: a draft's fields at the version read. */
export async function updateNotice(ctx: TenantContext, input: UpdateNoticeInput): Promise<NoticeVersion> {
  requireManager(ctx);
  const n = await requireDeskNotice(ctx, input.id, { lock: true });
  if (n.version !== input.version) throw conflict('errors.notice.versionConflict');
  refuseChange(n.status, 'update');
  const audience = input.audience ?? n.audience;
  const target = noticeAudienceTarget({
    audience,
    stationId: input.audienceStationId !== undefined ? input.audienceStationId : n.audience_station_id,
    industry: input.audienceIndustry !== undefined ? input.audienceIndustry : n.audience_industry,
    tagId: input.audienceTagId !== undefined ? input.audienceTagId : n.audience_tag_id,
  });
  await checkAudience(ctx, target);
  const row = await ctx.trx
    .updateTable('notices')
    .set({
      ...(input.title !== undefined ? { title: input.title } : {}),
      ...(input.body !== undefined ? { body: input.body } : {}),
      ...(input.effectiveOn !== undefined ? { effective_on: input.effectiveOn } : {}),
      audience: target.audience,
      audience_station_id: target.stationId,
      audience_industry: target.industry,
      audience_tag_id: target.tagId,
      version: sql<number>`version + 1`,
      updated_at: new Date(),
    })
    .where('id', '=', n.id)
    .returning(['id', 'version', 'status', 'recipients'])
    .executeTakeFirstOrThrow();
  if (input.attachmentFileIds !== undefined) await setAttachments(ctx, n.id, input.attachmentFileIds);
  return row;
}

/** The enterprises of the audience, as SQL over `enterprises e` (the same rule as core's inNoticeAudience). */
function audienceCondition(target: NoticeAudienceTarget) {
  switch (target.audience) {
    case 'all':
      return sql<boolean>`true`;
    case 'station':
      return sql<boolean>`e.station_id = ${target.stationId}::uuid`;
    case 'industry':
      return sql<boolean>`btrim(e.industry) = ${target.industry}`;
    case 'tag':
      return sql<boolean>`exists (select 1 from enterprise_tags et where et.tenant_id = e.tenant_id and et.enterprise_id = e.id and et.tag_id = ${target.tagId}::uuid)`;
  }
}

/**
 * notice.publish: the audience resolved into the recipients (one INSERT…SELECT, frozen from now
 * on), an inbox note to every active admin of every recipient enterprise in their language (one
 * INSERT…SELECT), and the e-mail handed to the worker (thousands of recipients must not hold the
 * request). An audience with no enterprise is refused, nothing written.
 */
export async function publishNotice(ctx: TenantContext, input: PublishNoticeInput): Promise<NoticeVersion> {
  requireManager(ctx);
  const n = await requireDeskNotice(ctx, input.id, { lock: true });
  if (n.version !== input.version) throw conflict('errors.notice.versionConflict');
  refuseChange(n.status, 'publish');
  const target: NoticeAudienceTarget = { audience: n.audience, stationId: n.audience_station_id, industry: n.audience_industry, tagId: n.audience_tag_id };
  await checkAudience(ctx, target);
  const inserted = await sql<{ n: string }>`
    with ins as (
      insert into notice_recipients (tenant_id, notice_id, enterprise_id)
      select e.tenant_id, ${n.id}::uuid, e.id from enterprises e
       where e.tenant_id = ${ctx.tenantId}::uuid and e.status = any(${[...noticeRecipientStatuses]}::text[]) and ${audienceCondition(target)}
      on conflict do nothing
      returning 1
    ) select count(*) as n from ins`.execute(ctx.trx);
  const recipients = Number(inserted.rows[0]?.n ?? 0);
  if (recipients === 0) throw badRequest('errors.notice.noRecipients');
  const row = await ctx.trx
    .updateTable('notices')
    .set({ status: 'published', published_at: new Date(), published_by: ctx.actor.userId, recipients, version: sql<number>`version + 1`, updated_at: new Date() })
    .where('id', '=', n.id)
    .returning(['id', 'version', 'status', 'recipients'])
    .executeTakeFirstOrThrow();
  const zh = translator('zh-CN');
  const en = translator('en');
  const params = { title: n.title };
  const items = JSON.stringify([{ id: n.id, title: n.title, link: `/portal/notices/${n.id}` }]);
  await sql`
    insert into notifications (tenant_id, user_id, kind, title, body, items)
    select distinct on (m.user_id) m.tenant_id, m.user_id, 'notice_published',
           case when u.locale = 'en' then ${en('notices.inbox.title', params)} else ${zh('notices.inbox.title', params)} end,
           case when u.locale = 'en' then ${en('notices.inbox.body', params)} else ${zh('notices.inbox.body', params)} end,
           ${items}::jsonb
      from notice_recipients r
      join memberships m on m.tenant_id = r.tenant_id and m.enterprise_id = r.enterprise_id and m.role = 'enterprise_admin' and m.deactivated_at is null
      join users u on u.id = m.user_id
     where r.tenant_id = ${ctx.tenantId}::uuid and r.notice_id = ${n.id}::uuid
     order by m.user_id`.execute(ctx.trx);
  await repo.recordAudit(ctx.trx, {
    tenantId: ctx.tenantId,
    actorUserId: ctx.actor.userId,
    action: 'notice.published',
    subjectType: 'notice',
    subjectId: n.id,
    data: { title: n.title, audience: target.audience, recipients },
    ip: ctx.actor.ip,
  });
  const queue = ctx.queue;
  if (queue && ctx.afterCommit) {
    ctx.afterCommit(() => queue.enqueue(jobs.noticeEmails, { tenantId: ctx.tenantId, noticeId: n.id }, { jobId: noticeEmailJobId(n.id) }));
  }
  return row;
}

/** notice.archive: a published notice leaves the portal; its recipients and receipts stay. */
export async function archiveNotice(ctx: TenantContext, input: PublishNoticeInput): Promise<NoticeVersion> {
  requireManager(ctx);
  const n = await requireDeskNotice(ctx, input.id, { lock: true });
  if (n.version !== input.version) throw conflict('errors.notice.versionConflict');
  refuseChange(n.status, 'archive');
  const row = await ctx.trx
    .updateTable('notices')
    .set({ status: 'archived', archived_at: new Date(), version: sql<number>`version + 1`, updated_at: new Date() })
    .where('id', '=', n.id)
    .returning(['id', 'version', 'status', 'recipients'])
    .executeTakeFirstOrThrow();
  await repo.recordAudit(ctx.trx, { tenantId: ctx.tenantId, actorUserId: ctx.actor.userId, action: 'notice.archived', subjectType: 'notice', subjectId: n.id, ip: ctx.actor.ip });
  return row;
}

/**
 * notice.markRead: the admin's enterprise has read the notice. One receipt per enterprise — the
 * first admin's read counts; a second read, by them or a colleague, or a double submit, changes
 * nothing. A notice the enterprise did not receive is NOT_FOUND.
 */
export async function markNoticeRead(ctx: TenantContext, input: MarkNoticeReadInput): Promise<MarkNoticeReadOutput> {
  if (ctx.actor.role !== 'enterprise_admin') throw forbidden('errors.roleNotAllowed');
  const enterpriseId = ownEnterpriseId(ctx);
  const received = await portalQuery(ctx.trx, enterpriseId).where('n.id', '=', input.id).executeTakeFirst();
  if (!received) throw notFound('errors.notice.notFound');
  if (received.read_at) return { readAt: iso(received.read_at), first: false };
  const row = await ctx.trx
    .insertInto('notice_receipts')
    .values({ tenant_id: ctx.tenantId, notice_id: input.id, enterprise_id: enterpriseId, read_by: ctx.actor.userId })
    .onConflict((oc) => oc.columns(['tenant_id', 'notice_id', 'enterprise_id']).doNothing())
    .returning('read_at')
    .executeTakeFirst();
  if (row) return { readAt: iso(row.read_at), first: true };
  // A colleague's read committed in between: theirs counts.
  const theirs = await ctx.trx.selectFrom('notice_receipts').select('read_at').where('notice_id', '=', input.id).where('enterprise_id', '=', enterpriseId).executeTakeFirstOrThrow();
  return { readAt: iso(theirs.read_at), first: false };
}
