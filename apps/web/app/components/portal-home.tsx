import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { RouterOutputs } from '@stationdesk/api';
import { expiryTone, formatDateTime } from '../lib/format.ts';
import { ItemStatusBadge } from './work-items/badges.tsx';

type Home = RouterOutputs['portal']['home'];

/** Where an item of the company opens in the portal: a permit request on its own page. */
function itemHref(item: { id: string; kind: string }): string {
  return item.kind === 'agency' ? `/portal/permits/${item.id}` : `/portal/items/${item.id}`;
}

function Block({ title, count, testId, children, empty }: { title: string; count: number; testId: string; children: React.ReactNode; empty?: string }) {
  return (
    <section className="rounded-lg border border-slate-200 bg-white" data-testid={testId} aria-label={title}>
      <h2 className="flex items-center gap-2 border-b border-slate-100 px-4 py-2 font-medium text-slate-900">
        {title}
        <span className="text-sm font-normal text-slate-500 tabular-nums" data-testid={`${testId}-count`}>
          {count}
        </span>
      </h2>
      {count === 0 && empty ? <p className="px-4 py-3 text-sm text-slate-500">{empty}</p> : children}
    </section>
  );
}

const toneClass: Record<string, string> = { expired: 'text-red-700', critical: 'text-red-700', soon: 'text-amber-700', ok: 'text-slate-600' };

/**
 * 企业门户首页 (issue 22): what waits on the company first, then its cases in progress with the
 * next step and the date, its file's papers expiring within 60 days, new notices, activities ahead.
 * Every item and case number is a link.
 */
export function PortalHomeSections({ home, timezone, today, enterpriseId }: { home: Home; timezone: string; today: string; enterpriseId: string | null }) {
  const { t } = useTranslation();
  return (
    <div className="mb-2 grid gap-4 lg:grid-cols-2" data-testid="portal-home">
      <div className="lg:col-span-2">
        <Block title={t('portalHome.waiting')} count={home.counts.waiting} testId="home-waiting" empty={t('portalHome.waitingEmpty')}>
          <ul className="divide-y divide-slate-100">
            {home.waiting.map((w) => (
              <li key={w.id} className="flex flex-wrap items-center gap-2 px-4 py-2.5" data-testid="home-waiting-item" data-reason={w.reason}>
                <Link to={itemHref(w)} className="font-mono text-sm text-brand-700 tabular-nums hover:underline" data-testid="home-number">
                  {w.number}
                </Link>
                <span className="rounded-full bg-amber-100 px-2 py-0.5 text-xs font-medium text-amber-900">{t(`portalHome.reason.${w.reason}`, { count: w.rejected })}</span>
                <span className="min-w-0 truncate text-sm text-slate-900">{w.title}</span>
                {w.since ? <span className="ml-auto text-xs text-slate-500 tabular-nums">{formatDateTime(w.since, timezone)}</span> : null}
              </li>
            ))}
          </ul>
        </Block>
      </div>

      <Block title={t('portalHome.inProgress')} count={home.counts.inProgress} testId="home-progress" empty={t('portalHome.inProgressEmpty')}>
        <ul className="divide-y divide-slate-100">
          {home.inProgress.map((c) => (
            <li key={c.id} className="px-4 py-2.5" data-testid="home-progress-item" data-step={c.step ?? ''}>
              <div className="flex flex-wrap items-center gap-2">
                <Link to={itemHref(c)} className="font-mono text-sm text-brand-700 tabular-nums hover:underline" data-testid="home-number">
                  {c.number}
                </Link>
                {c.step ? (
                  <span className="rounded-full bg-slate-100 px-2 py-0.5 text-xs text-slate-700">{t(`vocab.agencyStep.${c.step}`)}</span>
                ) : (
                  <ItemStatusBadge status={c.status} />
                )}
                <span className="min-w-0 truncate text-sm text-slate-900">{c.title}</span>
              </div>
              <p className="mt-0.5 text-xs text-slate-600" data-testid="home-next">
                {c.step === 'done' ? t('portalHome.pickUp') : c.nextStep ? t('portalHome.nextStep', { step: t(`vocab.agencyStep.${c.nextStep}`) }) : null}
                {c.dueAt ? <span className="ml-2 tabular-nums">{t('portalHome.expectedBy', { time: formatDateTime(c.dueAt, timezone) })}</span> : null}
              </p>
            </li>
          ))}
        </ul>
      </Block>

      <Block title={t('portalHome.expiring')} count={home.counts.expiring} testId="home-expiring" empty={t('portalHome.expiringEmpty')}>
        <ul className="divide-y divide-slate-100">
          {home.expiring.map((d) => (
            <li key={d.id} className="flex flex-wrap items-center gap-2 px-4 py-2.5 text-sm" data-testid="home-expiring-item">
              {enterpriseId ? (
                <Link to={`/enterprises/${enterpriseId}`} className="font-medium text-brand-700 hover:underline">
                  {t(`vocab.documentType.${d.docType}`)}
                </Link>
              ) : (
                <span className="font-medium">{t(`vocab.documentType.${d.docType}`)}</span>
              )}
              {d.number ? <span className="font-mono text-xs text-slate-500">{d.number}</span> : null}
              <span className={`ml-auto text-xs tabular-nums ${toneClass[expiryTone(d.expiresOn, today)]}`}>
                {d.daysLeft < 0 ? t('portalHome.expiredOn', { date: d.expiresOn }) : t('portalHome.expiresOn', { date: d.expiresOn, count: d.daysLeft })}
              </span>
            </li>
          ))}
        </ul>
      </Block>

      {/* New notices: shown when the notices are part of the installation (the answer is then a list). */}
      {home.notices !== null ? (
        <Block title={t('portalHome.notices')} count={home.counts.unreadNotices} testId="home-notices" empty={t('portalHome.noticesEmpty')}>
          <ul className="divide-y divide-slate-100">
            {home.notices.map((n) => (
              <li key={n.id} className="flex flex-wrap items-center gap-2 px-4 py-2.5 text-sm" data-testid="home-notice">
                <Link to={`/portal/notices/${n.id}`} className="min-w-0 truncate font-medium text-brand-700 hover:underline">
                  {n.title}
                </Link>
                <span className="ml-auto text-xs text-slate-500 tabular-nums">{formatDateTime(n.publishedAt, timezone)}</span>
              </li>
            ))}
          </ul>
        </Block>
      ) : null}

      <Block title={t('portalHome.activities')} count={home.activities.length} testId="home-activities" empty={t('portalHome.activitiesEmpty')}>
        <ul className="divide-y divide-slate-100">
          {home.activities.map((a) => (
            <li key={a.id} className="flex flex-wrap items-center gap-2 px-4 py-2.5 text-sm" data-testid="home-activity">
              <Link to={`/portal/activities/${a.id}`} className="min-w-0 truncate font-medium text-brand-700 hover:underline">
                {a.title}
              </Link>
              {a.signedUp ? <span className="rounded-full bg-green-100 px-2 py-0.5 text-xs text-green-800">{t('portalHome.signedUp')}</span> : null}
              <span className="ml-auto text-xs text-slate-500 tabular-nums">
                {formatDateTime(a.startsAt, timezone)}
                {a.place ? ` · ${a.place}` : ''}
              </span>
            </li>
          ))}
        </ul>
      </Block>
    </div>
  );
}
