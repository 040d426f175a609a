import { Link, useLoaderData } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Card, Page } from '../components/page.tsx';
import { buttonClass, Empty } from '../components/ui.tsx';
import { listSeparator } from '../lib/format.ts';
import { loadForRoles } from '../lib/loader.server.ts';
import { pageTitle } from '../lib/meta.ts';
import { localName } from '../lib/names.ts';
import type { Route } from './+types/patrol.plans';

export function meta({ matches }: Route.MetaArgs) {
  return pageTitle(matches, 'patrolRounds.plans.title');
}

/** 巡查计划 (managers): every station's plans — what, how often, who — with their checklists. */
export async function loader({ request, context }: Route.LoaderArgs) {
  const { data: plans } = await loadForRoles(request, context, ['manager'], () => context.trpc.patrolPlan.list());
  return { plans };
}

export default function PatrolPlans() {
  const { plans } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const sep = listSeparator(i18n.language);
  const schedule = (p: (typeof plans)[number]) =>
    p.frequency === 'weekly'
      ? t('patrolRounds.plans.weeklyOn', { days: [...p.weekdays].sort((a, b) => ((a + 6) % 7) - ((b + 6) % 7)).map((d) => t(`patrolRounds.weekday.${d}`)).join(sep) })
      : t(`patrolRounds.frequency.${p.frequency}`);
  return (
    <Page
      title={t('patrolRounds.plans.title')}
      subtitle={t('patrolRounds.plans.subtitle')}
      actions={
        <div className="flex gap-2">
          <Link to="/patrol/week" className={buttonClass.secondary}>
            {t('patrolRounds.nav.week')}
          </Link>
          <Link to="/patrol/plans/new" className={buttonClass.primary} data-testid="new-plan">
            {t('patrolRounds.plans.new')}
          </Link>
        </div>
      }
    >
      {plans.length === 0 ? (
        <Empty>{t('patrolRounds.plans.none')}</Empty>
      ) : (
        <div className="grid gap-3 lg:grid-cols-2" data-testid="plan-list">
          {plans.map((p) => (
            <Card key={p.id} className="p-4" data-testid="plan-card">
              <div className="flex items-start justify-between gap-2">
                <div className="min-w-0">
                  <h2 className="font-semibold">{p.name}</h2>
                  <p className="text-sm text-slate-600">{localName(i18n.language, p.stationName, p.stationNameEn)}</p>
                </div>
                <span className={`shrink-0 rounded-full px-2 py-0.5 text-xs font-medium ring-1 ${p.active ? 'bg-green-50 text-green-700 ring-green-600/20' : 'bg-slate-50 text-slate-600 ring-slate-500/30'}`}>
                  {t(p.active ? 'patrolRounds.plans.active' : 'patrolRounds.plans.inactive')}
                </span>
              </div>
              <dl className="mt-3 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
                <dt className="text-slate-500">{t('patrolRounds.plans.frequency')}</dt>
                <dd>{schedule(p)}</dd>
                <dt className="text-slate-500">{t('patrolRounds.plans.assignment')}</dt>
                <dd>
                  {t('patrolRounds.plans.staffLine', { mode: t(`patrolRounds.assignment.${p.assignment}`), names: p.staff.map((s) => s.name).join(sep) })}
                </dd>
                <dt className="text-slate-500">{t('patrolRounds.plans.floors')}</dt>
                <dd>
                  {p.buildings.map((b) => `${localName(i18n.language, b.name, b.nameEn)} ${b.floors.join(' ')}`).join('；')}
                </dd>
                <dt className="text-slate-500">{t('patrolRounds.plans.checklist')}</dt>
                <dd>{p.checklist.map((c) => c.label).join(sep)}</dd>
              </dl>
              <div className="mt-3">
                <Link to={`/patrol/plans/${p.id}`} className={buttonClass.smallSecondary} data-testid="edit-plan">
                  {t('patrolRounds.plans.edit')}
                </Link>
              </div>
            </Card>
          ))}
        </div>
      )}
    </Page>
  );
}
