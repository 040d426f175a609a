import { Form, useLoaderData, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { Card, Page } from '../components/page.tsx';
import { StationOptions } from '../components/filter-select.tsx';
import { localName } from '../lib/names.ts';
import type { Route } from './+types/buildings';

export async function loader({ request, context }: Route.LoaderArgs) {
  const stationId = z.uuid().safeParse(new URL(request.url).searchParams.get('station')).data;
  const [stations, buildings] = await Promise.all([
    context.trpc.station.list(),
    context.trpc.building.list(stationId ? { stationId } : {}),
  ]);
  return { stations, buildings };
}

export default function Buildings() {
  const { stations, buildings } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const [params] = useSearchParams();
  const lang = i18n.language;
  return (
    <Page
      title={t('nav.buildings')}
      actions={
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
              <tr key={b.id}>
                <td className="px-4 py-2">{localName(lang, b.name, b.nameEn)}</td>
                <td className="px-4 py-2 text-slate-600">{localName(lang, b.stationName, b.stationNameEn)}</td>
                <td className="px-4 py-2 text-slate-600">{b.address}</td>
                <td className="px-4 py-2 text-right tabular-nums">{b.floors}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Card>
    </Page>
  );
}
