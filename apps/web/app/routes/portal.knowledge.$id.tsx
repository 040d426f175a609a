import { Link, useLoaderData } from 'react-router';
import { articleInLanguage } from '@stationdesk/core';
import { useTranslation } from 'react-i18next';
import { ArticleBody } from '../components/knowledge/article.tsx';
import { Notice, buttonClass } from '../components/ui.tsx';
import { Page } from '../components/page.tsx';
import { notFoundOr } from '../lib/action-result.server.ts';
import { fileSize, formatDateTime } from '../lib/format.ts';
import { loadForRoles } from '../lib/loader.server.ts';
import { pageTitle } from '../lib/meta.ts';
import type { Route } from './+types/portal.knowledge.$id';

export function meta({ matches }: Route.MetaArgs) {
  return pageTitle(matches, 'knowledge.portal.title');
}

/** A published article in the reader's language (English where written, else Chinese). */
export async function loader({ request, context, params }: Route.LoaderArgs) {
  const { timezone, data } = await loadForRoles(request, context, ['enterprise_admin'], () => context.trpc.knowledge.get({ id: params.id })).catch(notFoundOr);
  const shown = articleInLanguage(data, context.lang);
  return {
    title: shown.title,
    html: shown.language === 'en' ? data.htmlEn! : data.html,
    fallback: context.lang === 'en' && shown.language !== 'en',
    category: data.category,
    updatedAt: data.updatedAt,
    attachments: data.attachments,
    timezone,
  };
}

export default function PortalArticle() {
  const { title, html, fallback, category, updatedAt, attachments, timezone } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <Page
      title={title}
      subtitle={`${t(`knowledge.category.${category}`)} · ${t('knowledge.updatedAt', { date: formatDateTime(updatedAt, timezone) })}`}
      actions={
        <Link to="/portal/knowledge" className="text-sm text-slate-500 hover:text-slate-800">
          ← {t('knowledge.portal.back')}
        </Link>
      }
    >
      <article className="max-w-3xl space-y-4 rounded-lg border border-slate-200 bg-white p-4 sm:p-6">
        {fallback ? <Notice>{t('knowledge.portal.fallback')}</Notice> : null}
        <ArticleBody html={html} />
        {attachments.length > 0 ? (
          <div className="border-t border-slate-100 pt-4">
            <h2 className="mb-2 text-sm font-semibold text-slate-700">{t('knowledge.attachments')}</h2>
            <ul className="space-y-1 text-sm">
              {attachments.map((f) => (
                <li key={f.fileId}>
                  <a href={`/api/files/${f.fileId}`} className={buttonClass.link}>
                    {f.name}
                  </a>{' '}
                  <span className="text-xs text-slate-500">{fileSize(f.sizeBytes)}</span>
                </li>
              ))}
            </ul>
          </div>
        ) : null}
      </article>
    </Page>
  );
}
