import { Link, useActionData, useLoaderData } from 'react-router';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { translator } from '@stationdesk/i18n';
import { useIdempotencyKey } from '../components/idempotency-key.tsx';
import { Page } from '../components/page.tsx';
import { BuildingForm, buildingFormFields, buildingRefusalFields } from '../components/stations/building-form.tsx';
import { buttonClass } from '../components/ui.tsx';
import { failureOf, type ActionFailure } from '../lib/action-result.ts';
import { actionFailure } from '../lib/action-result.server.ts';
import { redirectWithFlash } from '../lib/flash.server.ts';
import { freshIdempotencyKey, idempotencyKeyOf } from '../lib/idempotency.ts';
import { loadForRoles, requireRole } from '../lib/loader.server.ts';
import { pageTitle } from '../lib/meta.ts';
import { readBuildingForm } from '../lib/stations.server.ts';
import { text } from '../lib/work-items.server.ts';
import type { Route } from './+types/buildings.new';

export function meta({ matches }: Route.MetaArgs) {
  return pageTitle(matches, 'buildingAdmin.newTitle');
}

/** The active stations to put it at (?station= preselects one). */
export async function loader({ request, context }: Route.LoaderArgs) {
  const { data: stations } = await loadForRoles(request, context, ['manager'], () => context.trpc.station.list());
  const preselected = z.uuid().safeParse(new URL(request.url).searchParams.get('station')).data;
  return { stations, stationId: stations.find((s) => s.id === preselected)?.id ?? stations[0]?.id ?? '', idempotencyKey: freshIdempotencyKey() };
}

/** 新建楼宇 (managers). */
export async function action({ request, context }: Route.ActionArgs): Promise<ActionFailure | Response> {
  await requireRole(request, context, ['manager']);
  const form = await request.formData();
  const values = readBuildingForm(form);
  try {
    const { id } = await context.trpc.building.create({ ...values, stationId: text(form, 'stationId'), ...idempotencyKeyOf(form) });
    return redirectWithFlash(request, context, translator(context.lang)('buildingAdmin.created', { name: values.name }), { to: `/buildings/${id}` });
  } catch (e) {
    return actionFailure(e, { lang: context.lang, intent: 'save', fields: buildingFormFields, refusalFields: buildingRefusalFields, posted: form });
  }
}

export default function NewBuilding() {
  const { stations, stationId, idempotencyKey } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const key = useIdempotencyKey(idempotencyKey, 'save');
  return (
    <Page
      title={t('buildingAdmin.newTitle')}
      actions={
        <Link to="/buildings" className={buttonClass.secondary}>
          {t('buildingAdmin.back')}
        </Link>
      }
    >
      <BuildingForm values={{ stationId, name: '', nameEn: null, address: null, floors: [] }} stations={stations} failure={failureOf(useActionData<ActionFailure>())} idempotencyKey={key} />
    </Page>
  );
}
