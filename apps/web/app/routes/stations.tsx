import { useLoaderData } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Card, Page } from '../components/page.tsx';
import { requireRole, staffRoles } from '../lib/loader.server.ts';
import { localName } from '../lib/names.ts';
import type { Route } from './+types/stations';

/** The station directory is the staff's: an enterprise admin (for whom every station is "not yours") is sent home. */
export async function loader({ request, context }: Route.LoaderArgs) {
  await requireRole(request, context, staffRoles);
  return { stations: await context.trpc.station.list() };
}

export default function Stations() {
  const { stations } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  return (
    <Page title={t('nav.stations')} subtitle={t('station.listHint', { count: stations.length })}>
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
              <tr key={s.id}>
                <td className="px-4 py-2 text-slate-500">{s.code}</td>
                <td className="px-4 py-2">
                  {localName(i18n.language, s.name, s.nameEn)}
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
