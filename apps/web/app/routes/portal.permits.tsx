import { Link, useLoaderData } from 'react-router';
import { useTranslation } from 'react-i18next';
import { EmptyResults } from '../components/result-list.tsx';
import { Page } from '../components/page.tsx';
import { buttonClass, Section } from '../components/ui.tsx';
import { formatDateTime } from '../lib/format.ts';
import { loadForRoles } from '../lib/loader.server.ts';
import { pageTitle } from '../lib/meta.ts';
import { localName } from '../lib/names.ts';
import type { Route } from './+types/portal.permits';

export function meta({ matches }: Route.MetaArgs) {
  return pageTitle(matches, 'portalPermits.title');
}

export async function loader({ request, context }: Route.LoaderArgs) {
  const { timezone, data } = await loadForRoles(request, context, ['enterprise_admin'], () => context.trpc.agencyCase.portalList());
  return { timezone, ...data };
}

/** 办事申请: the company's drafts to finish and its permit requests with the step each has reached. */
export default function PortalPermits() {
  const { timezone, drafts, cases } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  return (
    <Page
      title={t('portalPermits.title')}
      subtitle={t('portalPermits.subtitle')}
      actions={
        <Link to="/portal/permits/new" className={buttonClass.primary} data-testid="permit-new">
          {t('portalPermits.new')}
        </Link>
      }
    >
      <div className="space-y-4">
        {drafts.length ? (
          <Section title={t('portalPermits.drafts')} count={drafts.length} testId="permit-drafts">
            <ul className="divide-y divide-slate-100">
              {drafts.map((d) => (
                <li key={d.id} className="flex flex-wrap items-center gap-2 px-4 py-3" data-testid="permit-draft">
                  <Link to={`/portal/permits/new?draft=${d.id}`} className="font-medium text-brand-700 hover:underline">
                    {localName(i18n.language, d.typeName, d.typeNameEn)}
                  </Link>
                  <span className="text-xs text-slate-500">{t('portalPermits.draftFiles', { count: d.filesUploaded })}</span>
                  {d.missingRequired ? <span className="rounded-full bg-amber-100 px-2 py-0.5 text-xs text-amber-900">{t('portalPermits.draftMissing', { count: d.missingRequired })}</span> : null}
                  <span className="ml-auto text-xs text-slate-500 tabular-nums">{t('portalPermits.savedAt', { time: formatDateTime(d.updatedAt, timezone) })}</span>
                </li>
              ))}
            </ul>
          </Section>
        ) : null}
        {cases.length === 0 ? (
          <EmptyResults testId="permits-empty" title={t('portalPermits.empty')} hint={t('portalPermits.emptyHint')} />
        ) : (
          <Section title={t('portalPermits.cases')} count={cases.length} testId="permit-cases">
            <ul className="divide-y divide-slate-100">
              {cases.map((c) => (
                <li key={c.id} className="px-4 py-3" data-testid="permit-case" data-step={c.step}>
                  <div className="flex flex-wrap items-center gap-2">
                    <Link to={`/portal/permits/${c.id}`} className="font-mono text-sm text-brand-700 tabular-nums hover:underline" data-testid="permit-number">
                      {c.number}
                    </Link>
                    <span className="rounded-full bg-slate-100 px-2 py-0.5 text-xs text-slate-700" data-testid="permit-step">
                      {c.step === 'done' && c.result ? t(`vocab.agencyResult.${c.result}`) : t(`vocab.agencyStep.${c.step}`)}
                    </span>
                    {c.status === 'waiting' ? <span className="rounded-full bg-amber-100 px-2 py-0.5 text-xs font-medium text-amber-900">{t('portalPermits.waitingOnYou')}</span> : null}
                    {c.rejected ? <span className="rounded-full bg-red-100 px-2 py-0.5 text-xs font-medium text-red-800">{t('portalPermits.rejected', { count: c.rejected })}</span> : null}
                    {c.step === 'done' && c.result === 'approved' && !c.pickedUpAt ? <span className="rounded-full bg-green-100 px-2 py-0.5 text-xs text-green-800">{t('portalPermits.readyForPickUp')}</span> : null}
                  </div>
                  <div className="mt-1 flex flex-wrap items-center gap-x-3 text-sm">
                    <span className="font-medium text-slate-900">{localName(i18n.language, c.typeName, c.typeNameEn)}</span>
                    {c.step !== 'done' ? <span className="text-slate-600">{t('portalPermits.expectedBy', { time: formatDateTime(c.dueAt, timezone) })}</span> : null}
                    {c.doneAt ? <span className="text-slate-600">{t('portalPermits.doneAt', { time: formatDateTime(c.doneAt, timezone) })}</span> : null}
                  </div>
                </li>
              ))}
            </ul>
          </Section>
        )}
      </div>
    </Page>
  );
}
