import { useState } from 'react';
import { Form, Link, useActionData, useLoaderData, useNavigation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { stationOpenCountKeys } from '@stationdesk/core';
import { translator } from '@stationdesk/i18n';
import { FormErrors } from '../components/form.tsx';
import { Card, Page } from '../components/page.tsx';
import { StationForm, stationFormFields, stationRefusalFields } from '../components/stations/station-form.tsx';
import { buttonClass, Notice } from '../components/ui.tsx';
import { failureOf, type ActionFailure } from '../lib/action-result.ts';
import { actionFailure, notFoundOr } from '../lib/action-result.server.ts';
import { redirectWithFlash } from '../lib/flash.server.ts';
import { formatDateTime } from '../lib/format.ts';
import { loadForRoles, requireRole } from '../lib/loader.server.ts';
import { pageTitle } from '../lib/meta.ts';
import { localName } from '../lib/names.ts';
import { readStationForm, versionOf } from '../lib/stations.server.ts';
import { text } from '../lib/work-items.server.ts';
import type { Route } from './+types/stations.$id';

export function meta({ matches, loaderData }: Route.MetaArgs) {
  return pageTitle(matches, 'stationAdmin.editTitle', loaderData?.station.name);
}

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const { timezone, data: station } = await loadForRoles(request, context, ['manager'], () => context.trpc.station.get({ id: params.id }).catch(notFoundOr));
  return { station, timezone };
}

/** Saves the station, or deactivates / reactivates it (deactivation refused while anything is open there). */
export async function action({ request, context, params }: Route.ActionArgs): Promise<ActionFailure | Response> {
  await requireRole(request, context, ['manager']);
  const form = await request.formData();
  const intent = text(form, 'intent');
  const t = translator(context.lang);
  try {
    const version = versionOf(form);
    if (intent === 'deactivate') {
      const s = await context.trpc.station.deactivate({ id: params.id, version });
      return redirectWithFlash(request, context, t('stationAdmin.deactivated', { name: s.name }));
    }
    if (intent === 'reactivate') {
      const s = await context.trpc.station.reactivate({ id: params.id, version });
      return redirectWithFlash(request, context, t('stationAdmin.reactivated', { name: s.name }));
    }
    const s = await context.trpc.station.update({ id: params.id, version, ...readStationForm(form) });
    return redirectWithFlash(request, context, t('stationAdmin.saved', { name: s.name }));
  } catch (e) {
    return actionFailure(e, { lang: context.lang, intent, fields: stationFormFields, refusalFields: stationRefusalFields, posted: form });
  }
}

export default function StationPage() {
  const { station, timezone } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const answer = useActionData<ActionFailure>();
  const openTotal = stationOpenCountKeys.reduce((n, k) => n + station.open[k], 0);
  return (
    <Page
      title={localName(i18n.language, station.name, station.nameEn)}
      subtitle={station.code}
      actions={
        <Link to="/stations" className={buttonClass.secondary}>
          {t('stationAdmin.back')}
        </Link>
      }
    >
      {station.active ? null : (
        <div className="mb-4">
          <Notice tone="warning">{t('stationAdmin.inactiveNotice', { at: station.deactivatedAt ? formatDateTime(station.deactivatedAt, timezone) : '' })}</Notice>
        </div>
      )}
      <div className="grid gap-4 lg:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]">
        <StationForm
          key={station.version}
          version={station.version}
          values={{ code: station.code, name: station.name, nameEn: station.nameEn, address: station.address, phone: station.phone }}
          failure={failureOf(answer, 'save')}
        />
        <Card className="space-y-3 p-4" data-testid="station-open">
          <h2 className="text-sm font-semibold text-slate-900">{t('stationAdmin.open.title')}</h2>
          {openTotal === 0 ? (
            <p className="text-sm text-slate-600">{t('stationAdmin.open.none')}</p>
          ) : (
            <>
              <p className="text-xs text-slate-500">{t('stationAdmin.open.hint')}</p>
              <dl className="grid grid-cols-[1fr_auto] gap-x-4 gap-y-1 text-sm">
                {stationOpenCountKeys
                  .filter((k) => station.open[k] > 0)
                  .map((k) => (
                    <div key={k} className="contents">
                      <dt className="text-slate-600">{t(`stationAdmin.open.${k}`)}</dt>
                      <dd className="text-right font-medium tabular-nums" data-testid={`open-${k}`}>
                        {station.open[k]}
                      </dd>
                    </div>
                  ))}
              </dl>
            </>
          )}
          <ActiveSwitch active={station.active} version={station.version} failure={failureOf(answer, station.active ? 'deactivate' : 'reactivate')} />
        </Card>
      </div>
    </Page>
  );
}

/**
 * 停用 asks once more in place; reactivating does not. A plain form (not a fetcher): a refusal —
 * what is still open, by kind — stays on the page under the button as the one sentence.
 */
function ActiveSwitch({ active, version, failure }: { active: boolean; version: number; failure: ActionFailure | null }) {
  const { t } = useTranslation();
  const busy = useNavigation().state === 'submitting';
  const [asking, setAsking] = useState(false);
  const intent = active ? 'deactivate' : 'reactivate';
  return (
    <Form method="post" className="space-y-2 pt-2" data-testid="station-active">
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="version" value={version} />
      {active && !asking ? (
        <button type="button" className={buttonClass.danger} onClick={() => setAsking(true)}>
          {t('stationAdmin.deactivate')}
        </button>
      ) : active ? (
        <div className="flex flex-wrap items-center gap-2 rounded-md bg-red-50 px-2 py-1">
          <span className="text-xs text-red-800">{t('stationAdmin.deactivateQuestion')}</span>
          <button type="submit" className={`${buttonClass.smallPrimary} bg-red-600 hover:bg-red-700`} disabled={busy} autoFocus>
            {t('stationAdmin.deactivateConfirm')}
          </button>
          <button type="button" className={buttonClass.smallSecondary} onClick={() => setAsking(false)}>
            {t('enterprise.common.cancel')}
          </button>
        </div>
      ) : (
        <button type="submit" className={buttonClass.secondary} disabled={busy}>
          {t('stationAdmin.reactivate')}
        </button>
      )}
      <FormErrors failure={failure} testId="station-active-error" />
    </Form>
  );
}
