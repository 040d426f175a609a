import { Form, Link, useLoaderData, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { Card, Page } from '../components/page.tsx';
import { StationOptions } from '../components/filter-select.tsx';
import { buttonClass } from '../components/ui.tsx';
import { loadForRoles, staffRoles } from '../lib/loader.server.ts';
import { localName } from '../lib/names.ts';
import type { Route } from './+types/buildings';

/** The buildings of the tenant (or of one station); managers create and edit them from here (issue 21). */
export async function loader({ request, context }: Route.LoaderArgs) {
  const stationId = z.uuid().safeParse(new URL(request.url).searchParams.get('station')).data;
  const { role, data } = await loadForRoles(request, context, staffRoles, () =>
    Promise.all([context.trpc.station.list(), context.trpc.building.list(stationId ? { stationId } : {})]),
  );
  const [stations, buildings] = data;
  return { stations, buildings, canEdit: role === 'manager' };
}

export default function Buildings() {
  const { stations, buildings, canEdit } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const [params] = useSearchParams();
  const lang = i18n.language;
  return (
    <Page
      title={t('nav.buildings')}
      actions={
        <div className="flex flex-wrap items-center gap-2">
          <Form method="get" className="flex items-center gap-2 text-sm">
            <label htmlFor="station-filter">{t('building.filterByStation')}</label>
            <select
              id="station-filter"
              name="station"
              defaultValue={params.get('station') ?? ''}
              onChange={(e) => e.currentTarget.form?.requestSubmit()}
              className="rounded-md border border-slate-300 py-1 pr-8 pl-2"
            >
              <StationOptions stations={stations} allLabel={t('common.all')} />
            </select>
            <noscript>
              <button type="submit">{t('common.apply')}</button>
            </noscript>
          </Form>
          {canEdit ? (
            <Link to="/buildings/new" className={buttonClass.primary} data-testid="new-building">
              {t('buildingAdmin.new')}
            </Link>
          ) : null}
        </div>
      }
    >
      <Card className="overflow-x-auto">
        <table className="w-full text-left text-sm" data-testid="buildings-table">
          <thead className="bg-slate-50 text-slate-600">
            <tr>
              <th className="px-4 py-2 font-medium">{t('building.name')}</th>
              <th className="px-4 py-2 font-medium">{t('building.station')}</th>
              <th className="px-4 py-2 font-medium">{t('building.address')}</th>
              <th className="px-4 py-2 text-right font-medium">{t('building.floors')}</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {buildings.map((b) => (
              <tr key={b.id} data-testid={`building-row-${b.id}`}>
                <td className="px-4 py-2">
                  {canEdit ? (
                    <Link to={`/buildings/${b.id}`} className={buttonClass.link}>
                      {localName(lang, b.name, b.nameEn)}
                    </Link>
                  ) : (
                    localName(lang, b.name, b.nameEn)
                  )}
                </td>
                <td className="px-4 py-2 text-slate-600">
                  {localName(lang, b.stationName, b.stationNameEn)}
                  {b.stationActive ? null : <span className="ml-1 text-xs text-slate-400">{t('buildingAdmin.stationInactive')}</span>}
                </td>
                <td className="px-4 py-2 text-slate-600">{b.address}</td>
                <td className="px-4 py-2 text-right tabular-nums" title={b.floorLabels?.join(' ')}>
                  {b.floors}
                  {b.floorLabels && b.floorLabels.length > 0 ? <span className="ml-1 text-xs text-slate-400">({b.floorLabels[0]}–{b.floorLabels[b.floorLabels.length - 1]})</span> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </Card>
    </Page>
  );
}
