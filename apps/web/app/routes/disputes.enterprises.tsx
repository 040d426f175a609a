import { Form, Link, useLoaderData, useSubmit } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Page } from '../components/page.tsx';
import { DisputeTabs } from '../components/disputes/dispute-tabs.tsx';
import { StatusBadge } from '../components/enterprise/badges.tsx';
import { buttonClass, FormError, selectClass } from '../components/ui.tsx';
import { StationOptions } from '../components/filter-select.tsx';
import { errorMessage } from '../lib/errors.server.ts';
import { loadForRoles, staffRoles } from '../lib/loader.server.ts';
import { pageTitle } from '../lib/meta.ts';
import { localName } from '../lib/names.ts';
import { disputeQuery } from '../lib/disputes.ts';
import type { Route } from './+types/disputes.enterprises';

export function meta({ matches }: Route.MetaArgs) {
  return pageTitle(matches, 'disputes.enterprises.title');
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function loader({ request, context }: Route.LoaderArgs) {
  const sp = new URL(request.url).searchParams;
  const stationId = uuid.test(sp.get('stationId') ?? '') ? sp.get('stationId')! : '';
  const { data } = await loadForRoles(request, context, staffRoles, () =>
    Promise.all([
      context.trpc.station.list(),
      context.trpc.dispute.enterpriseRisk(stationId ? { stationId } : {}).then(
        (rows) => ({ rows, error: null }),
        (e: unknown) => ({ rows: [], error: errorMessage(e, context.lang) }),
      ),
    ]),
  );
  const [stations, risk] = data;
  return { stationId, stations: stations.filter((s) => s.inScope), ...risk };
}

/** 企业风险: enterprises whose disputes pile up, or that are leaving with disputes still open. */
export default function EnterpriseRiskPage() {
  const { stationId, stations, rows, error } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const submit = useSubmit();
  const stationNames = Object.fromEntries(stations.map((s) => [s.id, localName(lang, s.name, s.nameEn)]));
  return (
    <Page title={t('disputes.enterprises.title')} subtitle={t('disputes.enterprises.subtitle')}>
      <DisputeTabs />
      {stations.length > 1 ? (
        <Form method="get" className="mb-3 flex flex-wrap items-end gap-2" aria-label={t('disputes.list.filters')}>
          <div className="min-w-48">
            <label htmlFor="risk-station" className="mb-0.5 block text-xs text-slate-500">
              {t('disputes.fields.station')}
            </label>
            <select id="risk-station" name="stationId" defaultValue={stationId} key={stationId} className={`${selectClass} py-1.5`} onChange={(e) => void submit(e.currentTarget.form, { replace: true })}>
              <StationOptions stations={stations} allLabel={t('disputes.list.allStations')} />
            </select>
          </div>
          <noscript>
            <button type="submit" className={buttonClass.smallPrimary}>
              {t('disputes.list.applyFilters')}
            </button>
          </noscript>
        </Form>
      ) : null}
      {error ? (
        <FormError>{error}</FormError>
      ) : rows.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white px-6 py-12 text-center text-sm text-slate-600">{t('disputes.enterprises.none')}</p>
      ) : (
        <ul className="grid grid-cols-1 gap-3 md:grid-cols-2" data-testid="enterprise-risk">
          {rows.map((r) => (
            <li key={r.enterpriseId} className="rounded-lg border border-slate-200 bg-white p-4" data-testid="enterprise-risk-row">
              <div className="flex flex-wrap items-start justify-between gap-2">
                <Link to={`/enterprises/${r.enterpriseId}`} className="min-w-0 font-medium break-words text-slate-900 hover:text-brand-700 hover:underline">
                  {r.name}
                </Link>
                <StatusBadge status={r.status} />
              </div>
              <p className="mt-0.5 text-xs text-slate-500">{stationNames[r.stationId] ?? ''}</p>
              <ul className="mt-2 flex flex-wrap gap-1.5">
                {r.reasons.map((reason) => (
                  <li key={reason} className="rounded-full bg-amber-50 px-2 py-0.5 text-xs font-medium text-amber-900 ring-1 ring-amber-600/30 ring-inset">
                    {t(`disputes.enterprises.reason.${reason}`)}
                  </li>
                ))}
              </ul>
              <dl className="mt-3 grid grid-cols-3 gap-2 text-center text-sm sm:grid-cols-5">
                <Figure label={t('disputes.enterprises.open')} value={r.open} />
                <Figure label={t('vocab.dispute.level.red')} value={r.red} tone="text-red-700" />
                <Figure label={t('vocab.dispute.level.yellow')} value={r.yellow} tone="text-amber-700" />
                <Figure label={t('disputes.enterprises.people')} value={r.people} />
                <Figure label={t('disputes.enterprises.last90')} value={r.last90Days} />
              </dl>
              <div className="mt-3 flex flex-wrap gap-x-4 gap-y-1 text-sm">
                <Link to={`/disputes${disputeQuery({ enterpriseId: r.enterpriseId, state: 'open' })}`} className={buttonClass.link}>
                  {t('disputes.enterprises.openCases', { count: r.open })}
                </Link>
                <Link to={`/disputes${disputeQuery({ enterpriseId: r.enterpriseId })}`} className={buttonClass.link}>
                  {t('disputes.enterprises.allCases')}
                </Link>
                <Link to={`/enterprises/${r.enterpriseId}`} className={buttonClass.link}>
                  {t('disputes.enterprises.file')}
                </Link>
              </div>
            </li>
          ))}
        </ul>
      )}
    </Page>
  );
}

function Figure({ label, value, tone = '' }: { label: string; value: number; tone?: string }) {
  return (
    <div className="rounded-md bg-slate-50 px-1 py-1.5">
      <dt className="text-xs text-slate-500">{label}</dt>
      <dd className={`text-lg font-semibold tabular-nums ${tone}`}>{value}</dd>
    </div>
  );
}
