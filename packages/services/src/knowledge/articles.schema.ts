import { ARTICLE_BODY_MAX, ARTICLE_TAG_MAX, ARTICLE_TAGS_MAX, ARTICLE_TITLE_MAX, articleStatuses, knowledgeCategories, SUGGEST_TEXT_MAX } from '@stationdesk/core';
import { z } from 'zod';
import { idempotencyKey, line, text } from '../schema.ts';

const agencyTypeCode = z.string().regex(/^[a-z][a-z0-9_]{1,39}$/);

/** The fields staff write (create, update). */
const articleFields = {
  title: line(ARTICLE_TITLE_MAX, { min: 2 }),
  /** Markdown; rendered and sanitised when read. */
  body: text(ARTICLE_BODY_MAX, { min: 1 }),
  /** The English version, both or neither (the portal falls back to Chinese). */
  titleEn: line(ARTICLE_TITLE_MAX, { min: 2 }).nullable().optional(),
  bodyEn: text(ARTICLE_BODY_MAX, { min: 1 }).nullable().optional(),
  category: z.enum(knowledgeCategories),
  tags: z.array(line(ARTICLE_TAG_MAX, { min: 1 })).max(ARTICLE_TAGS_MAX).optional(),
  agencyTypes: z.array(agencyTypeCode).max(20).optional(),
  /** Files uploaded first (POST /api/files?purpose=attachment), named here by their ids. */
  attachmentFileIds: z.array(z.uuid()).max(10).optional(),
};

/** knowledge.create (staff): a draft. */
export const createArticleInput = z.object({ ...articleFields, idempotencyKey: idempotencyKey.optional() }).strict();
export type CreateArticleInput = z.infer<typeof createArticleInput>;
export const createArticleOutput = z.object({ id: z.uuid(), version: z.number().int() });
export type CreateArticleOutput = z.infer<typeof createArticleOutput>;

/** knowledge.update (staff): a new version of the whole article; `version` is the one edited. */
export const updateArticleInput = z.object({ id: z.uuid(), version: z.number().int().min(1), ...articleFields }).strict();
export type UpdateArticleInput = z.infer<typeof updateArticleInput>;
export const updateArticleOutput = createArticleOutput;

/** knowledge.publish (staff): shown to the enterprises, or back to a draft. */
export const publishArticleInput = z.object({ id: z.uuid(), version: z.number().int().min(1), published: z.boolean() }).strict();
export type PublishArticleInput = z.infer<typeof publishArticleInput>;
export const publishArticleOutput = createArticleOutput;

/** knowledge.get: staff read any article, an enterprise admin a published one. */
export const getArticleInput = z.object({ id: z.uuid() }).strict();
export type GetArticleInput = z.infer<typeof getArticleInput>;

export const articleOutput = z.object({
  id: z.uuid(),
  title: z.string(),
  body: z.string(),
  titleEn: z.string().nullable(),
  bodyEn: z.string().nullable(),
  /** The bodies rendered from Markdown and sanitised: safe to put into a page as they are. */
  html: z.string(),
  htmlEn: z.string().nullable(),
  category: z.enum(knowledgeCategories),
  tags: z.array(z.string()),
  agencyTypes: z.array(z.string()),
  status: z.enum(articleStatuses),
  version: z.number().int(),
  sourceItemId: z.uuid().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  updatedByName: z.string().nullable(),
  publishedAt: z.string().nullable(),
  attachments: z.array(z.object({ fileId: z.uuid(), name: z.string(), contentType: z.string(), sizeBytes: z.number().int() })),
});
export type ArticleView = z.infer<typeof articleOutput>;
export const getArticleOutput = articleOutput;

/** knowledge.list: newest change first, keyset-paged; filters and an optional fragment of the text. */
export const listArticlesInput = z
  .object({
    q: line(100).optional(),
    category: z.enum(knowledgeCategories).nullable().optional(),
    tag: line(ARTICLE_TAG_MAX).nullable().optional(),
    status: z.enum(articleStatuses).nullable().optional(),
    cursor: line(500).nullable().optional(),
    limit: z.number().int().min(1).max(100).optional(),
  })
  .strict();
export type ListArticlesInput = z.infer<typeof listArticlesInput>;

export const articleRow = z.object({
  id: z.uuid(),
  title: z.string(),
  titleEn: z.string().nullable(),
  category: z.enum(knowledgeCategories),
  tags: z.array(z.string()),
  status: z.enum(articleStatuses),
  updatedAt: z.string(),
});
export type ArticleRow = z.infer<typeof articleRow>;
export const listArticlesOutput = z.object({ items: z.array(articleRow), nextCursor: z.string().nullable(), tags: z.array(z.string()) });
export type ListArticlesOutput = z.infer<typeof listArticlesOutput>;

/** knowledge.search: the best matches of a fragment, title matches first, then the body's. */
export const searchArticlesInput = z.object({ q: line(100, { min: 1 }), limit: z.number().int().min(1).max(50).optional() }).strict();
export type SearchArticlesInput = z.infer<typeof searchArticlesInput>;
export const searchArticlesOutput = z.object({ items: z.array(articleRow) });
export type SearchArticlesOutput = z.infer<typeof searchArticlesOutput>;

/** knowledge.suggest: published articles for a question being typed (the portal's deflection). */
export const suggestArticlesInput = z.object({ text: text(SUGGEST_TEXT_MAX * 5) }).strict();
export type SuggestArticlesInput = z.infer<typeof suggestArticlesInput>;
export const suggestArticlesOutput = z.object({
  items: z.array(z.object({ id: z.uuid(), title: z.string(), titleEn: z.string().nullable(), category: z.enum(knowledgeCategories), excerpt: z.string(), excerptEn: z.string().nullable() })),
});
export type SuggestArticlesOutput = z.infer<typeof suggestArticlesOutput>;

/** knowledge.revisions (staff): every save, newest first. */
export const articleRevisionsInput = z.object({ id: z.uuid() }).strict();
export type ArticleRevisionsInput = z.infer<typeof articleRevisionsInput>;
export const articleRevisionsOutput = z.object({
  items: z.array(
    z.object({
      version: z.number().int(),
      title: z.string(),
      body: z.string(),
      titleEn: z.string().nullable(),
      bodyEn: z.string().nullable(),
      category: z.enum(knowledgeCategories),
      tags: z.array(z.string()),
      status: z.enum(articleStatuses),
      createdAt: z.string(),
      createdByName: z.string().nullable(),
    }),
  ),
});
export type ArticleRevisionsOutput = z.infer<typeof articleRevisionsOutput>;

/** knowledge.deflect (enterprise admins): "this answered my question" — no consultation is created. */
export const deflectInput = z.object({ articleId: z.uuid(), question: text(SUGGEST_TEXT_MAX * 5).optional() }).strict();
export type DeflectInput = z.infer<typeof deflectInput>;

/** knowledge.draftFromItem (staff): a resolved consultation's last public reply as a new draft. */
export const draftFromItemInput = z.object({ itemId: z.uuid() }).strict();
export type DraftFromItemInput = z.infer<typeof draftFromItemInput>;
export const draftFromItemOutput = createArticleOutput;
