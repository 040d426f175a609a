import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { formatDateTime, telHref } from '../../lib/format.ts';
import type { PortalWorkItemDetail, WorkItemDetail } from '../../lib/work-items.ts';
import { ContactBadge, dueTimeEstimated, formatDuration, SlaBadge } from './badges.tsx';

function Row({ label, children, testId }: { label: string; children: React.ReactNode; testId?: string }) {
  return (
    <div className="grid grid-cols-[7.5rem_1fr] gap-x-3 py-1.5 text-sm" data-testid={testId}>
      <dt className="text-slate-500">{label}</dt>
      <dd className="min-w-0 break-words text-slate-900">{children}</dd>
    </div>
  );
}

/**
 * 时限: the first-contact and resolution due times with how they stand — paused while waiting
 * for the enterprise, the pending extension, the rectification deadline after a redo.
 */
export function DueTimes({ item, timezone, now }: { item: WorkItemDetail; timezone: string; now: number }) {
  const { t, i18n } = useTranslation();
  const at = (iso: string | null) => (iso ? <span className="tabular-nums">{formatDateTime(iso, timezone)}</span> : <span className="text-slate-400">—</span>);
  return (
    <dl className="divide-y divide-slate-100 px-4 py-2" data-testid="due-times">
      <Row label={t('workItems.item.firstContact')}>
        {item.firstContactAt ? (
          <span className="text-green-700">
            ✓ {t('workItems.item.contactedAt')} {at(item.firstContactAt)}
          </span>
        ) : (
          <span className="flex flex-wrap items-center gap-1.5">
            {t('workItems.item.dueBy')} {at(item.firstContactDueAt)}
            <ContactBadge item={item} now={now} />
          </span>
        )}
      </Row>
      <Row label={t('workItems.item.resolutionDue')} testId="resolution-due">
        <span className="flex flex-wrap items-center gap-1.5">
          {at(item.resolutionDueAt)}
          <SlaBadge item={item} now={now} />
        </span>
        {item.status === 'waiting' && item.waitingSince ? (
          <span className="mt-0.5 block text-xs text-slate-500">{t('workItems.item.pausedSince', { time: formatDateTime(item.waitingSince, timezone) })}</span>
        ) : null}
        {item.pausedMinutes > 0 ? <span className="mt-0.5 block text-xs text-slate-500">{t('workItems.item.pausedTotal', { time: formatDuration(t, item.pausedMinutes) })}</span> : null}
        {item.extensionRequested ? <span className="mt-0.5 block text-xs text-violet-700">{t('workItems.item.extensionPendingNote')}</span> : null}
        {dueTimeEstimated(item) ? (
          <span className="mt-1 block rounded-md bg-amber-50 px-2 py-1 text-xs text-amber-900" role="note" data-testid="due-estimated">
            {t('workItems.item.estimatedNote', { years: new Intl.ListFormat(i18n.language, { type: 'conjunction' }).format(item.calendarMissingYears.map(String)) })}
          </span>
        ) : null}
      </Row>
      {item.resolvedAt ? <Row label={t('workItems.item.resolvedAt')}>{at(item.resolvedAt)}</Row> : null}
      {item.rectificationDueAt ? (
        <Row label={t('workItems.item.rectificationDue')}>
          <span className={item.rectifiedAt ? 'text-slate-700' : 'font-medium text-red-700'}>{at(item.rectificationDueAt)}</span>
          {item.rectifiedAt ? (
            <span className="ml-1.5 text-green-700" data-testid="rectified">
              ✓ {t('visits.rectifications.rectifiedAt', { time: formatDateTime(item.rectifiedAt, timezone) })}
            </span>
          ) : null}
          {item.redoCount > 0 ? <span className="ml-1 text-xs text-slate-500">{t('workItems.item.redoCount', { count: item.redoCount })}</span> : null}
        </Row>
      ) : null}
    </dl>
  );
}

/** 工单信息: who asked, how, about what, and the record of the outcome — for staff, or the enterprise's own view. */
export function ItemFacts(props: { item: WorkItemDetail; timezone: string; mode: 'staff' } | { item: PortalWorkItemDetail; timezone: string; mode: 'portal' }) {
  const { item, timezone } = props;
  const staff = props.mode === 'staff' ? props.item : null;
  const { t } = useTranslation();
  return (
    <dl className="divide-y divide-slate-100 px-4 py-2" data-testid="item-facts">
      <Row label={t('workItems.item.kind')}>{t(`workItems.kind.${item.kind}`)}</Row>
      {/* An agency case's category is its type's code: the agency panel names the type. */}
      {item.category && item.kind !== 'agency' ? <Row label={t('workItems.entry.category')}>{t(`workItems.category.${item.category}`, { defaultValue: item.category })}</Row> : null}
      <Row label={t('workItems.entry.channel')}>{t(`workItems.channel.${item.channel}`)}</Row>
      {staff ? (
        <>
          <Row label={t('workItems.entry.requesterName')}>{staff.requesterName ?? <span className="text-slate-400">—</span>}</Row>
          <Row label={t('workItems.entry.requesterPhone')}>
            {staff.requesterPhone ? (
              <a href={telHref(staff.requesterPhone)} className="text-brand-700 tabular-nums hover:underline">
                {staff.requesterPhone}
              </a>
            ) : (
              <span className="text-slate-400">—</span>
            )}
          </Row>
        </>
      ) : item.requesterName ? (
        <Row label={t('workItems.portal.submittedBy')}>{item.requesterName}</Row>
      ) : null}
      <Row label={t('workItems.item.createdAt')}>
        <span className="tabular-nums">{formatDateTime(item.createdAt, timezone)}</span>
      </Row>
      {staff?.acceptedAt ? (
        <Row label={t('workItems.item.acceptedAt')}>
          <span className="tabular-nums">{formatDateTime(staff.acceptedAt, timezone)}</span>
        </Row>
      ) : null}
      {item.closedAt ? (
        <Row label={t('workItems.item.closedAt')}>
          <span className="tabular-nums">{formatDateTime(item.closedAt, timezone)}</span>
          {item.closedReason === 'converted' ? <span className="ml-1 text-xs text-slate-500" data-testid="closed-converted">· {t('workItems.history.action.converted')}</span> : null}
        </Row>
      ) : null}
      {staff && staff.resolvedOk !== null ? <Row label={t('workItems.item.handlerVerdict')}>{staff.resolvedOk ? t('workItems.item.solved') : t('workItems.item.notSolved')}</Row> : null}
      {item.requesterConfirmed !== null ? <Row label={t('workItems.item.requesterVerdict')}>{item.requesterConfirmed ? t('workItems.item.confirmed') : t('workItems.item.notConfirmed')}</Row> : null}
      {item.rating ? (
        <Row label={t('workItems.item.rating')} testId="item-rating">
          <span className="font-medium">{t(`vocab.rating.${item.rating}`)}</span>
          {item.ratingSource ? <span className="ml-1 text-xs text-slate-500">{t('workItems.item.ratingSource', { source: t(`workItems.history.source.${item.ratingSource}`) })}</span> : null}
          {item.ratingComment ? <span className="mt-0.5 block text-slate-700">{item.ratingComment}</span> : null}
        </Row>
      ) : null}
      {item.linkedItem ? (
        <Row label={t('workItems.item.linked')}>
          <Link to={`${staff ? '/items' : '/portal/items'}/${item.linkedItem.id}`} className="font-mono text-brand-700 hover:underline">
            {item.linkedItem.number}
          </Link>
        </Row>
      ) : null}
    </dl>
  );
}
