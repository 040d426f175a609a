import { useActionData, useLoaderData } from 'react-router';
import { useTranslation } from 'react-i18next';
import { translator } from '@stationdesk/i18n';
import { useIdempotencyKey } from '../components/idempotency-key.tsx';
import { Page } from '../components/page.tsx';
import { OrgForm, orgFormFields, orgRefusalFields } from '../components/party/org-form.tsx';
import { failureOf, type ActionFailure } from '../lib/action-result.ts';
import { actionFailure } from '../lib/action-result.server.ts';
import { redirectWithFlash } from '../lib/flash.server.ts';
import { freshIdempotencyKey, idempotencyKeyOf } from '../lib/idempotency.ts';
import { loadForRoles, requireRole, staffRoles } from '../lib/loader.server.ts';
import { pageTitle } from '../lib/meta.ts';
import { readOrgForm } from '../lib/party.server.ts';
import type { Route } from './+types/party.orgs.new';

export function meta({ matches }: Route.MetaArgs) {
  return pageTitle(matches, 'party.orgs.newTitle');
}

export async function loader({ request, context }: Route.LoaderArgs) {
  const { data: stations } = await loadForRoles(request, context, staffRoles, () => context.trpc.station.list());
  return { stations: stations.filter((s) => s.inScope), idempotencyKey: freshIdempotencyKey() };
}

/** 新增党组织: an organisation that is not an enterprise of the buildings. */
export async function action({ request, context }: Route.ActionArgs): Promise<ActionFailure | Response> {
  await requireRole(request, context, staffRoles);
  const form = await request.formData();
  const values = readOrgForm(form);
  try {
    const { id } = await context.trpc.partyOrg.create({ ...values, ...idempotencyKeyOf(form) });
    return redirectWithFlash(request, context, translator(context.lang)('party.orgs.created', { name: values.name }), { to: `/party/orgs/${id}` });
  } catch (e) {
    return actionFailure(e, { lang: context.lang, intent: 'save', fields: orgFormFields, refusalFields: orgRefusalFields, posted: form });
  }
}

export default function NewPartyOrg() {
  const { stations, idempotencyKey } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const key = useIdempotencyKey(idempotencyKey, 'save');
  return (
    <Page title={t('party.orgs.newTitle')}>
      <OrgForm
        values={{ type: 'member_unit', name: '', contactName: '', contactPhone: '', members: '', joinedOn: '', stationId: stations[0]?.id ?? '', notes: '' }}
        stations={stations}
        failure={failureOf(useActionData<ActionFailure>())}
        idempotencyKey={key}
      />
    </Page>
  );
}
