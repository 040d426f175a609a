import { Form, useActionData, useLoaderData, useNavigation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { activityAudiences, activityKinds } from '@stationdesk/core';
import { translator } from '@stationdesk/i18n';
import { FormErrors } from '../components/form.tsx';
import { IdempotencyKeyInput, useIdempotencyKey } from '../components/idempotency-key.tsx';
import { Page } from '../components/page.tsx';
import { ActivityFields } from '../components/party/activity-fields.tsx';
import { buttonClass } from '../components/ui.tsx';
import { failureOf, type ActionFailure } from '../lib/action-result.ts';
import { actionFailure, fieldFailure } from '../lib/action-result.server.ts';
import { activityFormFields, activityRefusalFields, readActivityForm } from '../lib/activity-form.ts';
import { redirectWithFlash } from '../lib/flash.server.ts';
import { formatDateTime } from '../lib/format.ts';
import { freshIdempotencyKey, idempotencyKeyOf } from '../lib/idempotency.ts';
import { loadForRoles, requireRole, staffRoles } from '../lib/loader.server.ts';
import { pageTitle } from '../lib/meta.ts';
import type { Route } from './+types/activities.new';

export function meta({ matches }: Route.MetaArgs) {
  return pageTitle(matches, 'activities.new.title');
}

export async function loader({ request, context }: Route.LoaderArgs) {
  const { timezone, me, data } = await loadForRoles(request, context, staffRoles, () =>
    Promise.all([context.trpc.station.list(), context.trpc.tag.list(), context.trpc.servicePost.list()]),
  );
  const [stations, tags, posts] = data;
  const at = (days: number, hhmm: string) => `${formatDateTime(new Date(Date.now() + days * 86_400_000).toISOString(), timezone).slice(0, 10)}T${hhmm}`;
  return {
    stations: stations.map((s) => ({ id: s.id, name: s.name })),
    tags: tags.map((tg) => ({ id: tg.id, name: tg.name })),
    posts: posts.filter((p) => p.active).map((p) => ({ id: p.id, name: p.name, stationId: p.stationId })),
    defaults: { startsAt: at(7, '14:00'), endsAt: at(7, '16:00'), opensAt: at(0, '09:00'), closesAt: at(6, '18:00'), cancelBy: at(6, '18:00') },
    isManager: me.role === 'manager',
    idempotencyKey: freshIdempotencyKey(),
  };
}

/** 新建活动: saved as a draft; published from its page. */
export async function action({ request, context }: Route.ActionArgs): Promise<ActionFailure | Response> {
  const me = await requireRole(request, context, staffRoles);
  const timezone = me.memberships.find((m) => m.tenantId === me.activeTenantId)?.timezone ?? 'Asia/Shanghai';
  const form = await request.formData();
  const { fields, unreadable } = readActivityForm(form, timezone);
  if (unreadable) return fieldFailure({ lang: context.lang, intent: 'create' }, unreadable);
  try {
    const { id } = await context.trpc.activity.create({
      stationId: String(form.get('stationId') ?? ''),
      ...fields,
      ...idempotencyKeyOf(form),
    });
    return redirectWithFlash(request, context, translator(context.lang)('activities.new.created'), { to: `/activities/${id}` });
  } catch (e) {
    return actionFailure(e, { lang: context.lang, intent: 'create', fields: activityFormFields, refusalFields: activityRefusalFields, posted: form });
  }
}

export default function NewActivity() {
  const { stations, tags, posts, defaults, idempotencyKey } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const failure = failureOf(useActionData<ActionFailure>());
  const errors = failure?.fieldErrors ?? {};
  const busy = useNavigation().state === 'submitting';
  const key = useIdempotencyKey(idempotencyKey, 'create');
  return (
    <Page title={t('activities.new.title')}>
      <Form method="post" className="grid max-w-3xl grid-cols-1 gap-4 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-2" data-testid="activity-form" noValidate>
        <IdempotencyKeyInput value={key} />
        <ActivityFields
          values={{
            title: '',
            kind: activityKinds[0],
            stationId: stations[0]?.id ?? '',
            startsAt: defaults.startsAt,
            endsAt: defaults.endsAt,
            postId: '',
            place: '',
            capacity: 30,
            audience: activityAudiences[0],
            audienceStationId: stations[0]?.id ?? '',
            audienceTagId: '',
            signUpOpensAt: defaults.opensAt,
            signUpClosesAt: defaults.closesAt,
            cancelDeadline: defaults.cancelBy,
            description: '',
            posterFileId: null,
          }}
          errors={errors}
          stations={stations}
          tags={tags}
          posts={posts}
          withStation
        />
        <div className="sm:col-span-2">
          <FormErrors failure={failure} />
        </div>
        <div className="flex justify-end sm:col-span-2">
          <button type="submit" className={buttonClass.primary} disabled={busy} data-testid="create-activity">
            {t('activities.new.submit')}
          </button>
        </div>
      </Form>
    </Page>
  );
}
