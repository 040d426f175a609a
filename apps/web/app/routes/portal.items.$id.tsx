import { Link, redirect, useFetcher, useLoaderData } from 'react-router';
import { useTranslation } from 'react-i18next';
import { clockRunning, isFinished } from '@stationdesk/core';
import { AgencyPortalPanel } from '../components/agency-case/portal-panel.tsx';
import { StepTrack } from '../components/agency-case/step-track.tsx';
import { fetcherFailure, FormErrors } from '../components/form.tsx';
import { buttonClass, Notice, Section } from '../components/ui.tsx';
import { ItemStatusBadge } from '../components/work-items/badges.tsx';
import { Composer, MessageList } from '../components/work-items/conversation.tsx';
import { History } from '../components/work-items/history.tsx';
import { ItemFacts } from '../components/work-items/item-facts.tsx';
import { RatingInput } from '../components/work-items/rating-input.tsx';
import { WithdrawForm } from '../components/withdraw-form.tsx';
import type { ActionResult } from '../lib/action-result.ts';
import { notFoundOr } from '../lib/action-result.server.ts';
import { checklistNames } from '../lib/agency-case.ts';
import { loadPortalAgencyCase } from '../lib/agency-case.server.ts';
import { formatDateTime } from '../lib/format.ts';
import { freshIdempotencyKey } from '../lib/idempotency.ts';
import { loadForRoles } from '../lib/loader.server.ts';
import { pageTitle } from '../lib/meta.ts';
import { itemPageAction } from '../lib/item-action.server.ts';
import { localName } from '../lib/names.ts';
import type { PortalWorkItemDetail } from '../lib/work-items.ts';
import { portalView } from '../lib/work-items.server.ts';
import type { Route } from './+types/portal.items.$id';

export function meta({ matches, loaderData }: Route.MetaArgs) {
  return pageTitle(matches, 'workItems.portal.title', loaderData?.item.number);
}

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const { role, timezone, data } = await loadForRoles(request, context, ['manager', 'staff', 'enterprise_admin'], () =>
    Promise.all([context.trpc.workItem.get({ id: params.id }).catch(notFoundOr), context.trpc.station.list().catch(() => [])]),
  );
  if (role !== 'enterprise_admin') throw redirect(`/items/${params.id}`);
  const [answer, stations] = data;
  const item = portalView(answer);
  const station = stations.find((s) => s.id === item.stationId);
  const agency = item.kind === 'agency' ? await loadPortalAgencyCase(context.trpc, params.id) : null;
  return { timezone, item, agency, stationName: station ? localName(context.lang, station.name, station.nameEn) : item.stationName, replyKey: freshIdempotencyKey() };
}

/** The enterprise's side: reply (answering a request for information), resume, withdraw, rate, an agency case's materials. */
export function action({ request, context, params }: Route.ActionArgs) {
  return itemPageAction({ request, context, id: params.id });
}

/** Where the request stands, as the enterprise thinks of it. */
const steps = ['received', 'accepted', 'in_progress', 'resolved', 'visited', 'closed'] as const;
function stepOf(status: string): number {
  switch (status) {
    case 'received':
    case 'assigned':
    case 'returned':
      return 0;
    case 'accepted':
      return 1;
    case 'in_progress':
    case 'waiting':
      return 2;
    case 'resolved':
      return 3;
    case 'visited':
      return 4;
    default:
      return 5;
  }
}

function Progress({ item }: { item: PortalWorkItemDetail }) {
  const { t } = useTranslation();
  const current = stepOf(item.status);
  return (
    <ol className="mt-4 grid grid-cols-6 gap-1" aria-label={t('workItems.portal.progress')}>
      {steps.map((s, i) => (
        <li key={s} className="min-w-0" aria-current={i === current ? 'step' : undefined}>
          <div className={`h-1.5 rounded-full ${i < current ? 'bg-brand-600' : i === current ? (item.status === 'waiting' ? 'bg-amber-500' : 'bg-brand-600') : 'bg-slate-200'}`} />
          <div className={`mt-1 truncate text-[11px] sm:text-xs ${i === current ? 'font-medium text-slate-900' : 'text-slate-500'}`}>
            {/* The status vocabulary, as the badge above says it. */}
            {t(`vocab.workItemStatus.${i === current && item.status === 'waiting' ? 'waiting' : s}`)}
          </div>
        </li>
      ))}
    </ol>
  );
}

export default function PortalItem() {
  const { timezone, item, agency, stationName, replyKey } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const allowed = new Set(item.allowedActions);
  const waiting = item.status === 'waiting';
  const request = waiting ? [...item.history].reverse().find((e) => e.action === 'request_info') : undefined;
  // Once the enterprise has answered the request, it can tell the station to carry on.
  // Files handed in for an agency case answer it as well as a reply does.
  const since = item.waitingSince ? Date.parse(item.waitingSince) : null;
  const answered =
    waiting &&
    since !== null &&
    (item.messages.some((m) => m.fromEnterprise && Date.parse(m.at) >= since) || (agency?.checklist.some((e) => e.files.some((f) => Date.parse(f.uploadedAt) >= since)) ?? false));
  const answer = item.answer && isFinished(item.status) ? item.answer : null;

  return (
    <div className="mx-auto max-w-4xl space-y-4">
      <nav aria-label={t('workItems.item.breadcrumb')} className="text-sm">
        <Link to="/portal" className="text-slate-500 hover:text-slate-800">
          ← {t('workItems.portal.backToList')}
        </Link>
      </nav>

      <header className="rounded-lg border border-slate-200 bg-white p-4 sm:p-5" data-testid="item-header">
        <div className="flex flex-wrap items-center gap-2">
          <span className="font-mono text-sm text-slate-600 tabular-nums" data-testid="item-number">
            {item.number}
          </span>
          <ItemStatusBadge status={item.status} />
        </div>
        <h1 className="mt-2 text-xl font-semibold break-words text-slate-900" data-testid="item-title">
          {item.title}
        </h1>
        <p className="mt-1 text-sm text-slate-600">
          {t('workItems.portal.handledBy', { station: stationName })}
          {item.resolutionDueAt && clockRunning(item.status)
            ? ` · ${t('workItems.portal.dueBy', { time: formatDateTime(item.resolutionDueAt, timezone) })}`
            : ''}
        </p>
        {agency ? (
          <div className="mt-4">
            <StepTrack agency={agency} waiting={waiting} />
          </div>
        ) : (
          <Progress item={item} />
        )}
      </header>

      {item.closedReason === 'converted' && item.linkedItem ? (
        <Notice tone="info">
          <p data-testid="converted-notice">
            {t('workItems.portal.convertedTo')}{' '}
            <Link to={`/portal/items/${item.linkedItem.id}`} className="font-mono font-medium text-brand-700 hover:underline">
              {item.linkedItem.number}
            </Link>
          </p>
          <p className="mt-1 text-xs">{t('workItems.portal.convertedHint')}</p>
        </Notice>
      ) : null}

      {waiting ? (
        <section className="rounded-lg border-2 border-amber-400 bg-amber-50 p-4" aria-labelledby="waiting-title" data-testid="waiting-callout">
          <h2 id="waiting-title" className="font-medium text-amber-900">
            {t('workItems.portal.waitingTitle')}
          </h2>
          {request?.note ? <p className="mt-1 text-sm whitespace-pre-wrap text-amber-900">{request.note}</p> : null}
          <p className="mt-2 text-xs text-amber-800">{t('workItems.portal.waitingHint')}</p>
          <div className="mt-3">
            <Composer mode="portal" highlight placeholder={t('workItems.portal.waitingPlaceholder')} idempotencyKey={replyKey} />
          </div>
          {answered && allowed.has('resume') ? <ResumeOffer item={item} /> : null}
        </section>
      ) : null}

      {agency ? <AgencyPortalPanel agency={agency} status={item.status} timezone={timezone} /> : null}

      {answer ? (
        <Section title={t('workItems.portal.answer')} testId="item-answer">
          <p className="px-4 py-3 text-sm break-words whitespace-pre-wrap text-slate-800">{answer}</p>
        </Section>
      ) : null}

      {item.status === 'resolved' ? <RateForm /> : null}

      <Section title={t('workItems.conversation.title')} count={item.messages.length} testId="conversation">
        <div className="border-b border-slate-100 px-4 py-3">
          <p className="text-xs font-medium text-slate-500">{t('workItems.portal.yourRequest')}</p>
          <p className="mt-1 text-sm break-words whitespace-pre-wrap text-slate-800">{item.description || t('workItems.item.noDescription')}</p>
        </div>
        <MessageList messages={item.messages} timezone={timezone} mode="portal" />
        {item.status !== 'closed' && !waiting ? (
          <div className="border-t border-slate-100 p-3">
            <Composer mode="portal" idempotencyKey={replyKey} />
          </div>
        ) : null}
      </Section>

      <div className="grid grid-cols-1 gap-4 md:grid-cols-2">
        <Section title={t('workItems.item.details')}>
          <ItemFacts item={item} timezone={timezone} mode="portal" />
        </Section>
        <Section title={t('workItems.history.title')} testId="history-section">
          <History events={item.history} timezone={timezone} linkAgency={false} materials={agency ? checklistNames(agency, i18n.language) : undefined} />
        </Section>
      </div>

      {allowed.has('withdraw') ? <Withdraw item={item} /> : null}
    </div>
  );
}

function ResumeOffer({ item }: { item: PortalWorkItemDetail }) {
  const { t } = useTranslation();
  const fetcher = useFetcher<ActionResult>();
  const failed = fetcherFailure(fetcher);
  return (
    <fetcher.Form method="post" className="mt-3 flex flex-wrap items-center justify-between gap-2 rounded-md border border-amber-300 bg-white px-3 py-2" data-testid="resume-offer">
      <input type="hidden" name="intent" value="transition" />
      <input type="hidden" name="action" value="resume" />
      <input type="hidden" name="version" value={item.version} />
      <p className="text-sm text-slate-800">{t('workItems.portal.resumeQuestion')}</p>
      <button type="submit" className={buttonClass.primary} disabled={fetcher.state !== 'idle'} data-testid="action-resume">
        {t('workItems.portal.resume')}
      </button>
      {failed?.error ? (
        <div className="w-full">
          <FormErrors failure={failed} />
        </div>
      ) : null}
    </fetcher.Form>
  );
}

function RateForm() {
  const { t } = useTranslation();
  const fetcher = useFetcher<ActionResult>();
  const failed = fetcherFailure(fetcher);
  const errors = failed?.fieldErrors ?? {};
  return (
    <section className="rounded-lg border-2 border-brand-600/40 bg-white p-4" aria-labelledby="rate-title" data-testid="rate-form">
      <h2 id="rate-title" className="font-medium text-slate-900">
        {t('workItems.portal.rateTitle')}
      </h2>
      <p className="mt-1 text-sm text-slate-600">{t('workItems.portal.rateHint')}</p>
      <fetcher.Form method="post" className="mt-3 space-y-3" noValidate>
        <input type="hidden" name="intent" value="rate" />
        <RatingInput who="enterprise" error={errors.rating} reopenError={errors.reopen} />
        <FormErrors failure={failed} />
        <div className="flex justify-end">
          <button type="submit" className={buttonClass.primary} disabled={fetcher.state !== 'idle'} data-testid="rate-submit">
            {fetcher.state !== 'idle' ? t('workItems.common.sending') : t('workItems.portal.rateSubmit')}
          </button>
        </div>
      </fetcher.Form>
    </section>
  );
}

function Withdraw({ item }: { item: PortalWorkItemDetail }) {
  const { t } = useTranslation();
  const fetcher = useFetcher<ActionResult>();
  const failed = fetcherFailure(fetcher);
  return (
    <WithdrawForm
      fetcher={fetcher}
      hidden={{ intent: 'transition', action: 'withdraw', version: item.version }}
      labels={{ open: t('workItems.portal.withdraw'), note: t('workItems.portal.withdrawReason'), cancel: t('workItems.common.cancel'), submit: t('workItems.portal.withdrawConfirm') }}
      noteError={failed?.fieldErrors.note}
      formError={failed?.error}
      openTestId="withdraw-open"
    />
  );
}
