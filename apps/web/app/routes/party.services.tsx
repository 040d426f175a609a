import { Form, useActionData, useLoaderData } from 'react-router';
import { useTranslation } from 'react-i18next';
import { translator } from '@stationdesk/i18n';
import { FormErrors } from '../components/form.tsx';
import { Card, Page } from '../components/page.tsx';
import { buttonClass, inputClass } from '../components/ui.tsx';
import { failureOf, type ActionFailure } from '../lib/action-result.ts';
import { actionFailure } from '../lib/action-result.server.ts';
import { redirectWithFlash } from '../lib/flash.server.ts';
import { loadForRoles, requireRole } from '../lib/loader.server.ts';
import { pageTitle } from '../lib/meta.ts';
import { text } from '../lib/work-items.server.ts';
import type { Route } from './+types/party.services';

export function meta({ matches }: Route.MetaArgs) {
  return pageTitle(matches, 'party.posts.services_manage');
}

export async function loader({ request, context }: Route.LoaderArgs) {
  const { data: services } = await loadForRoles(request, context, ['manager'], () => context.trpc.servicePost.services());
  return { services };
}

/** 服务项目设置 (managers): rename, hide or reorder the kinds of service, or add one of the tenant's own. */
export async function action({ request, context }: Route.ActionArgs): Promise<ActionFailure | Response> {
  await requireRole(request, context, ['manager']);
  const form = await request.formData();
  const intent = text(form, 'intent');
  const fields = { nameEn: text(form, 'nameEn') || null, active: form.get('active') === 'on', position: Number(text(form, 'position')) || 0 };
  try {
    if (intent === 'add') await context.trpc.servicePost.createService({ name: text(form, 'name'), ...fields });
    else await context.trpc.servicePost.updateService({ key: text(form, 'key'), name: text(form, 'name') || null, ...fields });
    return redirectWithFlash(request, context, translator(context.lang)('party.posts.serviceSaved'));
  } catch (e) {
    return actionFailure(e, { lang: context.lang, intent, form: intent === 'add' ? 'add' : text(form, 'key'), fields: ['name', 'nameEn', 'position'], posted: form });
  }
}

export default function PartyServicesPage() {
  const { services } = useLoaderData<typeof loader>();
  const answer = useActionData<ActionFailure>();
  const { t } = useTranslation();
  const row = (s: (typeof services)[number] | null) => {
    const form = s ? s.key : 'add';
    const failure = failureOf(answer, form);
    return (
      <Form key={form} method="post" className="grid grid-cols-2 items-end gap-2 border-b border-slate-100 px-4 py-3 sm:grid-cols-[2fr_2fr_1fr_auto_auto]" data-testid="service-row">
        <input type="hidden" name="intent" value={s ? 'save' : 'add'} />
        {s ? <input type="hidden" name="key" value={s.key} /> : null}
        <label className="text-sm">
          <span className="mb-1 block text-xs text-slate-500">{t('party.posts.serviceName')}</span>
          <input name="name" defaultValue={s?.name ?? ''} placeholder={s?.builtIn ? t(`party.service.${s.key}`) : ''} maxLength={40} className={inputClass} />
        </label>
        <label className="text-sm">
          <span className="mb-1 block text-xs text-slate-500">{t('party.posts.serviceNameEn')}</span>
          <input name="nameEn" defaultValue={s?.nameEn ?? ''} maxLength={60} className={inputClass} />
        </label>
        <label className="text-sm">
          <span className="mb-1 block text-xs text-slate-500">{t('party.posts.position')}</span>
          <input name="position" type="number" min={0} defaultValue={s?.position ?? (services.at(-1)?.position ?? 0) + 10} className={inputClass} />
        </label>
        <label className="flex items-center gap-1.5 pb-2 text-sm">
          <input type="checkbox" name="active" defaultChecked={s ? s.active : true} />
          {t('party.posts.active')}
        </label>
        <button type="submit" className={s ? buttonClass.smallSecondary : buttonClass.smallPrimary}>
          {s ? t('party.common.save') : t('party.posts.serviceAdd')}
        </button>
        <div className="col-span-full">
          <FormErrors failure={failure} />
          {failure?.fieldErrors.name ? <p className="text-xs text-red-600">{failure.fieldErrors.name}</p> : null}
        </div>
      </Form>
    );
  };
  return (
    <Page title={t('party.posts.services_manage')}>
      <Card className="max-w-4xl">
        {services.map((s) => row(s))}
        {row(null)}
      </Card>
    </Page>
  );
}
