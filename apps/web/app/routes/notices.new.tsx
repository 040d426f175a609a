import { Form, useActionData, useLoaderData, useNavigation } from 'react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { noticeAudiences, type NoticeAudience } from '@stationdesk/core';
import { translator } from '@stationdesk/i18n';
import { FormErrors } from '../components/form.tsx';
import { IdempotencyKeyInput, useIdempotencyKey } from '../components/idempotency-key.tsx';
import { Page } from '../components/page.tsx';
import { buttonClass, Field, inputClass, selectClass } from '../components/ui.tsx';
import { failureOf, type ActionFailure } from '../lib/action-result.ts';
import { actionFailure } from '../lib/action-result.server.ts';
import { redirectWithFlash } from '../lib/flash.server.ts';
import { freshIdempotencyKey, idempotencyKeyOf } from '../lib/idempotency.ts';
import { loadForRoles, requireRole } from '../lib/loader.server.ts';
import { pageTitle } from '../lib/meta.ts';
import type { Route } from './+types/notices.new';

export function meta({ matches }: Route.MetaArgs) {
  return pageTitle(matches, 'notices.new.title');
}

export async function loader({ request, context }: Route.LoaderArgs) {
  const { data } = await loadForRoles(request, context, ['manager'], () => Promise.all([context.trpc.station.list(), context.trpc.tag.list()]));
  const [stations, tags] = data;
  return {
    stations: stations.map((s) => ({ id: s.id, name: s.name })),
    tags: tags.map((tg) => ({ id: tg.id, name: tg.name })),
    idempotencyKey: freshIdempotencyKey(),
  };
}

const fields = ['title', 'body', 'effectiveOn', 'audience', 'audienceStationId', 'audienceIndustry', 'audienceTagId'] as const;
const refusalFields = {
  'errors.notice.audienceStationRequired': 'audienceStationId',
  'errors.notice.stationNotFound': 'audienceStationId',
  'errors.notice.audienceIndustryRequired': 'audienceIndustry',
  'errors.notice.audienceTagRequired': 'audienceTagId',
  'errors.notice.tagNotFound': 'audienceTagId',
  'errors.notice.noRecipients': 'audience',
};

/** 新建通知: saved as a draft, or saved and published at once (intent publish). */
export async function action({ request, context }: Route.ActionArgs): Promise<ActionFailure | Response> {
  await requireRole(request, context, ['manager']);
  const form = await request.formData();
  const t = translator(context.lang);
  const text = (k: string) => String(form.get(k) ?? '');
  const intent = text('intent') === 'publish' ? 'publish' : 'create';
  const audience = (noticeAudiences as readonly string[]).includes(text('audience')) ? (text('audience') as NoticeAudience) : 'all';
  let created: { id: string; version: number } | null = null;
  try {
    created = await context.trpc.notice.create({
      title: text('title'),
      body: text('body'),
      effectiveOn: text('effectiveOn') || null,
      audience,
      audienceStationId: audience === 'station' ? text('audienceStationId') || null : null,
      audienceIndustry: audience === 'industry' ? text('audienceIndustry') || null : null,
      audienceTagId: audience === 'tag' ? text('audienceTagId') || null : null,
      ...idempotencyKeyOf(form),
    });
    if (intent === 'publish') {
      const published = await context.trpc.notice.publish({ id: created.id, version: created.version });
      return redirectWithFlash(request, context, t('notices.detail.publishedDone', { count: published.recipients }), { to: `/notices/${created.id}` });
    }
    return redirectWithFlash(request, context, t('notices.new.saved'), { to: `/notices/${created.id}` });
  } catch (e) {
    // Saved but not published (an audience with no enterprise): the draft's page says why.
    if (created) return redirectWithFlash(request, context, actionFailure(e, { lang: context.lang, intent }).error ?? t('notices.new.saved'), { to: `/notices/${created.id}` });
    return actionFailure(e, { lang: context.lang, intent, fields, refusalFields, posted: form });
  }
}

export default function NewNotice() {
  const { stations, tags, idempotencyKey } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const failure = failureOf(useActionData<ActionFailure>());
  const errors = failure?.fieldErrors ?? {};
  const busy = useNavigation().state === 'submitting';
  const key = useIdempotencyKey(idempotencyKey, 'create');
  const [audience, setAudience] = useState<NoticeAudience>('all');
  return (
    <Page title={t('notices.new.title')} subtitle={t('notices.new.intro')}>
      <Form method="post" className="grid max-w-3xl grid-cols-1 gap-4 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-2" data-testid="notice-form" noValidate>
        <IdempotencyKeyInput value={key} />
        <Field label={t('notices.field.title')} required error={errors.title} className="sm:col-span-2">
          {(p) => <input {...p} name="title" maxLength={120} className={inputClass} data-testid="field-title" />}
        </Field>
        <Field label={t('notices.field.body')} error={errors.body} hint={t('notices.new.bodyHint')} className="sm:col-span-2">
          {(p) => <textarea {...p} name="body" rows={10} maxLength={20000} className={inputClass} data-testid="field-body" />}
        </Field>
        <Field label={t('notices.field.effectiveOn')} error={errors.effectiveOn}>
          {(p) => <input {...p} type="date" name="effectiveOn" className={inputClass} />}
        </Field>
        <Field label={t('notices.field.audience')} required error={errors.audience}>
          {(p) => (
            <select {...p} name="audience" value={audience} onChange={(e) => setAudience(e.target.value as NoticeAudience)} className={selectClass} data-testid="field-audience">
              {noticeAudiences.map((a) => (
                <option key={a} value={a}>
                  {t(`notices.audience.${a}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        {audience === 'station' ? (
          <Field label={t('notices.field.audienceStation')} required error={errors.audienceStationId}>
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
        ) : null}
        {audience === 'industry' ? (
          <Field label={t('notices.field.audienceIndustry')} required error={errors.audienceIndustry} hint={t('notices.new.industryHint')}>
            {(p) => <input {...p} name="audienceIndustry" maxLength={100} className={inputClass} />}
          </Field>
        ) : null}
        {audience === 'tag' ? (
          <Field label={t('notices.field.audienceTag')} required error={errors.audienceTagId}>
            {(p) => (
              <select {...p} name="audienceTagId" className={selectClass} data-testid="field-audience-tag">
                <option value="">{t('notices.new.chooseTag')}</option>
                {tags.map((tg) => (
                  <option key={tg.id} value={tg.id}>
                    {tg.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
        ) : null}
        <div className="sm:col-span-2">
          <FormErrors failure={failure} />
        </div>
        <div className="flex flex-wrap justify-end gap-2 sm:col-span-2">
          <button type="submit" name="intent" value="create" className={buttonClass.secondary} disabled={busy} data-testid="save-notice">
            {t('notices.new.saveDraft')}
          </button>
          <button type="submit" name="intent" value="publish" className={buttonClass.primary} disabled={busy} data-testid="publish-notice">
            {t('notices.new.publish')}
          </button>
        </div>
      </Form>
    </Page>
  );
}
