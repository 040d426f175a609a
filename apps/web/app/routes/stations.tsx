import { Link, useLoaderData } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Card, Page } from '../components/page.tsx';
import { buttonClass } from '../components/ui.tsx';
import { loadForRoles, staffRoles } from '../lib/loader.server.ts';
import { localName } from '../lib/names.ts';
import type { Route } from './+types/stations';

/**
 * The station directory is the staff's: an enterprise admin (for whom every station is "not yours")
 * is sent home. Deactivated stations are listed too, marked, so their history can be found;
 * managers create and edit stations from here (issue 21).
 */
export async function loader({ request, context }: Route.LoaderArgs) {
  const { role, data: stations } = await loadForRoles(request, context, staffRoles, () => context.trpc.station.list({ includeInactive: true }));
  return { stations, canEdit: role === 'manager' };
}

export default function Stations() {
  const { stations, canEdit } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  return (
    <Page
      title={t('nav.stations')}
      subtitle={t('station.listHint', { count: stations.filter((s) => s.active).length })}
      actions={
        canEdit ? (
          <Link to="/stations/new" className={buttonClass.primary} data-testid="new-station">
            {t('stationAdmin.new')}
          </Link>
        ) : null
      }
    >
      <Card className="overflow-x-auto">
        <table className="w-full text-left text-sm" data-testid="stations-table">
          <thead className="bg-slate-50 text-slate-600">
            <tr>
              <th className="px-4 py-2 font-medium">{t('station.code')}</th>
              <th className="px-4 py-2 font-medium">{t('station.name')}</th>
              <th className="px-4 py-2 font-medium">{t('station.address')}</th>
              <th className="px-4 py-2 font-medium">{t('station.phone')}</th>
              <th className="px-4 py-2 text-right font-medium">{t('station.buildings')}</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {stations.map((s) => (
              <tr key={s.id} className={s.active ? '' : 'text-slate-400'} data-testid={`station-row-${s.code}`}>
                <td className="px-4 py-2 text-slate-500">{s.code}</td>
                <td className="px-4 py-2">
                  {canEdit ? (
                    <Link to={`/stations/${s.id}`} className={buttonClass.link}>
                      {localName(i18n.language, s.name, s.nameEn)}
                    </Link>
                  ) : (
                    localName(i18n.language, s.name, s.nameEn)
                  )}
                  {s.active ? null : <span className="ml-2 rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-500">{t('stationAdmin.inactive')}</span>}
                  {s.inScope ? null : <span className="ml-2 text-xs text-slate-400">{t('station.notYours')}</span>}
                </td>
                <td className="px-4 py-2 text-slate-600">{s.address}</td>
                <td className="px-4 py-2 whitespace-nowrap">{s.phone}</td>
                <td className="px-4 py-2 text-right tabular-nums">{s.buildingCount}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Card>
    </Page>
  );
}
