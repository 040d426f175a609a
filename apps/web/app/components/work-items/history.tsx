import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../lib/format.ts';
import { ratingFromNote, type WorkItemEvent } from '../../lib/work-items.ts';
import { formatDuration } from './badges.tsx';

const dotClass: Record<string, string> = {
  create: 'bg-sky-500',
  resolve: 'bg-green-600',
  visit: 'bg-emerald-600',
  close: 'bg-slate-500',
  return: 'bg-orange-500',
  redo: 'bg-red-500',
  withdraw: 'bg-slate-400',
  request_info: 'bg-amber-500',
  chase: 'bg-orange-500',
  supervise: 'bg-red-600',
  extension_requested: 'bg-violet-500',
  extension_approved: 'bg-violet-600',
  extension_rejected: 'bg-violet-400',
  material_rejected: 'bg-red-500',
  material_accepted: 'bg-green-600',
  picked_up: 'bg-emerald-600',
};

/**
 * 办理记录: who did what and when, from which status to which, and why — oldest first, as the
 * loop ran. The enterprise's copy comes without internal entries (the API leaves them out).
 */
export function History({
  events,
  timezone,
  names = {},
  stations = {},
  linkAgency = true,
  materials = {},
}: {
  events: WorkItemEvent[];
  timezone: string;
  /** user id → name, to say whom an item was dispatched to. */
  names?: Record<string, string>;
  /** station id → name, to say where a returned item went. */
  stations?: Record<string, string>;
  linkAgency?: boolean;
  /** An agency case's checklist: entry key → name, to say which material a line is about. */
  materials?: Record<string, string>;
}) {
  const { t } = useTranslation();
  return (
    <ol className="relative space-y-4 px-4 py-4" data-testid="history">
      {events.map((e, i) => {
        const d = e.data as Record<string, unknown>;
        const noteRating = ratingFromNote(e.note);
        // An agency case resolved by its 办结 step without a note carries its result as the note.
        const agencyResult = /^agency:(approved|rejected|withdrawn)$/.exec(e.note ?? '')?.[1] ?? null;
        const rating = typeof d.rating === 'string' ? d.rating : null;
        const details: React.ReactNode[] = [];
        if (typeof d.assigneeId === 'string' && names[d.assigneeId]) details.push(t('workItems.history.to', { name: names[d.assigneeId] }));
        if (typeof d.toStationId === 'string') details.push(t('workItems.history.toStation', { station: stations[d.toStationId] ?? t('workItems.history.otherStation') }));
        if (rating) details.push(t('workItems.history.rating', { rating: t(`vocab.rating.${rating}`), source: t(`workItems.history.source.${d.source === 'portal' ? 'portal' : 'phone'}`) }));
        if (typeof d.dueAt === 'string') details.push(t(e.action === 'extension_requested' ? 'workItems.history.requestedDue' : 'workItems.history.dueAt', { time: formatDateTime(d.dueAt, timezone) }));
        if (typeof d.rectificationDueAt === 'string') details.push(t('workItems.history.rectification', { time: formatDateTime(d.rectificationDueAt, timezone) }));
        if (typeof d.pausedMinutes === 'number' && d.pausedMinutes > 0) details.push(t('workItems.history.paused', { time: formatDuration(t, d.pausedMinutes) }));
        if (d.via === 'reply' || d.via === 'contact') details.push(t(`workItems.history.via.${d.via}`));
        if (typeof d.channel === 'string') details.push(t('workItems.history.channel', { channel: t(`workItems.channel.${d.channel}`) }));
        // A patrol finding's 复查 is its follow-up step: passed (visit) or failed (redo).
        if (d.verification === 'passed' || d.verification === 'failed') details.push(t(`patrol.history.verification.${d.verification}`, { count: typeof d.photos === 'number' ? d.photos : 0 }));
        if (e.action.startsWith('material_') && typeof d.key === 'string') details.push(materials[d.key] ?? d.key);
        if (e.action === 'agency_step' && typeof d.from === 'string' && typeof d.to === 'string') {
          details.push(t('agencyCase.history.step', { from: t(`vocab.agencyStep.${d.from}`), to: t(`vocab.agencyStep.${d.to}`) }));
        }
        if (typeof d.departmentRef === 'string') details.push(t('agencyCase.history.departmentRef', { ref: d.departmentRef }));
        const result = e.action === 'agency_step' && typeof d.result === 'string' ? d.result : agencyResult;
        if (result) details.push(t('agencyCase.history.result', { result: t(`vocab.agencyResult.${result}`) }));
        return (
          <li key={e.id} className="relative pl-6" data-testid="history-entry" data-action={e.action}>
            {i < events.length - 1 ? <span aria-hidden="true" className="absolute top-3 bottom-[-1.25rem] left-[5px] w-px bg-slate-200" /> : null}
            <span aria-hidden="true" className={`absolute top-1.5 left-0 size-[11px] rounded-full ring-2 ring-white ${dotClass[e.action] ?? 'bg-brand-600'}`} />
            <div className="flex flex-wrap items-baseline gap-x-2 gap-y-0.5">
              <span className="text-sm font-medium text-slate-900" data-testid="history-action">
                {t(`workItems.history.action.${e.action}`)}
              </span>
              {e.from && e.to && e.from !== e.to ? (
                <span className="text-xs text-slate-500">
                  {t(`vocab.workItemStatus.${e.from}`)}
                  <span className="mx-1 text-slate-400" aria-label={t('workItems.history.becomes')}>
                    →
                  </span>
                  <span className="font-medium text-slate-700">{t(`vocab.workItemStatus.${e.to}`)}</span>
                </span>
              ) : null}
            </div>
            <div className="mt-0.5 text-xs text-slate-500">
              <span>{e.actorName ?? t('workItems.history.system')}</span>
              <span className="mx-1.5 text-slate-300">·</span>
              <time dateTime={e.at} className="tabular-nums">
                {formatDateTime(e.at, timezone)}
              </time>
            </div>
            {details.length ? <div className="mt-1 text-xs text-slate-600">{details.join(t('workItems.common.separator'))}</div> : null}
            {typeof d.agencyNumber === 'string' && typeof d.agencyId === 'string' ? (
              <div className="mt-1 text-xs">
                {linkAgency ? (
                  <Link to={`/items/${d.agencyId}`} className="font-mono text-brand-700 hover:underline">
                    {d.agencyNumber}
                  </Link>
                ) : (
                  <span className="font-mono">{d.agencyNumber}</span>
                )}
              </div>
            ) : null}
            {typeof d.disputeNumber === 'string' && typeof d.disputeId === 'string' ? (
              <div className="mt-1 text-xs">
                <Link to={`/disputes/${d.disputeId}`} className="font-mono text-brand-700 hover:underline">
                  {d.disputeNumber}
                </Link>
              </div>
            ) : null}
            {e.note && !noteRating && !agencyResult ? <p className="mt-1.5 rounded-md bg-slate-50 px-2.5 py-1.5 text-sm break-words whitespace-pre-wrap text-slate-700">{e.note}</p> : null}
          </li>
        );
      })}
    </ol>
  );
}
