import { searchGrams } from '../enterprise/search.ts';

/**
 * The knowledge base (知识库, issue 22): articles staff write for the enterprises of the tenant,
 * found by two-character fragments as the registry's names are, and suggested to an enterprise
 * admin while a consultation is typed (a question answered by an article is a deflection).
 */

/** What an article is about (the list's filter and the portal's sections). */
export const knowledgeCategories = ['business_registration', 'tax', 'social_security', 'employment', 'talent', 'fit_out', 'subsidy', 'property', 'other'] as const;
export type KnowledgeCategory = (typeof knowledgeCategories)[number];

/** A draft is seen by staff only; a published article by the enterprises' admins too. */
export const articleStatuses = ['draft', 'published'] as const;
export type ArticleStatus = (typeof articleStatuses)[number];

export const ARTICLE_TITLE_MAX = 200;
export const ARTICLE_BODY_MAX = 50_000;
export const ARTICLE_TAGS_MAX = 10;
export const ARTICLE_TAG_MAX = 20;
/** A question typed into the portal: only its start is compared. */
export const SUGGEST_TEXT_MAX = 200;
/** At most this many grams of a question are looked up (a 200-character question has 199). */
export const SUGGEST_GRAMS_MAX = 64;
export const SUGGESTIONS_MAX = 5;

/** Tags as staff type them: trimmed, empty ones dropped, each once (first spelling kept), in order. */
export function normalizeTags(tags: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of tags) {
    const tag = raw.normalize('NFKC').replace(/\s+/g, ' ').trim();
    const key = tag.toLowerCase();
    if (!tag || seen.has(key)) continue;
    seen.add(key);
    out.push(tag);
  }
  return out;
}

/** The grams of a typed question that are looked up, in order of appearance, at most SUGGEST_GRAMS_MAX. */
export function questionGrams(question: string): string[] {
  return searchGrams([...question].slice(0, SUGGEST_TEXT_MAX).join('')).slice(0, SUGGEST_GRAMS_MAX);
}

/** How one article matched a question: how many of the question's grams its titles and its bodies hold. */
export interface ArticleMatch {
  titleHits: number;
  bodyHits: number;
  /** Grams found anywhere in the article (title or body). */
  hits: number;
}

/**
 * Whether an article is worth suggesting for a question of `gramCount` grams: a fragment of two
 * characters shared with the title (two grams, a word such as 装修 plus its neighbour), or at least
 * two fifths of the question found somewhere in the article. A single common gram (公司, 需要)
 * is never enough.
 */
export function isRelevantMatch(m: ArticleMatch, gramCount: number): boolean {
  if (gramCount === 0 || m.hits === 0) return false;
  if (gramCount === 1) return m.titleHits === 1;
  return m.titleHits >= 2 || m.hits * 5 >= gramCount * 2;
}

/** The order of suggestions and ranked search: title grams count three times a body's. */
export function matchScore(m: ArticleMatch): number {
  return m.titleHits * 3 + m.bodyHits;
}

/** An article in the reader's language: the English version where it has one, else the Chinese. */
export function articleInLanguage<T extends { title: string; body: string; titleEn: string | null; bodyEn: string | null }>(
  article: T,
  lang: string,
): { title: string; body: string; language: 'zh-CN' | 'en' } {
  if (lang === 'en' && article.titleEn && article.bodyEn) return { title: article.titleEn, body: article.bodyEn, language: 'en' };
  return { title: article.title, body: article.body, language: 'zh-CN' };
}

/**
 * An article draft from a resolved consultation: its title as the question, the final reply as
 * the answer (quoted text and greetings are staff's to edit afterwards).
 */
export function draftFromAnswer(itemTitle: string, question: string, answer: string): { title: string; body: string } {
  const title = [...itemTitle.trim()].slice(0, ARTICLE_TITLE_MAX).join('') || '—';
  const q = question.trim();
  const body = [q ? `> ${q.replace(/\n/g, '\n> ')}` : '', answer.trim()].filter(Boolean).join('\n\n');
  return { title, body: [...body].slice(0, ARTICLE_BODY_MAX).join('') };
}

/**
 * The deflection rate of a period: questions answered by an article over all the questions that
 * were going to be asked (those plus the portal consultations created). Null with neither.
 */
export function deflectionRate(deflections: number, portalConsultations: number): number | null {
  const total = deflections + portalConsultations;
  return total === 0 ? null : deflections / total;
}
