import { redirect, useLoaderData } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Card, Page, Stat } from '../components/page.tsx';
import { localName } from '../lib/names.ts';
import { requireMe } from '../lib/session.server.ts';
import type { Route } from './+types/home';

export async function loader({ request, context }: Route.LoaderArgs) {
  const me = await requireMe(request, context);
  if (!me.role) {
    if (me.user.isPlatformAdmin) throw redirect('/platform');
    return { me, stations: [], buildings: [] };
  }
  const [stations, buildings] = await Promise.all([context.trpc.station.list(), context.trpc.building.list()]);
  return { me, stations, buildings };
}

export default function Home() {
  const { me, stations, buildings } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const tenant = me.memberships.find((m) => m.tenantId === me.activeTenantId);
  if (!me.role || !tenant) {
    return (
      <Page title={t('home.noTenantTitle')}>
        <p className="text-slate-600">{t('home.noTenantHint')}</p>
      </Page>
    );
  }
  const tenantName = localName(lang, tenant.tenantName, tenant.tenantNameEn);

  if (me.role === 'enterprise_admin') {
    const station = stations[0];
    const building = buildings[0];
    return (
      <Page title={t('home.enterpriseTitle')} subtitle={tenantName}>
        {station ? (
          <Card className="p-5" data-testid="my-station">
            <h2 className="font-medium">{t('home.yourStation')}</h2>
            <dl className="mt-3 grid grid-cols-[max-content_1fr] gap-x-6 gap-y-2 text-sm">
              <dt className="text-slate-500">{t('station.name')}</dt>
              <dd data-testid="my-station-name">{localName(lang, station.name, station.nameEn)}</dd>
              <dt className="text-slate-500">{t('station.address')}</dt>
              <dd>{station.address}</dd>
              <dt className="text-slate-500">{t('station.phone')}</dt>
              <dd>
                <a className="text-brand-600" href={`tel:${station.phone}`}>
                  {station.phone}
                </a>
              </dd>
              {building ? (
                <>
                  <dt className="text-slate-500">{t('building.yours')}</dt>
                  <dd>{localName(lang, building.name, building.nameEn)}</dd>
                </>
              ) : null}
            </dl>
          </Card>
        ) : null}
      </Page>
    );
  }

  const mine = stations.filter((s) => s.inScope);
  const shown = me.role === 'manager' ? stations : mine;
  return (
    <Page
      title={me.role === 'manager' ? t('home.managerTitle', { tenant: tenantName }) : t('home.staffTitle')}
      {...(me.role === 'manager' ? {} : { subtitle: tenantName })}
    >
      <div className="mb-6 grid grid-cols-2 gap-3 md:grid-cols-4">
        <Stat label={me.role === 'manager' ? t('home.stationCount') : t('home.myStationCount')} value={shown.length} testId="stat-stations" />
        <Stat
          label={t('home.buildingCount')}
          value={shown.reduce((n, s) => n + s.buildingCount, 0)}
          testId="stat-buildings"
        />
      </div>
      <Card>
        <h2 className="border-b border-slate-100 px-4 py-3 font-medium">
          {me.role === 'manager' ? t('home.allStations') : t('home.myStations')}
        </h2>
        <ul className="divide-y divide-slate-100" data-testid="station-list">
          {shown.map((s) => (
            <li key={s.id} className="px-4 py-3">
              <div className="flex flex-wrap items-baseline justify-between gap-2">
                <span className="font-medium">{localName(lang, s.name, s.nameEn)}</span>
                <span className="text-xs text-slate-500">{s.code}</span>
              </div>
              <div className="mt-1 text-sm text-slate-600">
                {buildings
                  .filter((b) => b.stationId === s.id)
                  .map((b) => localName(lang, b.name, b.nameEn))
                  .join(lang === 'en' ? ', ' : '、')}
              </div>
            </li>
          ))}
        </ul>
      </Card>
    </Page>
  );
}
