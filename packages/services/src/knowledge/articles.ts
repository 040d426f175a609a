import { sql, type SqlBool } from 'kysely';
import {
  badRequest,
  conflict,
  draftFromAnswer,
  forbidden,
  isRelevantMatch,
  matchScore,
  normalizeTags,
  notFound,
  questionGrams,
  searchGrams,
  SUGGESTIONS_MAX,
  type ArticleStatus,
  type KnowledgeCategory,
} from '@stationdesk/core';
import { cursorInstant, keysetCursor, type Tx } from '@stationdesk/db';
import type { TenantContext } from '../context.ts';
import { excerptOf, renderMarkdown } from './render.ts';
import type {
  ArticleRevisionsInput,
  ArticleRevisionsOutput,
  ArticleRow,
  ArticleView,
  CreateArticleInput,
  CreateArticleOutput,
  DeflectInput,
  DraftFromItemInput,
  GetArticleInput,
  ListArticlesInput,
  ListArticlesOutput,
  PublishArticleInput,
  SearchArticlesInput,
  SearchArticlesOutput,
  SuggestArticlesInput,
  SuggestArticlesOutput,
  UpdateArticleInput,
} from './articles.schema.ts';

/** Newest change first: (updated_at, id) of the last row shown. */
const newestFirst = keysetCursor('instant', 'id');

const isStaff = (ctx: TenantContext) => ctx.actor.role === 'staff' || ctx.actor.role === 'manager';

function requireStaff(ctx: TenantContext): void {
  if (!isStaff(ctx)) throw forbidden('errors.roleNotAllowed');
}

function requireMember(ctx: TenantContext): void {
  if (!isStaff(ctx) && ctx.actor.role !== 'enterprise_admin') throw forbidden('errors.roleNotAllowed');
}

type Fields = Omit<CreateArticleInput, 'idempotencyKey'>;

/** Both English fields or neither: a title without its text (or the reverse) is refused. */
function columns(input: Fields) {
  const titleEn = input.titleEn ?? null;
  const bodyEn = input.bodyEn ?? null;
  if ((titleEn === null) !== (bodyEn === null)) throw badRequest('errors.knowledge.englishIncomplete');
  return {
    title: input.title,
    body: input.body,
    title_en: titleEn,
    body_en: bodyEn,
    category: input.category,
    tags: normalizeTags(input.tags ?? []),
    agency_types: [...new Set(input.agencyTypes ?? [])],
  };
}

async function checkAgencyTypes(trx: Tx, codes: readonly string[]): Promise<void> {
  if (codes.length === 0) return;
  const found = await trx.selectFrom('agency_types').select('code').where('code', 'in', [...codes]).execute();
  if (found.length !== codes.length) throw badRequest('errors.knowledge.agencyTypeUnknown');
}

/** Attachments are files of this tenant uploaded as attachments; the article's set is replaced. */
async function setAttachments(ctx: TenantContext, articleId: string, ids: readonly string[] | undefined): Promise<void> {
  if (ids === undefined) return;
  if (new Set(ids).size !== ids.length) throw badRequest('errors.knowledge.attachmentTwice');
  if (ids.length > 0) {
    const files = await ctx.trx.selectFrom('files').select(['id', 'purpose']).where('id', 'in', [...ids]).execute();
    if (files.length !== ids.length || files.some((f) => f.purpose !== 'attachment')) throw badRequest('errors.knowledge.attachmentNotFound');
  }
  await ctx.trx.deleteFrom('knowledge_article_files').where('article_id', '=', articleId).execute();
  if (ids.length > 0) {
    await ctx.trx
      .insertInto('knowledge_article_files')
      .values(ids.map((fileId, position) => ({ tenant_id: ctx.tenantId, article_id: articleId, file_id: fileId, position })))
      .execute();
  }
}

/** Every save is a revision: the whole article as the save left it. */
async function recordRevision(trx: Tx, tenantId: string, articleId: string): Promise<void> {
  await sql`
    insert into knowledge_revisions (tenant_id, article_id, version, title, body, title_en, body_en, category, tags, agency_types, status, created_at, created_by)
    select tenant_id, id, version, title, body, title_en, body_en, category, tags, agency_types, status, updated_at, updated_by
      from knowledge_articles where tenant_id = ${tenantId} and id = ${articleId}
  `.execute(trx);
}

async function insertArticle(ctx: TenantContext, input: Fields, sourceItemId: string | null): Promise<CreateArticleOutput> {
  const values = columns(input);
  await checkAgencyTypes(ctx.trx, values.agency_types);
  const now = new Date();
  const row = await ctx.trx
    .insertInto('knowledge_articles')
    .values({ tenant_id: ctx.tenantId, ...values, source_item_id: sourceItemId, created_at: now, created_by: ctx.actor.userId, updated_at: now, updated_by: ctx.actor.userId })
    .returning(['id', 'version'])
    .executeTakeFirstOrThrow();
  await setAttachments(ctx, row.id, input.attachmentFileIds);
  await recordRevision(ctx.trx, ctx.tenantId, row.id);
  return { id: row.id, version: row.version };
}

/** knowledge.create (staff and managers): a new article, a draft until published. */
export async function createArticle(ctx: TenantContext, input: Omit<CreateArticleInput, 'idempotencyKey'>): Promise<CreateArticleOutput> {
  requireStaff(ctx);
  return insertArticle(ctx, input, null);
}

/** The article locked for a save, refused when it is gone or someone saved since `version`. */
async function lockForSave(ctx: TenantContext, id: string, version: number) {
  const row = await ctx.trx.selectFrom('knowledge_articles').select(['id', 'version', 'status']).where('id', '=', id).forUpdate().executeTakeFirst();
  if (!row) throw notFound();
  if (row.version !== version) throw conflict('errors.concurrentEdit');
  return row;
}

/** knowledge.update (staff and managers): a new version; a published article stays published. */
export async function updateArticle(ctx: TenantContext, input: UpdateArticleInput): Promise<CreateArticleOutput> {
  requireStaff(ctx);
  await lockForSave(ctx, input.id, input.version);
  const values = columns(input);
  await checkAgencyTypes(ctx.trx, values.agency_types);
  const row = await ctx.trx
    .updateTable('knowledge_articles')
    .set({ ...values, version: input.version + 1, updated_at: new Date(), updated_by: ctx.actor.userId })
    .where('id', '=', input.id)
    .returning(['id', 'version'])
    .executeTakeFirstOrThrow();
  await setAttachments(ctx, row.id, input.attachmentFileIds);
  await recordRevision(ctx.trx, ctx.tenantId, row.id);
  return row;
}

/** knowledge.publish (staff and managers): shown in the portal, or taken back to a draft. */
export async function publishArticle(ctx: TenantContext, input: PublishArticleInput): Promise<CreateArticleOutput> {
  requireStaff(ctx);
  const current = await lockForSave(ctx, input.id, input.version);
  const status: ArticleStatus = input.published ? 'published' : 'draft';
  if (current.status === status) throw conflict(input.published ? 'errors.knowledge.alreadyPublished' : 'errors.knowledge.notPublished');
  const now = new Date();
  const row = await ctx.trx
    .updateTable('knowledge_articles')
    .set({ status, version: input.version + 1, updated_at: now, updated_by: ctx.actor.userId, ...(input.published ? { published_at: now } : {}) })
    .where('id', '=', input.id)
    .returning(['id', 'version'])
    .executeTakeFirstOrThrow();
  await recordRevision(ctx.trx, ctx.tenantId, row.id);
  return row;
}

/** knowledge.get: staff read every article, an enterprise admin only published ones (else not found). */
export async function getArticle(ctx: TenantContext, { id }: GetArticleInput): Promise<ArticleView> {
  requireMember(ctx);
  const a = await ctx.trx
    .selectFrom('knowledge_articles as a')
    .leftJoin('users as u', 'u.id', 'a.updated_by')
    .selectAll('a')
    .select('u.display_name')
    .where('a.id', '=', id)
    .$if(!isStaff(ctx), (q) => q.where('a.status', '=', 'published'))
    .executeTakeFirst();
  if (!a) throw notFound();
  const files = await ctx.trx
    .selectFrom('knowledge_article_files as k')
    .innerJoin('files as f', (j) => j.onRef('f.tenant_id', '=', 'k.tenant_id').onRef('f.id', '=', 'k.file_id'))
    .select(['f.id', 'f.original_name', 'f.content_type', 'f.size_bytes'])
    .where('k.article_id', '=', id)
    .orderBy('k.position')
    .execute();
  return {
    id: a.id,
    title: a.title,
    body: a.body,
    titleEn: a.title_en,
    bodyEn: a.body_en,
    html: renderMarkdown(a.body),
    htmlEn: a.body_en === null ? null : renderMarkdown(a.body_en),
    category: a.category as KnowledgeCategory,
    tags: a.tags,
    agencyTypes: a.agency_types,
    status: a.status,
    version: a.version,
    sourceItemId: a.source_item_id,
    createdAt: a.created_at,
    updatedAt: a.updated_at,
    updatedByName: a.display_name,
    publishedAt: a.published_at,
    attachments: files.map((f) => ({ fileId: f.id, name: f.original_name, contentType: f.content_type, sizeBytes: Number(f.size_bytes) })),
  };
}

type ListRow = { id: string; title: string; title_en: string | null; category: string; tags: string[]; status: ArticleStatus; updated_at: string };

const rowView = (r: ListRow): ArticleRow => ({
  id: r.id,
  title: r.title,
  titleEn: r.title_en,
  category: r.category as KnowledgeCategory,
  tags: r.tags,
  status: r.status,
  updatedAt: r.updated_at,
});

/**
 * knowledge.list: newest change first, keyset-paged, by category, tag, status and a fragment of
 * the text (every two-character gram of it in the article's titles or bodies). Enterprise admins
 * see published articles only.
 */
export async function listArticles(ctx: TenantContext, input: ListArticlesInput = {}): Promise<ListArticlesOutput> {
  requireMember(ctx);
  const limit = input.limit ?? 30;
  const after = input.cursor ? newestFirst.decode(input.cursor) : null;
  const status = isStaff(ctx) ? (input.status ?? null) : 'published';
  const grams = input.q ? searchGrams(input.q) : [];
  const rows = (await ctx.trx
    .selectFrom('knowledge_articles as a')
    .select(['a.id', 'a.title', 'a.title_en', 'a.category', 'a.tags', 'a.status', cursorInstant('a.updated_at').as('updated_at')])
    .where('a.tenant_id', '=', ctx.tenantId)
    .$if(status !== null, (q) => q.where('a.status', '=', status!))
    .$if(!!input.category, (q) => q.where('a.category', '=', input.category!))
    .$if(!!input.tag, (q) => q.where(sql<SqlBool>`${input.tag!} = any(a.tags)`))
    .$if(!!input.q, (q) =>
      q.where((eb) => {
        if (grams.length === 0) return sql<SqlBool>`false`;
        return eb.and(grams.map((g) => eb('a.id', 'in', eb.selectFrom('knowledge_grams as g').select('g.article_id').where('g.gram', '=', g))));
      }),
    )
    .$if(after !== null, (q) => q.where(sql<SqlBool>`(a.updated_at, a.id) < (${after![0]}::timestamptz, ${after![1]}::uuid)`))
    .orderBy('a.updated_at', 'desc')
    .orderBy('a.id', 'desc')
    .limit(limit + 1)
    .execute()) as ListRow[];
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  const tags = await ctx.trx
    .selectFrom('knowledge_articles')
    .select(sql<string>`unnest(tags)`.as('tag'))
    .$if(!isStaff(ctx), (q) => q.where('status', '=', 'published'))
    .distinct()
    .orderBy('tag')
    .limit(200)
    .execute();
  return { items: page.map(rowView), nextCursor: rows.length > limit && last ? newestFirst.encode([last.updated_at, last.id]) : null, tags: tags.map((t) => t.tag) };
}

/** How many of the grams each article holds in its titles and in its bodies (the gram index only). */
async function matchGrams(ctx: TenantContext, grams: readonly string[], publishedOnly: boolean, limit: number) {
  if (grams.length === 0) return [];
  const rows = await ctx.trx
    .selectFrom('knowledge_grams as g')
    .select([
      'g.article_id',
      sql<number>`count(*) filter (where g.weight >= 2)::int`.as('title_hits'),
      sql<number>`count(*) filter (where g.weight <> 2)::int`.as('body_hits'),
      sql<number>`count(*)::int`.as('hits'),
    ])
    .where('g.tenant_id', '=', ctx.tenantId)
    .where('g.gram', '=', sql<string>`any(${sql.val([...grams])}::text[])`)
    .$if(publishedOnly, (q) => q.where('g.published', '=', true))
    .groupBy('g.article_id')
    .orderBy(sql`count(*) filter (where g.weight >= 2) * 3 + count(*) filter (where g.weight <> 2)`, 'desc')
    .orderBy('g.article_id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ articleId: r.article_id, titleHits: r.title_hits, bodyHits: r.body_hits, hits: r.hits }));
}

/**
 * knowledge.search: the articles holding every gram of the text, those with it in the title
 * first, then by how much of it the body holds, then newest. Enterprise admins: published only.
 */
export async function searchArticles(ctx: TenantContext, input: SearchArticlesInput): Promise<SearchArticlesOutput> {
  requireMember(ctx);
  const grams = searchGrams(input.q);
  const limit = input.limit ?? 20;
  if (grams.length === 0) return { items: [] };
  const rows = await ctx.trx
    .selectFrom('knowledge_grams as g')
    .innerJoin('knowledge_articles as a', (j) => j.onRef('a.tenant_id', '=', 'g.tenant_id').onRef('a.id', '=', 'g.article_id'))
    .select(['a.id', 'a.title', 'a.title_en', 'a.category', 'a.tags', 'a.status', cursorInstant('a.updated_at').as('updated_at')])
    .where('g.tenant_id', '=', ctx.tenantId)
    .where('g.gram', '=', sql<string>`any(${sql.val(grams)}::text[])`)
    .$if(!isStaff(ctx), (q) => q.where('g.published', '=', true))
    .groupBy(['a.tenant_id', 'a.id'])
    .having(sql<number>`count(*)`, '=', grams.length)
    .orderBy(sql`count(*) filter (where g.weight >= 2)`, 'desc')
    .orderBy('a.updated_at', 'desc')
    .orderBy('a.id', 'desc')
    .limit(limit)
    .execute();
  return { items: (rows as ListRow[]).map(rowView) };
}

/**
 * knowledge.suggest: a few published articles for a question being typed — the best matches by
 * core's score among those core finds relevant. Served by the gram index alone (0041), then the
 * few winners' titles.
 */
export async function suggestArticles(ctx: TenantContext, input: SuggestArticlesInput): Promise<SuggestArticlesOutput> {
  requireMember(ctx);
  const grams = questionGrams(input.text);
  const candidates = (await matchGrams(ctx, grams, true, SUGGESTIONS_MAX * 4)).filter((m) => isRelevantMatch(m, grams.length));
  candidates.sort((a, b) => matchScore(b) - matchScore(a));
  const best = candidates.slice(0, SUGGESTIONS_MAX);
  if (best.length === 0) return { items: [] };
  const articles = await ctx.trx
    .selectFrom('knowledge_articles')
    .select(['id', 'title', 'title_en', 'category', sql<string>`left(body, 400)`.as('body'), sql<string | null>`left(body_en, 400)`.as('body_en')])
    .where('id', 'in', best.map((b) => b.articleId))
    .where('status', '=', 'published')
    .execute();
  const byId = new Map(articles.map((a) => [a.id, a]));
  return {
    items: best.flatMap((b) => {
      const a = byId.get(b.articleId);
      return a
        ? [{ id: a.id, title: a.title, titleEn: a.title_en, category: a.category as KnowledgeCategory, excerpt: excerptOf(a.body), excerptEn: a.body_en === null ? null : excerptOf(a.body_en) }]
        : [];
    }),
  };
}

/** knowledge.revisions (staff and managers): every save of an article, newest first. */
export async function articleRevisions(ctx: TenantContext, { id }: ArticleRevisionsInput): Promise<ArticleRevisionsOutput> {
  requireStaff(ctx);
  const exists = await ctx.trx.selectFrom('knowledge_articles').select('id').where('id', '=', id).executeTakeFirst();
  if (!exists) throw notFound();
  const rows = await ctx.trx
    .selectFrom('knowledge_revisions as r')
    .leftJoin('users as u', 'u.id', 'r.created_by')
    .select(['r.version', 'r.title', 'r.body', 'r.title_en', 'r.body_en', 'r.category', 'r.tags', 'r.status', 'r.created_at', 'u.display_name'])
    .where('r.article_id', '=', id)
    .orderBy('r.version', 'desc')
    .execute();
  return {
    items: rows.map((r) => ({
      version: r.version,
      title: r.title,
      body: r.body,
      titleEn: r.title_en,
      bodyEn: r.body_en,
      category: r.category as KnowledgeCategory,
      tags: r.tags,
      status: r.status,
      createdAt: r.created_at,
      createdByName: r.display_name,
    })),
  };
}

/**
 * knowledge.deflect (enterprise admins): the article answered the question being typed, so no
 * consultation is created — counted for the KPI dashboard's deflection rate.
 */
export async function deflectQuestion(ctx: TenantContext, input: DeflectInput): Promise<{ ok: true }> {
  if (ctx.actor.role !== 'enterprise_admin' || ctx.actor.scope.kind !== 'enterprise') throw forbidden('errors.roleNotAllowed');
  const article = await ctx.trx.selectFrom('knowledge_articles').select('id').where('id', '=', input.articleId).where('status', '=', 'published').executeTakeFirst();
  if (!article) throw notFound();
  const enterprise = await ctx.trx.selectFrom('enterprises').select('station_id').where('id', '=', ctx.actor.scope.enterpriseId).executeTakeFirst();
  await ctx.trx
    .insertInto('knowledge_deflections')
    .values({
      tenant_id: ctx.tenantId,
      article_id: article.id,
      user_id: ctx.actor.userId,
      enterprise_id: ctx.actor.scope.enterpriseId,
      station_id: enterprise?.station_id ?? null,
      question: [...(input.question ?? '')].slice(0, 200).join(''),
    })
    .execute();
  return { ok: true };
}

/**
 * knowledge.draftFromItem (staff and managers): a resolved (or closed) consultation's question and
 * answer as a new draft article, for staff to edit and publish.
 */
export async function draftFromItem(ctx: TenantContext, { itemId }: DraftFromItemInput): Promise<CreateArticleOutput> {
  requireStaff(ctx);
  const item = await ctx.trx.selectFrom('work_items').select(['id', 'kind', 'status', 'title', 'description', 'station_id', 'answer']).where('id', '=', itemId).executeTakeFirst();
  const stations = ctx.actor.scope.kind === 'stations' ? ctx.actor.scope.stationIds : null;
  if (!item || (stations && !stations.includes(item.station_id))) throw notFound();
  if (item.kind !== 'consultation' || !['resolved', 'visited', 'closed'].includes(item.status)) throw badRequest('errors.knowledge.itemNotResolved');
  // The answer given when it was resolved; an item resolved without one: its last public reply.
  const reply =
    item.answer ??
    (
      await ctx.trx
        .selectFrom('work_item_messages')
        .select('body')
        .where('item_id', '=', item.id)
        .where('visibility', '=', 'public')
        .orderBy('at', 'desc')
        .orderBy('id', 'desc')
        .limit(1)
        .executeTakeFirst()
    )?.body;
  if (!reply) throw badRequest('errors.knowledge.itemWithoutReply');
  const draft = draftFromAnswer(item.title, item.description, reply);
  return insertArticle(ctx, { title: draft.title.length >= 2 ? draft.title : `${draft.title}？`, body: draft.body, category: 'other' }, item.id);
}
