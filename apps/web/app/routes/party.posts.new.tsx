import { useActionData, useLoaderData } from 'react-router';
import { useTranslation } from 'react-i18next';
import { translator } from '@stationdesk/i18n';
import { useIdempotencyKey } from '../components/idempotency-key.tsx';
import { Page } from '../components/page.tsx';
import { PostForm, postFormFields, postRefusalFields } from '../components/party/post-form.tsx';
import { failureOf, type ActionFailure } from '../lib/action-result.ts';
import { actionFailure } from '../lib/action-result.server.ts';
import { redirectWithFlash } from '../lib/flash.server.ts';
import { freshIdempotencyKey, idempotencyKeyOf } from '../lib/idempotency.ts';
import { loadForRoles, requireRole, staffRoles } from '../lib/loader.server.ts';
import { pageTitle } from '../lib/meta.ts';
import { readPostForm } from '../lib/party.server.ts';
import { text } from '../lib/work-items.server.ts';
import type { Route } from './+types/party.posts.new';

export function meta({ matches }: Route.MetaArgs) {
  return pageTitle(matches, 'party.posts.newTitle');
}

export async function loader({ request, context }: Route.LoaderArgs) {
  const { data } = await loadForRoles(request, context, staffRoles, () => Promise.all([context.trpc.station.list(), context.trpc.servicePost.services()]));
  const [stations, services] = data;
  return { stations: stations.filter((s) => s.inScope), services, idempotencyKey: freshIdempotencyKey() };
}

/** 新建党群服务站. */
export async function action({ request, context }: Route.ActionArgs): Promise<ActionFailure | Response> {
  await requireRole(request, context, staffRoles);
  const form = await request.formData();
  const values = readPostForm(form);
  try {
    const { id } = await context.trpc.servicePost.create({ ...values, stationId: text(form, 'stationId'), ...idempotencyKeyOf(form) });
    return redirectWithFlash(request, context, translator(context.lang)('party.posts.created', { name: values.name }), { to: `/party/posts/${id}` });
  } catch (e) {
    return actionFailure(e, { lang: context.lang, intent: 'save', fields: postFormFields, refusalFields: postRefusalFields, posted: form });
  }
}

export default function NewServicePost() {
  const { stations, services, idempotencyKey } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const key = useIdempotencyKey(idempotencyKey, 'save');
  return (
    <Page title={t('party.posts.newTitle')}>
      <PostForm
        values={{ stationId: stations[0]?.id ?? '', name: '', location: '', openingHours: null, services: services.filter((s) => s.active).map((s) => s.key) }}
        stations={stations}
        services={services}
        failure={failureOf(useActionData<ActionFailure>())}
        idempotencyKey={key}
      />
    </Page>
  );
}
