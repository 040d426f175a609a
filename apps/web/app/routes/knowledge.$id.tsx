import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from 'react-router';
import { translator } from '@stationdesk/i18n';
import { useTranslation } from 'react-i18next';
import { ArticleBody, ArticleForm, ArticleStatus } from '../components/knowledge/article.tsx';
import { Page } from '../components/page.tsx';
import { FormErrors } from '../components/form.tsx';
import { buttonClass, Section } from '../components/ui.tsx';
import { failureOf, type ActionFailure } from '../lib/action-result.ts';
import { actionFailure, notFoundOr } from '../lib/action-result.server.ts';
import { redirectWithFlash } from '../lib/flash.server.ts';
import { fileSize, formatDateTime } from '../lib/format.ts';
import { articleFieldNames, articleFields } from '../lib/knowledge.server.ts';
import { loadForRoles, requireRole, staffRoles } from '../lib/loader.server.ts';
import { pageTitle } from '../lib/meta.ts';
import { text } from '../lib/work-items.server.ts';
import type { Route } from './+types/knowledge.$id';

export function meta({ matches }: Route.MetaArgs) {
  return pageTitle(matches, 'knowledge.title');
}

/** One article for staff: read it as the portal shows it, edit, publish or take back, and its revisions. */
export async function loader({ request, context, params }: Route.LoaderArgs) {
  const { timezone, data } = await loadForRoles(request, context, staffRoles, async () => {
    const [article, revisions, types] = await Promise.all([
      context.trpc.knowledge.get({ id: params.id }),
      context.trpc.knowledge.revisions({ id: params.id }),
      context.trpc.agencyType.list(),
    ]);
    return { article, revisions: revisions.items, agencyTypes: types.map((a) => ({ code: a.code, name: context.lang === 'en' && a.nameEn ? a.nameEn : a.name })) };
  }).catch(notFoundOr);
  return { ...data, timezone };
}

export async function action({ request, context, params }: Route.ActionArgs): Promise<ActionFailure | Response> {
  await requireRole(request, context, staffRoles);
  const form = await request.formData();
  const intent = text(form, 'intent');
  const version = Number(text(form, 'version'));
  const t = translator(context.lang);
  try {
    if (intent === 'publish' || intent === 'unpublish') {
      await context.trpc.knowledge.publish({ id: params.id, version, published: intent === 'publish' });
      return redirectWithFlash(request, context, t(intent === 'publish' ? 'knowledge.published' : 'knowledge.unpublished'), { to: `/knowledge/${params.id}` });
    }
    const saved = await context.trpc.knowledge.update({ id: params.id, version, ...articleFields(form) });
    return redirectWithFlash(request, context, t('knowledge.saved', { version: saved.version }), { to: `/knowledge/${params.id}` });
  } catch (e) {
    return actionFailure(e, { lang: context.lang, intent, fields: articleFieldNames, posted: form });
  }
}

export default function ArticlePage() {
  const { article, revisions, agencyTypes, timezone } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const [params] = useSearchParams();
  const { t } = useTranslation();
  const failure = failureOf(result);
  const editing = params.get('edit') === '1' || (failure !== null && failure.intent === 'update');
  return (
    <Page
      title={article.title}
      subtitle={`${t(`knowledge.category.${article.category}`)} · ${t('knowledge.updatedAt', { date: formatDateTime(article.updatedAt, timezone) })}`}
      actions={
        <Link to="/knowledge" className="text-sm text-slate-500 hover:text-slate-800">
          ← {t('knowledge.backToList')}
        </Link>
      }
    >
      {editing ? (
        <ArticleForm article={article} failure={failure} saving={navigation.state === 'submitting'} cancelTo={`/knowledge/${article.id}`} agencyTypes={agencyTypes} />
      ) : (
        <div className="grid gap-4 lg:grid-cols-[1fr_18rem]">
          <article className="min-w-0 rounded-lg border border-slate-200 bg-white p-4 sm:p-6">
            <div className="mb-3 flex flex-wrap items-center gap-2">
              <ArticleStatus status={article.status} />
              {article.tags.map((tag) => (
                <span key={tag} className="rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-600">
                  #{tag}
                </span>
              ))}
              {article.sourceItemId ? (
                <Link to={`/items/${article.sourceItemId}`} className={buttonClass.link}>
                  {t('knowledge.sourceItem')}
                </Link>
              ) : null}
            </div>
            <ArticleBody html={article.html} />
            {article.htmlEn ? (
              <div className="mt-6 border-t border-slate-100 pt-4">
                <h2 className="mb-2 text-sm font-semibold text-slate-500">{article.titleEn}</h2>
                <ArticleBody html={article.htmlEn} testId="article-body-en" />
              </div>
            ) : null}
            {article.attachments.length > 0 ? (
              <div className="mt-6 border-t border-slate-100 pt-4">
                <h2 className="mb-2 text-sm font-semibold text-slate-700">{t('knowledge.attachments')}</h2>
                <ul className="space-y-1 text-sm">
                  {article.attachments.map((f) => (
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
          <aside className="space-y-4">
            <div className="flex flex-wrap gap-2">
              <Link to="?edit=1" className={buttonClass.secondary} data-testid="article-edit">
                {t('knowledge.edit')}
              </Link>
              <Form method="post">
                <input type="hidden" name="intent" value={article.status === 'published' ? 'unpublish' : 'publish'} />
                <input type="hidden" name="version" value={article.version} />
                <button type="submit" className={article.status === 'published' ? buttonClass.secondary : buttonClass.primary} data-testid="article-publish">
                  {article.status === 'published' ? t('knowledge.unpublish') : t('knowledge.publish')}
                </button>
              </Form>
            </div>
            <FormErrors failure={failure} />
            <Section title={t('knowledge.revisions')}>
              <ol className="space-y-2 p-4 text-sm" data-testid="article-revisions">
                {revisions.map((r) => (
                  <li key={r.version}>
                    <details>
                      <summary className="cursor-pointer">
                        <span className="font-medium">{t('knowledge.revision', { version: r.version })}</span> <ArticleStatus status={r.status} />
                        <div className="text-xs text-slate-500">{t('knowledge.revisionBy', { name: r.createdByName ?? '—', date: formatDateTime(r.createdAt, timezone) })}</div>
                      </summary>
                      <div className="mt-1 rounded bg-slate-50 p-2 text-xs">
                        <div className="font-medium">{r.title}</div>
                        <pre className="mt-1 max-h-48 overflow-auto whitespace-pre-wrap">{r.body}</pre>
                      </div>
                    </details>
                  </li>
                ))}
              </ol>
            </Section>
          </aside>
        </div>
      )}
    </Page>
  );
}
