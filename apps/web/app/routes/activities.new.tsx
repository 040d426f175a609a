import { Form, useActionData, useLoaderData, useNavigation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { activityAudiences, activityKinds, zonedTimeToInstant } from '@stationdesk/core';
import { translator } from '@stationdesk/i18n';
import { FormErrors } from '../components/form.tsx';
import { IdempotencyKeyInput, useIdempotencyKey } from '../components/idempotency-key.tsx';
import { Page } from '../components/page.tsx';
import { buttonClass, Field, inputClass, selectClass } from '../components/ui.tsx';
import { failureOf, type ActionFailure } from '../lib/action-result.ts';
import { actionFailure, fieldFailure } from '../lib/action-result.server.ts';
import { redirectWithFlash } from '../lib/flash.server.ts';
import { formatDateTime } from '../lib/format.ts';
import { freshIdempotencyKey, idempotencyKeyOf } from '../lib/idempotency.ts';
import { loadForRoles, requireRole, staffRoles } from '../lib/loader.server.ts';
import { pageTitle } from '../lib/meta.ts';
import { text } from '../lib/work-items.server.ts';
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

/** 'YYYY-MM-DDTHH:MM' in the tenant's zone → an instant; null when unreadable. */
function instantOf(local: string, timezone: string): string | null {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})$/.exec(local);
  if (!m) return null;
  return new Date(zonedTimeToInstant(m[1]!, Number(m[2]) * 60 + Number(m[3]), timezone)).toISOString();
}

const timeFields = ['startsAt', 'endsAt', 'signUpOpensAt', 'signUpClosesAt', 'cancelDeadline'] as const;

/** 新建活动: saved as a draft; published from its page. */
export async function action({ request, context }: Route.ActionArgs): Promise<ActionFailure | Response> {
  const me = await requireRole(request, context, staffRoles);
  const timezone = me.memberships.find((m) => m.tenantId === me.activeTenantId)?.timezone ?? 'Asia/Shanghai';
  const form = await request.formData();
  const times: Record<string, string> = {};
  for (const f of timeFields) {
    const v = instantOf(text(form, f), timezone);
    if (!v) return fieldFailure({ lang: context.lang, intent: 'create' }, { [f]: 'errors.validation.required' });
    times[f] = v;
  }
  const audience = text(form, 'audience') as (typeof activityAudiences)[number];
  const postId = text(form, 'postId');
  try {
    const { id } = await context.trpc.activity.create({
      stationId: text(form, 'stationId'),
      title: text(form, 'title'),
      kind: text(form, 'kind') as (typeof activityKinds)[number],
      startsAt: times.startsAt!,
      endsAt: times.endsAt!,
      signUpOpensAt: times.signUpOpensAt!,
      signUpClosesAt: times.signUpClosesAt!,
      cancelDeadline: times.cancelDeadline!,
      postId: postId || null,
      place: text(form, 'place') || null,
      capacity: Number(text(form, 'capacity')),
      audience,
      audienceStationId: audience === 'station' ? text(form, 'audienceStationId') || null : null,
      audienceTagId: audience === 'tag' ? text(form, 'audienceTagId') || null : null,
      description: text(form, 'description'),
      ...idempotencyKeyOf(form),
    });
    return redirectWithFlash(request, context, translator(context.lang)('activities.new.created'), { to: `/activities/${id}` });
  } catch (e) {
    return actionFailure(e, {
      lang: context.lang,
      intent: 'create',
      fields: ['stationId', 'title', 'kind', ...timeFields, 'postId', 'place', 'capacity', 'audience', 'audienceStationId', 'audienceTagId', 'description'],
      refusalFields: {
        'errors.activity.placeRequired': 'place',
        'errors.activity.endsBeforeStart': 'endsAt',
        'errors.activity.windowEmpty': 'signUpClosesAt',
        'errors.activity.windowAfterEnd': 'signUpClosesAt',
        'errors.activity.cancelDeadlineAfterStart': 'cancelDeadline',
        'errors.activity.audienceTagRequired': 'audienceTagId',
      },
      posted: form,
    });
  }
}

export default function NewActivity() {
  const { stations, tags, posts, defaults, idempotencyKey } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const failure = failureOf(useActionData<ActionFailure>());
  const errors = failure?.fieldErrors ?? {};
  const busy = useNavigation().state === 'submitting';
  const key = useIdempotencyKey(idempotencyKey, 'create');
  const time = (name: string, label: string, value: string) => (
    <Field label={label} required error={errors[name]}>
      {(p) => <input {...p} type="datetime-local" name={name} defaultValue={value} className={inputClass} />}
    </Field>
  );
  return (
    <Page title={t('activities.new.title')}>
      <Form method="post" className="grid max-w-3xl grid-cols-1 gap-4 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-2" data-testid="activity-form" noValidate>
        <IdempotencyKeyInput value={key} />
        <Field label={t('activities.field.title')} required error={errors.title} className="sm:col-span-2">
          {(p) => <input {...p} name="title" maxLength={120} className={inputClass} />}
        </Field>
        <Field label={t('activities.field.kind')} required error={errors.kind}>
          {(p) => (
            <select {...p} name="kind" className={selectClass}>
              {activityKinds.map((k) => (
                <option key={k} value={k}>
                  {t(`activities.kind.${k}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('activities.field.station')} required error={errors.stationId}>
          {(p) => (
            <select {...p} name="stationId" className={selectClass}>
              {stations.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        {time('startsAt', t('activities.field.startsAt'), defaults.startsAt)}
        {time('endsAt', t('activities.field.endsAt'), defaults.endsAt)}
        <Field label={t('activities.field.post')} error={errors.postId} hint={t('activities.new.postHint')}>
          {(p) => (
            <select {...p} name="postId" className={selectClass}>
              <option value="">{t('activities.new.noPost')}</option>
              {posts.map((post) => (
                <option key={post.id} value={post.id}>
                  {post.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('activities.field.place')} error={errors.place}>
          {(p) => <input {...p} name="place" maxLength={200} className={inputClass} />}
        </Field>
        <Field label={t('activities.field.capacity')} required error={errors.capacity}>
          {(p) => <input {...p} type="number" name="capacity" min={1} max={5000} defaultValue={30} className={inputClass} />}
        </Field>
        <Field label={t('activities.field.audience')} required error={errors.audience}>
          {(p) => (
            <select {...p} name="audience" className={selectClass}>
              {activityAudiences.map((a) => (
                <option key={a} value={a}>
                  {t(`activities.audience.${a}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('activities.field.audienceStation')} error={errors.audienceStationId}>
          {(p) => (
            <select {...p} name="audienceStationId" className={selectClass}>
              {stations.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('activities.field.audienceTag')} error={errors.audienceTagId}>
          {(p) => (
            <select {...p} name="audienceTagId" className={selectClass}>
              <option value="" />
              {tags.map((tg) => (
                <option key={tg.id} value={tg.id}>
                  {tg.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        {time('signUpOpensAt', t('activities.field.signUpOpensAt'), defaults.opensAt)}
        {time('signUpClosesAt', t('activities.field.signUpClosesAt'), defaults.closesAt)}
        {time('cancelDeadline', t('activities.field.cancelDeadline'), defaults.cancelBy)}
        <Field label={t('activities.field.description')} error={errors.description} className="sm:col-span-2">
          {(p) => <textarea {...p} name="description" rows={4} maxLength={5000} className={inputClass} />}
        </Field>
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
