import { redirect, useLoaderData } from 'react-router';
import { useTranslation } from 'react-i18next';
import { localDate } from '@stationdesk/core';
import { Card, Page } from '../components/page.tsx';
import { localName } from '../lib/names.ts';
import { requireMe } from '../lib/session.server.ts';
import type { Route } from './+types/platform';

export async function loader({ request, context }: Route.LoaderArgs) {
  const me = await requireMe(request, context);
  if (!me.user.isPlatformAdmin) throw redirect('/');
  return { tenants: await context.trpc.platform.tenants() };
}

export default function Platform() {
  const { tenants } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  return (
    <Page title={t('platform.title')} subtitle={t('platform.subtitle')}>
      <Card className="overflow-x-auto">
        <table className="w-full text-left text-sm" data-testid="tenants-table">
          <thead className="bg-slate-50 text-slate-600">
            <tr>
              <th className="px-4 py-2 font-medium">{t('platform.tenant')}</th>
              <th className="px-4 py-2 font-medium">{t('platform.slug')}</th>
              <th className="px-4 py-2 font-medium">{t('platform.timezone')}</th>
              <th className="px-4 py-2 font-medium">{t('platform.createdAt')}</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {tenants.map((tn) => (
              <tr key={tn.id}>
                <td className="px-4 py-2">{localName(i18n.language, tn.name, tn.nameEn)}</td>
                <td className="px-4 py-2 text-slate-600">{tn.slug}</td>
                <td className="px-4 py-2 text-slate-600">{tn.timezone}</td>
                <td className="px-4 py-2 text-slate-600 tabular-nums">{localDate(new Date(tn.createdAt), tn.timezone)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Card>
      <p className="mt-4 text-sm text-slate-500">{t('platform.privacyNote')}</p>
    </Page>
  );
}
