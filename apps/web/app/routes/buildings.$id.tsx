import { Form, Link, useActionData, useLoaderData, useNavigation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { translator } from '@stationdesk/i18n';
import { FormErrors } from '../components/form.tsx';
import { Card, Page } from '../components/page.tsx';
import { BuildingForm, buildingFormFields, buildingRefusalFields } from '../components/stations/building-form.tsx';
import { buttonClass, FormError, Notice, selectClass } from '../components/ui.tsx';
import { failureOf, type ActionFailure } from '../lib/action-result.ts';
import { actionFailure, notFoundOr } from '../lib/action-result.server.ts';
import { redirectWithFlash } from '../lib/flash.server.ts';
import { loadForRoles, requireRole } from '../lib/loader.server.ts';
import { pageTitle } from '../lib/meta.ts';
import { localName } from '../lib/names.ts';
import { readBuildingForm, versionOf } from '../lib/stations.server.ts';
import { text } from '../lib/work-items.server.ts';
import type { Route } from './+types/buildings.$id';

export function meta({ matches, loaderData }: Route.MetaArgs) {
  return pageTitle(matches, 'buildingAdmin.edit', loaderData?.building.name);
}

/**
 * The building, the active stations it may move to, and — once a station is picked (?to=, a GET
 * form) — what the move would do, read from building.movePreview, so the confirmation states it
 * before anything moves.
 */
export async function loader({ request, context, params }: Route.LoaderArgs) {
  const to = z.uuid().safeParse(new URL(request.url).searchParams.get('to')).data;
  const { data } = await loadForRoles(request, context, ['manager'], () =>
    Promise.all([context.trpc.building.get({ id: params.id }).catch(notFoundOr), context.trpc.station.list()]),
  );
  const [building, stations] = data;
  let preview = null;
  let previewError: string | null = null;
  if (to) {
    try {
      preview = await context.trpc.building.movePreview({ id: building.id, stationId: to });
    } catch (e) {
      previewError = actionFailure(e, { lang: context.lang, intent: 'move' }).error;
    }
  }
  return { building, stations: stations.filter((s) => s.id !== building.stationId), to: to ?? '', preview, previewError };
}

/** Saves the building, or moves it (the open items stay or go along, as chosen on the confirmation). */
export async function action({ request, context, params }: Route.ActionArgs): Promise<ActionFailure | Response> {
  await requireRole(request, context, ['manager']);
  const form = await request.formData();
  const intent = text(form, 'intent');
  const t = translator(context.lang);
  try {
    const version = versionOf(form);
    if (intent === 'move') {
      const openItems = text(form, 'openItems') === 'move' ? 'move' : 'stay';
      const done = await context.trpc.building.move({ id: params.id, version, stationId: text(form, 'stationId'), openItems });
      return redirectWithFlash(
        request,
        context,
        t('buildingAdmin.move.done', {
          name: done.building.name,
          to: context.lang === 'en' ? (done.building.stationNameEn ?? done.building.stationName) : done.building.stationName,
          enterprises: done.enterprisesMoved,
          moved: done.itemsMoved,
          staying: done.itemsStaying,
        }),
        { to: `/buildings/${params.id}` },
      );
    }
    const b = await context.trpc.building.update({ id: params.id, version, ...readBuildingForm(form) });
    return redirectWithFlash(request, context, t('buildingAdmin.saved', { name: b.name }));
  } catch (e) {
    return actionFailure(e, { lang: context.lang, intent, fields: buildingFormFields, refusalFields: buildingRefusalFields, posted: form });
  }
}

export default function BuildingPage() {
  const { building, stations, to, preview, previewError } = useLoaderData<typeof loader>();
  const answer = useActionData<ActionFailure>();
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const busy = useNavigation().state === 'submitting';
  const from = preview ? localName(lang, preview.fromStation.name, preview.fromStation.nameEn) : '';
  const toName = preview ? localName(lang, preview.toStation.name, preview.toStation.nameEn) : '';
  return (
    <Page
      title={localName(lang, building.name, building.nameEn)}
      subtitle={localName(lang, building.stationName, building.stationNameEn)}
      actions={
        <Link to="/buildings" className={buttonClass.secondary}>
          {t('buildingAdmin.back')}
        </Link>
      }
    >
      <div className="grid gap-4 lg:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]">
        <BuildingForm
          key={building.version}
          version={building.version}
          values={{ stationId: building.stationId, name: building.name, nameEn: building.nameEn, address: building.address, floors: building.floorLabels ?? [] }}
          failure={failureOf(answer, 'save')}
        />
        <Card className="space-y-3 p-4" data-testid="building-move">
          <h2 className="text-sm font-semibold text-slate-900">{t('buildingAdmin.move.title')}</h2>
          <Form method="get" className="flex flex-wrap items-end gap-2">
            <label className="flex min-w-0 flex-1 flex-col text-sm text-slate-700">
              {t('buildingAdmin.move.to')}
              <select name="to" defaultValue={to} className={selectClass} data-testid="move-to">
                <option value="">{t('buildingAdmin.move.choose')}</option>
                {stations.map((s) => (
                  <option key={s.id} value={s.id}>
                    {localName(lang, s.name, s.nameEn)}
                  </option>
                ))}
              </select>
            </label>
            <button type="submit" className={buttonClass.secondary} data-testid="move-preview">
              {t('buildingAdmin.move.preview')}
            </button>
          </Form>
          {previewError ? <FormError>{previewError}</FormError> : null}
          {preview ? (
            <Form method="post" className="space-y-3" data-testid="move-confirm">
              <input type="hidden" name="intent" value="move" />
              <input type="hidden" name="version" value={building.version} />
              <input type="hidden" name="stationId" value={preview.toStation.id} />
              <Notice tone="warning">{t('buildingAdmin.move.summary', { from, to: toName, enterprises: preview.enterprises })}</Notice>
              {preview.openItems === 0 ? (
                <p className="text-sm text-slate-600">{t('buildingAdmin.move.openNone', { from })}</p>
              ) : (
                <fieldset className="space-y-2 text-sm">
                  <legend className="mb-1 text-slate-700">{t('buildingAdmin.move.openCount', { from, count: preview.openItems, ...preview.openByKind })}</legend>
                  <label className="flex items-start gap-2">
                    <input type="radio" name="openItems" value="stay" defaultChecked className="mt-1" />
                    <span>
                      {t('buildingAdmin.move.stay', { from })}
                      <span className="block text-xs text-slate-500">{t('buildingAdmin.move.stayHint')}</span>
                    </span>
                  </label>
                  <label className="flex items-start gap-2">
                    <input type="radio" name="openItems" value="move" className="mt-1" />
                    <span>
                      {t('buildingAdmin.move.move', { to: toName })}
                      <span className="block text-xs text-slate-500">{t('buildingAdmin.move.moveHint')}</span>
                      {preview.handledElsewhere > 0 ? <span className="block text-xs text-amber-700">{t('buildingAdmin.move.handledElsewhere', { count: preview.handledElsewhere, to: toName })}</span> : null}
                    </span>
                  </label>
                </fieldset>
              )}
              <FormErrors failure={failureOf(answer, 'move')} />
              <button type="submit" className={buttonClass.primary} disabled={busy} data-testid="move-submit">
                {t('buildingAdmin.move.confirm')}
              </button>
            </Form>
          ) : null}
        </Card>
      </div>
    </Page>
  );
}
