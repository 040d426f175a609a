import { Form, Link, useLoaderData } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Page } from '../components/page.tsx';
import { buttonClass, Empty, inputClass } from '../components/ui.tsx';
import { formatDateTime } from '../lib/format.ts';
import { loadForRoles } from '../lib/loader.server.ts';
import { pageTitle } from '../lib/meta.ts';
import type { Route } from './+types/portal.knowledge';

export function meta({ matches }: Route.MetaArgs) {
  return pageTitle(matches, 'knowledge.portal.title');
}

/** 知识库 in the portal: the published articles, searched (title matches first) or newest first. */
export async function loader({ request, context }: Route.LoaderArgs) {
  const sp = new URL(request.url).searchParams;
  const q = (sp.get('q') ?? '').trim().slice(0, 100);
  const cursor = sp.get('cursor');
  const { timezone, data } = await loadForRoles(request, context, ['enterprise_admin'], async () =>
    q
      ? { ...(await context.trpc.knowledge.search({ q })), nextCursor: null }
      : await context.trpc.knowledge.list({ ...(cursor ? { cursor } : {}) }),
  );
  return { items: data.items, nextCursor: data.nextCursor, q, timezone };
}

export default function PortalKnowledge() {
  const { items, nextCursor, q, timezone } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  return (
    <Page title={t('knowledge.portal.title')} subtitle={t('knowledge.portal.subtitle')}>
      <Form method="get" className="mb-4 flex max-w-2xl gap-2" role="search">
        <input name="q" defaultValue={q} placeholder={t('knowledge.search')} aria-label={t('knowledge.search')} className={inputClass} data-testid="portal-knowledge-search" />
        <button type="submit" className={buttonClass.secondary}>
          {t('knowledge.searchButton')}
        </button>
      </Form>
      {items.length === 0 ? (
        <Empty>{t('knowledge.portal.empty')}</Empty>
      ) : (
        <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white" data-testid="portal-article-list">
          {items.map((a) => (
            <li key={a.id} className="min-w-0 px-4 py-3">
              <Link to={`/portal/knowledge/${a.id}`} className="block truncate font-medium text-slate-800 hover:text-brand-700">
                {en && a.titleEn ? a.titleEn : a.title}
              </Link>
              <div className="mt-0.5 flex flex-wrap gap-x-2 text-xs text-slate-500">
                <span>{t(`knowledge.category.${a.category}`)}</span>
                <span>{t('knowledge.updatedAt', { date: formatDateTime(a.updatedAt, timezone) })}</span>
              </div>
            </li>
          ))}
        </ul>
      )}
      {nextCursor ? (
        <div className="mt-3 text-center">
          <Link to={`/portal/knowledge?cursor=${encodeURIComponent(nextCursor)}`} className={buttonClass.secondary}>
            {t('knowledge.more')}
          </Link>
        </div>
      ) : null}
    </Page>
  );
}
