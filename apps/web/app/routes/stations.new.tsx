import { Link, useActionData } from 'react-router';
import { useLoaderData } from 'react-router';
import { useTranslation } from 'react-i18next';
import { translator } from '@stationdesk/i18n';
import { useIdempotencyKey } from '../components/idempotency-key.tsx';
import { Page } from '../components/page.tsx';
import { StationForm, stationFormFields, stationRefusalFields } from '../components/stations/station-form.tsx';
import { buttonClass } from '../components/ui.tsx';
import { failureOf, type ActionFailure } from '../lib/action-result.ts';
import { actionFailure } from '../lib/action-result.server.ts';
import { redirectWithFlash } from '../lib/flash.server.ts';
import { freshIdempotencyKey, idempotencyKeyOf } from '../lib/idempotency.ts';
import { loadForRoles, requireRole } from '../lib/loader.server.ts';
import { pageTitle } from '../lib/meta.ts';
import { readStationForm } from '../lib/stations.server.ts';
import type { Route } from './+types/stations.new';

export function meta({ matches }: Route.MetaArgs) {
  return pageTitle(matches, 'stationAdmin.newTitle');
}

export async function loader({ request, context }: Route.LoaderArgs) {
  await loadForRoles(request, context, ['manager'], async () => null);
  return { idempotencyKey: freshIdempotencyKey() };
}

/** 新建工作站 (managers). */
export async function action({ request, context }: Route.ActionArgs): Promise<ActionFailure | Response> {
  await requireRole(request, context, ['manager']);
  const form = await request.formData();
  const values = readStationForm(form);
  try {
    const { id } = await context.trpc.station.create({ ...values, ...idempotencyKeyOf(form) });
    return redirectWithFlash(request, context, translator(context.lang)('stationAdmin.created', { name: values.name }), { to: `/stations/${id}` });
  } catch (e) {
    return actionFailure(e, { lang: context.lang, intent: 'save', fields: stationFormFields, refusalFields: stationRefusalFields, posted: form });
  }
}

export default function NewStation() {
  const { idempotencyKey } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const key = useIdempotencyKey(idempotencyKey, 'save');
  return (
    <Page
      title={t('stationAdmin.newTitle')}
      actions={
        <Link to="/stations" className={buttonClass.secondary}>
          {t('stationAdmin.back')}
        </Link>
      }
    >
      <StationForm values={{ code: '', name: '', nameEn: null, address: null, phone: null }} failure={failureOf(useActionData<ActionFailure>())} idempotencyKey={key} />
    </Page>
  );
}
