import { Form, Link, useLoaderData } from 'react-router';
import { useTranslation } from 'react-i18next';
import { articleStatuses, knowledgeCategories, type ArticleStatus as Status, type KnowledgeCategory } from '@stationdesk/core';
import { ArticleStatus } from '../components/knowledge/article.tsx';
import { Page } from '../components/page.tsx';
import { buttonClass, Empty, inputClass, selectClass } from '../components/ui.tsx';
import { formatDateTime } from '../lib/format.ts';
import { loadForRoles, staffRoles } from '../lib/loader.server.ts';
import { pageTitle } from '../lib/meta.ts';
import type { Route } from './+types/knowledge';

export function meta({ matches }: Route.MetaArgs) {
  return pageTitle(matches, 'knowledge.title');
}

const pick = <T extends string>(list: readonly T[], v: string | null): T | null => (v && (list as readonly string[]).includes(v) ? (v as T) : null);

/** 知识库 (staff, managers): every article, newest change first, by text, category, tag and status; keyset pages. */
export async function loader({ request, context }: Route.LoaderArgs) {
  const sp = new URL(request.url).searchParams;
  const filters = {
    q: (sp.get('q') ?? '').trim().slice(0, 100),
    category: pick<KnowledgeCategory>(knowledgeCategories, sp.get('category')),
    status: pick<Status>(articleStatuses, sp.get('status')),
    tag: (sp.get('tag') ?? '').trim().slice(0, 20),
  };
  const cursor = sp.get('cursor');
  const { timezone, data } = await loadForRoles(request, context, staffRoles, () =>
    context.trpc.knowledge.list({
      ...(filters.q ? { q: filters.q } : {}),
      category: filters.category,
      status: filters.status,
      tag: filters.tag || null,
      ...(cursor ? { cursor } : {}),
    }),
  );
  return { ...data, filters, timezone };
}

export default function Knowledge() {
  const { items, nextCursor, tags, filters, timezone } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const more = new URLSearchParams(Object.entries({ ...filters, cursor: nextCursor ?? '' }).filter(([, v]) => v) as [string, string][]);
  return (
    <Page
      title={t('knowledge.title')}
      subtitle={t('knowledge.subtitle')}
      actions={
        <Link to="/knowledge/new" className={buttonClass.primary} data-testid="new-article">
          {t('knowledge.new')}
        </Link>
      }
    >
      <Form method="get" className="mb-4 grid gap-2 sm:grid-cols-[1fr_auto_auto_auto_auto]" role="search">
        <input name="q" defaultValue={filters.q} placeholder={t('knowledge.search')} aria-label={t('knowledge.search')} className={inputClass} data-testid="knowledge-search" />
        <select name="category" defaultValue={filters.category ?? ''} aria-label={t('knowledge.field.category')} className={selectClass}>
          <option value="">{t('knowledge.allCategories')}</option>
          {knowledgeCategories.map((c) => (
            <option key={c} value={c}>
              {t(`knowledge.category.${c}`)}
            </option>
          ))}
        </select>
        <select name="tag" defaultValue={filters.tag} aria-label={t('knowledge.field.tags')} className={selectClass}>
          <option value="">{t('knowledge.allTags')}</option>
          {tags.map((tag) => (
            <option key={tag} value={tag}>
              {tag}
            </option>
          ))}
        </select>
        <select name="status" defaultValue={filters.status ?? ''} aria-label={t('knowledge.allStatuses')} className={selectClass}>
          <option value="">{t('knowledge.allStatuses')}</option>
          {articleStatuses.map((s) => (
            <option key={s} value={s}>
              {t(`knowledge.status.${s}`)}
            </option>
          ))}
        </select>
        <button type="submit" className={buttonClass.secondary}>
          {t('knowledge.searchButton')}
        </button>
      </Form>
      {items.length === 0 ? (
        <Empty>{t('knowledge.empty')}</Empty>
      ) : (
        <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white" data-testid="article-list">
          {items.map((a) => (
            <li key={a.id} className="flex min-w-0 flex-wrap items-center justify-between gap-2 px-4 py-3">
              <div className="min-w-0 flex-1">
                <Link to={`/knowledge/${a.id}`} className="block truncate font-medium text-slate-800 hover:text-brand-700" data-testid="article-link">
                  {a.title}
                </Link>
                <div className="mt-0.5 flex flex-wrap gap-x-2 text-xs text-slate-500">
                  <span>{t(`knowledge.category.${a.category}`)}</span>
                  {a.tags.map((tag) => (
                    <span key={tag}>#{tag}</span>
                  ))}
                  <span>{t('knowledge.updatedAt', { date: formatDateTime(a.updatedAt, timezone) })}</span>
                </div>
              </div>
              <ArticleStatus status={a.status} />
            </li>
          ))}
        </ul>
      )}
      {nextCursor ? (
        <div className="mt-3 text-center">
          <Link to={`/knowledge?${more}`} className={buttonClass.secondary}>
            {t('knowledge.more')}
          </Link>
        </div>
      ) : null}
    </Page>
  );
}
