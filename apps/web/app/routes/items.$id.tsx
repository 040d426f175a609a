import { Link, redirect, useLoaderData } from 'react-router';
import { useTranslation } from 'react-i18next';
import { AgencyCasePanel } from '../components/agency-case/case-panel.tsx';
import { ArticleFromItemButton, ArticleLinkPicker } from '../components/knowledge/article.tsx';
import { Section } from '../components/ui.tsx';
import { ActionBar } from '../components/work-items/action-bar.tsx';
import { ContactBadge, ItemStatusBadge, MarkBadges, PriorityBadge, SlaBadge, useNow } from '../components/work-items/badges.tsx';
import { Composer, MessageList } from '../components/work-items/conversation.tsx';
import { History } from '../components/work-items/history.tsx';
import { DueTimes, ItemFacts } from '../components/work-items/item-facts.tsx';
import { notFoundOr } from '../lib/action-result.server.ts';
import { agencyPanelActions, checklistNames } from '../lib/agency-case.ts';
import { loadAgencyCase } from '../lib/agency-case.server.ts';
import { formatDateTime } from '../lib/format.ts';
import { freshIdempotencyKey } from '../lib/idempotency.ts';
import { loadForRoles } from '../lib/loader.server.ts';
import { pageTitle } from '../lib/meta.ts';
import { itemPageAction } from '../lib/item-action.server.ts';
import { localName } from '../lib/names.ts';
import { minuteNow, type DeskRole } from '../lib/work-items.ts';
import { staffView } from '../lib/work-items.server.ts';
import type { Route } from './+types/items.$id';

export function meta({ matches, loaderData }: Route.MetaArgs) {
  return pageTitle(matches, 'workItems.queue.title', loaderData?.item.number);
}

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const id = params.id;
  const { me, role, timezone, data } = await loadForRoles(request, context, ['manager', 'staff', 'enterprise_admin'], () =>
    Promise.all([
      context.trpc.workItem.get({ id }).catch(notFoundOr),
      // Staff-only lists: an enterprise admin is sent to the portal below before they matter.
      context.trpc.workItem.assignees({ id }).catch(() => []),
      context.trpc.workItem.cannedReply.list().catch(() => []),
      context.trpc.station.list().catch(() => []),
      // For the consultation's "convert to agency": which case type it becomes.
      context.trpc.agencyType.list().catch(() => []),
    ]),
  );
  if (role === 'enterprise_admin') throw redirect(`/portal/items/${id}`);
  const [answer, assignees, cannedReplies, stations, agencyTypes] = data;
  const item = staffView(answer);
  const agency = item.kind === 'agency' ? await loadAgencyCase(context.trpc, id, timezone) : null;
  return { role: role as DeskRole, userId: me.user.id, timezone, now: minuteNow(), item, assignees, cannedReplies, stations, agencyTypes, agency, replyKey: freshIdempotencyKey() };
}

export function action({ request, context, params }: Route.ActionArgs) {
  return itemPageAction({ request, context, id: params.id });
}

export default function ItemPage() {
  const { role, userId, timezone, now: serverNow, item, assignees, cannedReplies, stations, agencyTypes, agency, replyKey } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const now = useNow(serverNow);
  const station = stations.find((s) => s.id === item.stationId);
  const names = Object.fromEntries(assignees.map((a) => [a.userId, a.name]));
  const stationNames = Object.fromEntries(stations.map((s) => [s.id, localName(lang, s.name, s.nameEn)]));
  const open = item.status !== 'closed';

  return (
    <div className="mx-auto max-w-6xl">
      <nav aria-label={t('workItems.item.breadcrumb')} className="mb-2 text-sm">
        <Link to="/items" className="text-slate-500 hover:text-slate-800">
          ← {t('workItems.item.backToQueue')}
        </Link>
      </nav>

      <header className="mb-4 rounded-lg border border-slate-200 bg-white p-4 sm:p-5" data-testid="item-header">
        <div className="flex flex-wrap items-center gap-2">
          <span className="font-mono text-sm font-medium text-slate-600 tabular-nums" data-testid="item-number">
            {item.number}
          </span>
          <ItemStatusBadge status={item.status} />
          <PriorityBadge priority={item.priority} />
          <SlaBadge item={item} now={now} />
          <ContactBadge item={item} now={now} />
          <MarkBadges item={item} />
          {item.chaseCount > 1 ? <span className="text-xs text-slate-500">{t('workItems.item.chaseCount', { count: item.chaseCount })}</span> : null}
        </div>
        <h1 className="mt-2 text-xl font-semibold break-words text-slate-900" data-testid="item-title">
          {item.title}
        </h1>
        {item.kind === 'patrol' ? (
          <Link to={`/patrol/findings/${item.id}`} className="mt-1 inline-block text-sm font-medium text-brand-700 hover:underline" data-testid="patrol-finding-link">
            {t('patrol.detail.findingLink')} →
          </Link>
        ) : null}
        {item.kind === 'dispute' ? (
          <Link to={`/disputes/${item.id}`} className="mt-1 inline-block text-sm font-medium text-brand-700 hover:underline" data-testid="dispute-case-link">
            {t('disputes.lifecycle.caseLink')} →
          </Link>
        ) : null}
        <dl className="mt-3 flex flex-wrap gap-x-6 gap-y-2 text-sm">
          <div className="min-w-0">
            <dt className="text-xs text-slate-500">{t('workItems.item.enterprise')}</dt>
            <dd>
              {item.enterpriseId ? (
                <Link to={`/enterprises/${item.enterpriseId}`} className="font-medium text-brand-700 hover:underline" data-testid="item-enterprise">
                  {item.enterpriseName}
                </Link>
              ) : (
                <span className="text-slate-600">{t('workItems.item.noEnterprise')}</span>
              )}
            </dd>
          </div>
          <div>
            <dt className="text-xs text-slate-500">{t('workItems.item.station')}</dt>
            <dd>{station ? localName(lang, station.name, station.nameEn) : item.stationName}</dd>
          </div>
          <div>
            <dt className="text-xs text-slate-500">{t('workItems.item.assignee')}</dt>
            <dd data-testid="item-assignee">{item.assigneeName ?? <span className="text-slate-500">{t('workItems.queue.unassigned')}</span>}</dd>
          </div>
          <div>
            <dt className="text-xs text-slate-500">{t('workItems.item.createdAt')}</dt>
            <dd className="tabular-nums">{formatDateTime(item.createdAt, timezone)}</dd>
          </div>
        </dl>
      </header>

      <div className="grid grid-cols-1 gap-4 lg:grid-cols-[minmax(0,1fr)_22rem]">
        <div className="min-w-0 space-y-4">
          <ActionBar
            item={item}
            role={role}
            userId={userId}
            assignees={assignees}
            stations={stations}
            timezone={timezone}
            agencyTypes={agencyTypes}
            hidden={agency ? agencyPanelActions(agency, item.status) : []}
          />
          {agency ? <AgencyCasePanel agency={agency} item={item} role={role} userId={userId} timezone={timezone} /> : null}

          <Section title={t('workItems.item.description')}>
            <div className="px-4 py-3">
              {item.description ? (
                <p className="text-sm break-words whitespace-pre-wrap text-slate-800">{item.description}</p>
              ) : (
                <p className="text-sm text-slate-400">{t('workItems.item.noDescription')}</p>
              )}
            </div>
          </Section>

          {item.answer ? (
            <Section
              title={item.kind === 'consultation' ? t('workItems.item.answer') : t('workItems.item.result')}
              testId="item-answer"
              actions={item.kind === 'consultation' && ['resolved', 'visited', 'closed'].includes(item.status) ? <ArticleFromItemButton itemId={item.id} /> : undefined}
            >
              <p className="px-4 py-3 text-sm break-words whitespace-pre-wrap text-slate-800">{item.answer}</p>
            </Section>
          ) : null}

          <Section title={t('workItems.conversation.title')} count={item.messages.length} testId="conversation">
            <MessageList messages={item.messages} timezone={timezone} mode="staff" />
            {open ? (
              <div className="border-t border-slate-100 p-3">
                <Composer mode="staff" cannedReplies={cannedReplies} idempotencyKey={replyKey} />
                <ArticleLinkPicker />
              </div>
            ) : (
              <p className="border-t border-slate-100 px-4 py-3 text-sm text-slate-500">{t('workItems.conversation.closed')}</p>
            )}
          </Section>
        </div>

        <aside className="min-w-0 space-y-4">
          <Section title={t('workItems.item.timeLimits')}>
            <DueTimes item={item} timezone={timezone} now={now} />
          </Section>
          <Section title={t('workItems.item.details')}>
            <ItemFacts item={item} timezone={timezone} mode="staff" />
          </Section>
          <Section title={t('workItems.history.title')} count={item.history.length} testId="history-section">
            <History events={item.history} timezone={timezone} names={names} stations={stationNames} materials={agency ? checklistNames(agency, lang) : undefined} />
          </Section>
        </aside>
      </div>
    </div>
  );
}
