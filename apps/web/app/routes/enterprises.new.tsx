import { useActionData, useLoaderData } from 'react-router';
import { translator } from '@stationdesk/i18n';
import { useTranslation } from 'react-i18next';
import { Page } from '../components/page.tsx';
import { EnterpriseForm } from '../components/enterprise/enterprise-form.tsx';
import { failureOf } from '../lib/action-result.ts';
import { actionFailure, fieldFailure } from '../lib/action-result.server.ts';
import { enterpriseFormFields, enterpriseRefusalFields, readEnterpriseForm, toEnterpriseFields } from '../lib/enterprise-form.server.ts';
import { loadForRoles, staffRoles } from '../lib/loader.server.ts';
import { redirectWithFlash } from '../lib/flash.server.ts';
import { pageTitle } from '../lib/meta.ts';
import type { Route } from './+types/enterprises.new';

type CreateInput = Parameters<Route.ActionArgs['context']['trpc']['enterprise']['create']>[0];

export function meta({ matches }: Route.MetaArgs) {
  return pageTitle(matches, 'enterprise.form.newTitle');
}

export async function loader({ request, context }: Route.LoaderArgs) {
  const { data } = await loadForRoles(request, context, staffRoles, () => Promise.all([context.trpc.station.list(), context.trpc.building.list()]));
  const [stations, buildings] = data;
  const mine = stations.filter((s) => s.inScope);
  const ids = new Set(mine.map((s) => s.id));
  return { stations: mine, buildings: buildings.filter((b) => ids.has(b.stationId)) };
}

export async function action({ request, context }: Route.ActionArgs) {
  const values = readEnterpriseForm(await request.formData());
  const c = { lang: context.lang, intent: 'create', values };
  const { fields, unreadable } = toEnterpriseFields(values);
  if (Object.keys(unreadable).length) return fieldFailure(c, unreadable);
  let id: string;
  try {
    ({ id } = await context.trpc.enterprise.create(fields as CreateInput));
  } catch (e) {
    return actionFailure(e, { ...c, fields: enterpriseFormFields, refusalFields: enterpriseRefusalFields, posted: values });
  }
  return redirectWithFlash(request, context, translator(context.lang)('enterprise.saved.create'), { to: `/enterprises/${id}` });
}

export default function NewEnterprise() {
  const { stations, buildings } = useLoaderData<typeof loader>();
  const failed = failureOf(useActionData<typeof action>());
  const { t } = useTranslation();
  return (
    <Page title={t('enterprise.form.newTitle')} subtitle={t('enterprise.form.newSubtitle')}>
      <EnterpriseForm
        mode="create"
        values={{ status: 'active', ...failed?.values }}
        stations={stations}
        buildings={buildings}
        fieldErrors={failed?.fieldErrors ?? {}}
        error={failed?.error ?? null}
        cancelHref="/enterprises"
      />
    </Page>
  );
}
