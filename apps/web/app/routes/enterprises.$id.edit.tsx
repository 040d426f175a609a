import { useActionData, useLoaderData } from 'react-router';
import { translator } from '@stationdesk/i18n';
import { useTranslation } from 'react-i18next';
import { Page } from '../components/page.tsx';
import { EnterpriseForm } from '../components/enterprise/enterprise-form.tsx';
import { failureOf } from '../lib/action-result.ts';
import { actionFailure, fieldFailure, notFoundOr } from '../lib/action-result.server.ts';
import { changedFields, enterpriseFormFields, enterpriseRefusalFields, readEnterpriseForm, toEnterpriseFields } from '../lib/enterprise-form.server.ts';
import { loadForRoles, staffRoles } from '../lib/loader.server.ts';
import { redirectWithFlash } from '../lib/flash.server.ts';
import type { EnterpriseDetail } from '../lib/enterprise-types.ts';
import { localName } from '../lib/names.ts';
import { pageTitle } from '../lib/meta.ts';
import type { Route } from './+types/enterprises.$id.edit';

type Patch = Parameters<Route.ActionArgs['context']['trpc']['enterprise']['update']>[0]['patch'];

/** The file's fields as the form's strings. */
function formValues(e: EnterpriseDetail): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of enterpriseFormFields) {
    const v = (e as unknown as Record<string, unknown>)[f];
    out[f] = v === null || v === undefined ? '' : String(v);
  }
  return out;
}

export function meta({ matches, loaderData }: Route.MetaArgs) {
  return pageTitle(matches, 'enterprise.form.editTitle', loaderData?.enterprise.name);
}

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const { data } = await loadForRoles(request, context, staffRoles, () =>
    Promise.all([context.trpc.enterprise.get({ id: params.id }).catch(notFoundOr), context.trpc.station.list(), context.trpc.building.list()]),
  );
  const [enterprise, stations, buildings] = data;
  const mine = stations.filter((s) => s.inScope || s.id === enterprise.stationId);
  const ids = new Set(mine.map((s) => s.id));
  return { enterprise, values: formValues(enterprise), stations: mine, buildings: buildings.filter((b) => ids.has(b.stationId)) };
}

export async function action({ request, context, params }: Route.ActionArgs) {
  const form = await request.formData();
  const version = Number(form.get('version'));
  const values = readEnterpriseForm(form);
  // The version the user started from goes back with what was typed: a retry is checked against it.
  const c = { lang: context.lang, intent: 'update', values: { ...values, version: String(version) } };
  const { fields, unreadable } = toEnterpriseFields(values);
  if (Object.keys(unreadable).length) return fieldFailure(c, unreadable);
  try {
    const current = await context.trpc.enterprise.get({ id: params.id });
    const patch = changedFields(fields, current);
    // Nothing changed: nothing to send (and no new version in the history).
    if (Object.keys(patch).length > 0) await context.trpc.enterprise.update({ id: params.id, version, patch: patch as Patch });
  } catch (e) {
    return actionFailure(e, { ...c, fields: enterpriseFormFields, refusalFields: enterpriseRefusalFields, posted: values });
  }
  return redirectWithFlash(request, context, translator(context.lang)('enterprise.saved.update'), { to: `/enterprises/${params.id}` });
}

export default function EditEnterprise() {
  const { enterprise, values, stations, buildings } = useLoaderData<typeof loader>();
  const failed = failureOf(useActionData<typeof action>());
  const { t, i18n } = useTranslation();
  return (
    <Page title={t('enterprise.form.editTitle')} subtitle={localName(i18n.language, enterprise.name, enterprise.nameEn)}>
      <EnterpriseForm
        mode="edit"
        values={{ ...values, ...failed?.values }}
        // The version the user started from, even after a failed save revalidated the page.
        version={failed?.values?.version ? Number(failed.values.version) : enterprise.version}
        stations={stations}
        buildings={buildings}
        fieldErrors={failed?.fieldErrors ?? {}}
        error={failed?.error ?? null}
        conflict={failed?.conflict ?? false}
        cancelHref={`/enterprises/${enterprise.id}`}
        reloadHref={`/enterprises/${enterprise.id}/edit`}
      />
    </Page>
  );
}
