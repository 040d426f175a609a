import { Link, redirect, useLoaderData } from 'react-router';
import { useTranslation } from 'react-i18next';
import { agencySteps } from '@stationdesk/core';
import { AgencyPortalPanel } from '../components/agency-case/portal-panel.tsx';
import { StepTrack } from '../components/agency-case/step-track.tsx';
import { Section } from '../components/ui.tsx';
import { ItemStatusBadge } from '../components/work-items/badges.tsx';
import { notFoundOr } from '../lib/action-result.server.ts';
import { loadPortalAgencyCase } from '../lib/agency-case.server.ts';
import { formatDateTime } from '../lib/format.ts';
import { itemPageAction } from '../lib/item-action.server.ts';
import { loadForRoles } from '../lib/loader.server.ts';
import { pageTitle } from '../lib/meta.ts';
import { localName } from '../lib/names.ts';
import { portalView } from '../lib/work-items.server.ts';
import type { Route } from './+types/portal.permits.$id';

export function meta({ matches, loaderData }: Route.MetaArgs) {
  return pageTitle(matches, 'portalPermits.title', loaderData?.item.number);
}

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const { role, timezone, data } = await loadForRoles(request, context, ['manager', 'staff', 'enterprise_admin'], () =>
    Promise.all([context.trpc.workItem.get({ id: params.id }).catch(notFoundOr), loadPortalAgencyCase(context.trpc, params.id).catch(() => null)]),
  );
  if (role !== 'enterprise_admin') throw redirect(`/items/${params.id}`);
  const [answer, agency] = data;
  const item = portalView(answer);
  if (item.kind !== 'agency' || !agency) throw redirect(`/portal/items/${params.id}`);
  // When each step was reached: the case opened at 收取材料, each move after it in the history.
  const reached: Record<string, string> = { materials: item.createdAt };
  for (const e of item.history) if (e.action === 'agency_step' && typeof e.data.to === 'string') reached[e.data.to] = e.at;
  return { timezone, item, agency, reached };
}

/** Re-uploads answer the station's requests (the agency intents of the item page). */
export function action({ request, context, params }: Route.ActionArgs) {
  return itemPageAction({ request, context, id: params.id });
}

/** A permit request as the company follows it: the steps with their dates, what was sent back and why, the expected date. */
export default function PortalPermit() {
  const { timezone, item, agency, reached } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const waiting = item.status === 'waiting';
  const expected = agency.statutoryDueAt <= agency.promisedDueAt ? agency.statutoryDueAt : agency.promisedDueAt;
  const current = agencySteps.indexOf(agency.step);
  return (
    <div className="mx-auto max-w-4xl space-y-4">
      <nav aria-label={t('workItems.item.breadcrumb')} className="text-sm">
        <Link to="/portal/permits" className="text-slate-500 hover:text-slate-800">
          ← {t('portalPermits.backToList')}
        </Link>
      </nav>
      <header className="rounded-lg border border-slate-200 bg-white p-4 sm:p-5" data-testid="permit-header">
        <div className="flex flex-wrap items-center gap-2">
          <Link to={`/portal/items/${item.id}`} className="font-mono text-sm text-brand-700 tabular-nums hover:underline" data-testid="permit-number">
            {item.number}
          </Link>
          <ItemStatusBadge status={item.status} />
        </div>
        <h1 className="mt-2 text-xl font-semibold break-words text-slate-900">{localName(i18n.language, agency.typeName, agency.typeNameEn)}</h1>
        <p className="mt-1 text-sm text-slate-600" data-testid="permit-expected">
          {agency.step === 'done'
            ? agency.pickedUpAt
              ? t('portalPermits.pickedUpAt', { time: formatDateTime(agency.pickedUpAt, timezone) })
              : agency.result === 'approved'
                ? t('portalPermits.pickUpNow')
                : t(`vocab.agencyResult.${agency.result ?? 'approved'}`)
            : t('portalPermits.expectedBy', { time: formatDateTime(expected, timezone) })}
        </p>
        <div className="mt-4">
          <StepTrack agency={agency} waiting={waiting} />
        </div>
      </header>

      <Section title={t('portalPermits.timeline')} testId="permit-timeline">
        <ol className="divide-y divide-slate-100">
          {agencySteps.map((s, i) => {
            const at = reached[s];
            const state = agency.step === 'done' || i < current ? 'done' : i === current ? 'current' : 'todo';
            return (
              <li key={s} className="flex flex-wrap items-center gap-2 px-4 py-2 text-sm" data-testid="permit-timeline-step" data-step={s} data-state={state}>
                <span className={state === 'todo' ? 'text-slate-400' : 'font-medium text-slate-900'}>{t(`vocab.agencyStep.${s}`)}</span>
                {s === 'submitted' && agency.departmentRef && state !== 'todo' ? <span className="text-xs text-slate-500">{t('portalPermits.departmentRef', { department: agency.department, ref: agency.departmentRef })}</span> : null}
                <span className="ml-auto text-xs text-slate-500 tabular-nums">{at && state !== 'todo' ? formatDateTime(at, timezone) : i === current ? t('portalPermits.now') : ''}</span>
              </li>
            );
          })}
          <li className="flex flex-wrap items-center gap-2 px-4 py-2 text-sm" data-testid="permit-timeline-step" data-step="picked_up" data-state={agency.pickedUpAt ? 'done' : 'todo'}>
            <span className={agency.pickedUpAt ? 'font-medium text-slate-900' : 'text-slate-400'}>{t('portalPermits.pickedUp')}</span>
            <span className="ml-auto text-xs text-slate-500 tabular-nums">{agency.pickedUpAt ? formatDateTime(agency.pickedUpAt, timezone) : ''}</span>
          </li>
        </ol>
      </Section>

      <AgencyPortalPanel agency={agency} status={item.status} timezone={timezone} />
      <p className="text-sm">
        <Link to={`/portal/items/${item.id}`} className="text-brand-700 hover:underline">
          {t('portalPermits.conversation')}
        </Link>
      </p>
    </div>
  );
}
