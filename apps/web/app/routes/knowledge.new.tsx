import { useActionData, useLoaderData, useNavigation } from 'react-router';
import { translator } from '@stationdesk/i18n';
import { useTranslation } from 'react-i18next';
import { ArticleForm } from '../components/knowledge/article.tsx';
import { useIdempotencyKey } from '../components/idempotency-key.tsx';
import { Page } from '../components/page.tsx';
import { failureOf, type ActionFailure } from '../lib/action-result.ts';
import { actionFailure } from '../lib/action-result.server.ts';
import { redirectWithFlash } from '../lib/flash.server.ts';
import { freshIdempotencyKey, idempotencyKeyOf } from '../lib/idempotency.ts';
import { articleFieldNames, articleFields } from '../lib/knowledge.server.ts';
import { loadForRoles, requireRole, staffRoles } from '../lib/loader.server.ts';
import { pageTitle } from '../lib/meta.ts';
import type { Route } from './+types/knowledge.new';

export function meta({ matches }: Route.MetaArgs) {
  return pageTitle(matches, 'knowledge.newTitle');
}

export async function loader({ request, context }: Route.LoaderArgs) {
  const { data } = await loadForRoles(request, context, staffRoles, () => context.trpc.agencyType.list());
  return { agencyTypes: data.map((a) => ({ code: a.code, name: context.lang === 'en' && a.nameEn ? a.nameEn : a.name })), idempotencyKey: freshIdempotencyKey() };
}

/** A new article: saved as a draft, then opened. */
export async function action({ request, context }: Route.ActionArgs): Promise<ActionFailure | Response> {
  await requireRole(request, context, staffRoles);
  const form = await request.formData();
  try {
    const { id } = await context.trpc.knowledge.create({ ...articleFields(form), ...idempotencyKeyOf(form) });
    return redirectWithFlash(request, context, translator(context.lang)('knowledge.created'), { to: `/knowledge/${id}` });
  } catch (e) {
    return actionFailure(e, { lang: context.lang, intent: 'create', fields: articleFieldNames, posted: form });
  }
}

export default function NewArticle() {
  const { agencyTypes, idempotencyKey } = useLoaderData<typeof loader>();
  const onceKey = useIdempotencyKey(idempotencyKey);
  const failure = failureOf(useActionData<typeof action>());
  const navigation = useNavigation();
  const { t } = useTranslation();
  return (
    <Page title={t('knowledge.newTitle')}>
      <ArticleForm onceKey={onceKey} failure={failure} saving={navigation.state === 'submitting'} cancelTo="/knowledge" agencyTypes={agencyTypes} />
    </Page>
  );
}
