import { useState } from 'react';
import { Form, Link, useActionData, useLoaderData, useNavigation } from 'react-router';
import { translator } from '@stationdesk/i18n';
import { useTranslation } from 'react-i18next';
import { IdempotencyKeyInput, useIdempotencyKey } from '../components/idempotency-key.tsx';
import { ArticleSuggestions } from '../components/knowledge/article.tsx';
import { Page } from '../components/page.tsx';
import { FormErrors } from '../components/form.tsx';
import { buttonClass, Field, inputClass, Notice } from '../components/ui.tsx';
import { ChoiceGroup } from '../components/work-items/choice-group.tsx';
import { loadForRoles, requireRole } from '../lib/loader.server.ts';
import { redirectWithFlash } from '../lib/flash.server.ts';
import { freshIdempotencyKey, idempotencyKeyOf } from '../lib/idempotency.ts';
import { pageTitle } from '../lib/meta.ts';
import { categories, type Category } from '../lib/work-items.ts';
import { failureOf, type ActionFailure } from '../lib/action-result.ts';
import { fieldFailure } from '../lib/action-result.server.ts';
import { itemFailure, text } from '../lib/work-items.server.ts';
import type { Route } from './+types/portal.new';

export function meta({ matches }: Route.MetaArgs) {
  return pageTitle(matches, 'workItems.portal.newTitle');
}

export async function loader({ request, context }: Route.LoaderArgs) {
  await loadForRoles(request, context, ['enterprise_admin'], async () => null);
  return { idempotencyKey: freshIdempotencyKey() };
}

/** 提交诉求: a consultation from the enterprise, placed at the station of its building by the API. */
export async function action({ request, context }: Route.ActionArgs): Promise<ActionFailure | Response> {
  await requireRole(request, context, ['enterprise_admin']);
  const form = await request.formData();
  const lang = context.lang;
  if (text(form, 'intent') === 'deflect') {
    // 这解决了我的问题: counted, and no consultation is created.
    try {
      await context.trpc.knowledge.deflect({ articleId: text(form, 'articleId'), question: text(form, 'question') });
    } catch (e) {
      return itemFailure(e, { lang, intent: 'deflect' });
    }
    return redirectWithFlash(request, context, translator(lang)('knowledge.suggest.thanks'), { to: '/portal' });
  }
  const title = text(form, 'title');
  const description = text(form, 'description');
  const category = text(form, 'category');
  // The portal asks the enterprise to describe its request; staff's own entry may leave it out, so the schema does.
  if (!description) return fieldFailure({ lang, intent: 'create' }, { description: 'workItems.portal.descriptionRequired' });
  let created: { id: string; number: string };
  try {
    created = await context.trpc.workItem.create({
      kind: 'consultation',
      channel: 'portal',
      title,
      description,
      category: (categories as readonly string[]).includes(category) ? (category as Category) : 'other',
      ...idempotencyKeyOf(form),
    });
  } catch (e) {
    return itemFailure(e, { lang, intent: 'create', fields: ['title', 'description'], posted: form });
  }
  return redirectWithFlash(request, context, translator(lang)('workItems.portal.submitted', { number: created.number }), { to: `/portal/items/${created.id}` });
}

export default function PortalNew() {
  const onceKey = useIdempotencyKey(useLoaderData<typeof loader>().idempotencyKey);
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useTranslation();
  const failed = failureOf(result);
  const errors = failed?.fieldErrors ?? {};
  const saving = navigation.state === 'submitting';
  const [question, setQuestion] = useState('');
  return (
    <Page
      title={t('workItems.portal.newTitle')}
      subtitle={t('workItems.portal.newSubtitle')}
      actions={
        <Link to="/portal" className="text-sm text-slate-500 hover:text-slate-800">
          ← {t('workItems.portal.backToList')}
        </Link>
      }
    >
      <Form
        method="post"
        className="max-w-3xl space-y-4 rounded-lg border border-slate-200 bg-white p-4 sm:p-6"
        noValidate
        data-testid="portal-form"
        onChange={(e) => {
          const f = new FormData(e.currentTarget);
          setQuestion(`${String(f.get('title') ?? '')} ${String(f.get('description') ?? '')}`);
        }}
      >
        <IdempotencyKeyInput value={onceKey} />
        <ChoiceGroup label={t('workItems.portal.category')} name="category" defaultValue="policy" options={categories.map((c) => ({ value: c, label: t(`workItems.category.${c}`) }))} />
        <Field label={t('workItems.portal.subject')} required error={errors.title} hint={t('workItems.portal.subjectHint')}>
          {(p) => <input {...p} name="title" maxLength={200} autoComplete="off" className={inputClass} />}
        </Field>
        <Field label={t('workItems.portal.details')} required error={errors.description} hint={t('workItems.portal.detailsHint')}>
          {(p) => <textarea {...p} name="description" rows={6} maxLength={20000} className={inputClass} />}
        </Field>
        <ArticleSuggestions question={question} />
        <Notice>{t('workItems.portal.promise')}</Notice>
        <FormErrors failure={failed} />
        <div className="flex justify-end gap-2 border-t border-slate-100 pt-4">
          <Link to="/portal" className={buttonClass.secondary}>
            {t('workItems.common.cancel')}
          </Link>
          <button type="submit" className={buttonClass.primary} disabled={saving} data-testid="portal-submit">
            {saving ? t('workItems.common.sending') : t('workItems.portal.submit')}
          </button>
        </div>
      </Form>
    </Page>
  );
}
