import { Link, redirect, useLoaderData } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Card, Page, Stat } from '../components/page.tsx';
import { buttonClass, Notice } from '../components/ui.tsx';
import { Histogram, StackedBars } from '../components/notifications/charts.tsx';
import { formatSeconds } from '../components/notifications/format.ts';
import { QuietBadge } from '../components/notifications/ui.tsx';
import { formatDateTime } from '../lib/format.ts';
import { pageTitle } from '../lib/meta.ts';
import { requireMe } from '../lib/session.server.ts';
import type { Route } from './+types/platform.ops';

/** Operators work to Beijing time: the platform spans tenants, none of whose zones is theirs. */
const OPS_TIME_ZONE = 'Asia/Shanghai';
const stateColors = { waiting: '#1d4ed8', delayed: '#93c5fd', active: '#059669', failed: '#dc2626' } as const;
const states = ['waiting', 'delayed', 'active', 'failed'] as const;
const bucketKeys = ['le5', 'le30', 'le60', 'le300', 'le900', 'over'] as const;

export function meta({ matches }: Route.MetaArgs) {
  return pageTitle(matches, 'notifications.ops.title');
}

export async function loader({ request, context }: Route.LoaderArgs) {
  const me = await requireMe(request, context);
  if (!me.user.isPlatformAdmin) throw redirect('/');
  return { ops: await context.trpc.ops.queues() };
}

export default function PlatformOps() {
  const { ops } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const alive = ops.workers.filter((w) => w.alive).length;
  const seconds = (v: number | null) => (v === null ? '—' : formatSeconds(t, v));
  return (
    <Page
      title={t('notifications.ops.title')}
      subtitle={t('notifications.ops.subtitle')}
      actions={
        <div className="flex items-center gap-3 text-xs text-slate-500">
          <span className="tabular-nums">{t('notifications.ops.generatedAt', { time: formatDateTime(ops.generatedAt, OPS_TIME_ZONE) })}</span>
          <Link to="/platform/ops" className={buttonClass.smallSecondary} reloadDocument>
            {t('notifications.ops.refresh')}
          </Link>
        </div>
      }
    >
      <div className="space-y-4">
        <div className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-5">
          <Stat label={t('notifications.ops.workersAlive')} value={<span className={alive === 0 ? 'text-red-700' : ''}>{alive}</span>} testId="ops-workers" />
          <Stat label={t('notifications.ops.firedLastHour')} value={ops.lag.count} testId="ops-fired" />
          <Stat label={t('notifications.ops.lagP95')} value={seconds(ops.lag.p95)} testId="ops-lag-p95" />
          <Stat label={t('notifications.ops.failed24h')} value={<span className={ops.deliveries24h.failed > 0 ? 'text-red-700' : ''}>{ops.deliveries24h.failed}</span>} testId="ops-failed" />
          <Stat
            label={t('notifications.ops.uncertain24h')}
            value={<span className={ops.deliveries24h.uncertain > 0 ? 'text-amber-700' : ''}>{ops.deliveries24h.uncertain}</span>}
            testId="ops-uncertain"
          />
        </div>
        {alive === 0 ? <Notice tone="warning">{t('notifications.ops.noWorkers')}</Notice> : null}

        <div className="grid gap-4 lg:grid-cols-2">
          <Card>
            <div className="flex flex-wrap items-baseline justify-between gap-2 border-b border-slate-100 px-4 py-3">
              <h2 className="font-medium">{t('notifications.ops.queuesTitle')}</h2>
              {ops.queueBackend ? <span className="text-xs text-slate-500">{t('notifications.ops.backend', { backend: ops.queueBackend === 'redis' ? 'Redis' : 'PostgreSQL' })}</span> : null}
            </div>
            {ops.queueError ? (
              <div className="p-4">
                <Notice tone="warning">{t('notifications.ops.queueUnavailable', { error: ops.queueError })}</Notice>
              </div>
            ) : (
              <div className="space-y-4 p-4">
                <div className="overflow-x-auto">
                  <table className="w-full text-left text-sm" data-testid="ops-queues">
                    <thead className="text-slate-500">
                      <tr>
                        <th className="py-1.5 pr-3 font-medium"></th>
                        {states.map((s) => (
                          <th key={s} className="px-2 py-1.5 text-right font-medium whitespace-nowrap">
                            {t(`notifications.ops.state.${s}`)}
                          </th>
                        ))}
                      </tr>
                    </thead>
                    <tbody className="divide-y divide-slate-100">
                      {ops.queues.map((q) => (
                        <tr key={q.name}>
                          <td className="py-1.5 pr-3 whitespace-nowrap">
                            {t(`notifications.ops.queueName.${q.name}`, { defaultValue: q.name })}
                            <span className="ml-1.5 hidden font-mono text-xs text-slate-400 sm:inline">{q.name}</span>
                          </td>
                          {states.map((s) => (
                            <td key={s} className={`px-2 py-1.5 text-right tabular-nums ${s === 'failed' && q.failed > 0 ? 'font-medium text-red-700' : ''}`}>
                              {q[s]}
                            </td>
                          ))}
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
                <StackedBars
                  title={t('notifications.ops.queuesTitle')}
                  testId="ops-queue-chart"
                  rows={ops.queues.map((q) => ({
                    label: t(`notifications.ops.queueName.${q.name}`, { defaultValue: q.name }),
                    segments: states.map((s) => ({ key: s, label: t(`notifications.ops.state.${s}`), value: q[s], color: stateColors[s] })),
                  }))}
                />
              </div>
            )}
          </Card>

          <Card>
            <div className="border-b border-slate-100 px-4 py-3">
              <h2 className="font-medium">{t('notifications.ops.lagTitle')}</h2>
              <p className="mt-0.5 text-xs text-slate-500" data-testid="ops-lag-hint">
                {t('notifications.ops.lagHint')}
              </p>
            </div>
            <div className="space-y-4 p-4">
              <dl className="grid grid-cols-4 gap-2 text-center" data-testid="ops-lag">
                {(['p50', 'p95', 'p99', 'max'] as const).map((k) => (
                  <div key={k} className="rounded-md bg-slate-50 px-2 py-2">
                    <dt className="text-xs text-slate-500">{t(`notifications.ops.percentile.${k}`)}</dt>
                    <dd className="mt-0.5 text-sm font-semibold tabular-nums">{seconds(ops.lag[k])}</dd>
                  </div>
                ))}
              </dl>
              {ops.lag.count === 0 ? (
                <p className="py-6 text-center text-sm text-slate-500">{t('notifications.ops.lagNone')}</p>
              ) : (
                <Histogram
                  title={t('notifications.ops.lagChart')}
                  testId="ops-lag-chart"
                  bars={ops.lag.buckets.map((b, i) => ({
                    label: t(`notifications.ops.bucket.${bucketKeys[i] ?? 'over'}`),
                    value: b.count,
                    color: i >= 4 ? '#dc2626' : i >= 3 ? '#f59e0b' : '#1d4ed8',
                  }))}
                />
              )}
            </div>
          </Card>
        </div>

        <Card className="overflow-x-auto">
          <h2 className="border-b border-slate-100 px-4 py-3 font-medium">{t('notifications.ops.workersTitle')}</h2>
          {ops.workers.length === 0 ? (
            <p className="px-4 py-6 text-center text-sm text-slate-500">{t('notifications.ops.noWorkers')}</p>
          ) : (
            <table className="w-full text-left text-sm" data-testid="ops-workers-table">
              <thead className="bg-slate-50 text-slate-600">
                <tr>
                  <th className="px-4 py-2 font-medium">{t('notifications.ops.host')}</th>
                  <th className="hidden px-4 py-2 font-medium sm:table-cell">{t('notifications.ops.pid')}</th>
                  <th className="hidden px-4 py-2 font-medium sm:table-cell">{t('notifications.ops.startedAt')}</th>
                  <th className="px-4 py-2 font-medium">{t('notifications.ops.seenAt')}</th>
                  <th className="px-4 py-2 font-medium"></th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {ops.workers.map((w) => (
                  <tr key={w.id}>
                    <td className="px-4 py-2 font-mono text-xs">{w.host}</td>
                    <td className="hidden px-4 py-2 tabular-nums sm:table-cell">{w.pid}</td>
                    <td className="hidden px-4 py-2 whitespace-nowrap tabular-nums sm:table-cell">{formatDateTime(w.startedAt, OPS_TIME_ZONE)}</td>
                    <td className="px-4 py-2 whitespace-nowrap tabular-nums">{formatDateTime(w.seenAt, OPS_TIME_ZONE)}</td>
                    <td className="px-4 py-2">{w.alive ? <QuietBadge tone="green">{t('notifications.ops.alive')}</QuietBadge> : <QuietBadge>{t('notifications.ops.gone')}</QuietBadge>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Card>
      </div>
    </Page>
  );
}
