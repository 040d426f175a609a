import { useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { isFinished, type WorkItemStatus } from '@stationdesk/core';
import { contactDue, durationParts, minuteNow, slaView, type SlaTone } from '../../lib/work-items.ts';

const pill = 'inline-flex items-center gap-1 rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ring-inset';

const statusClass: Record<string, string> = {
  received: 'bg-sky-50 text-sky-800 ring-sky-600/20',
  assigned: 'bg-indigo-50 text-indigo-700 ring-indigo-600/20',
  accepted: 'bg-blue-50 text-blue-700 ring-blue-600/20',
  in_progress: 'bg-blue-50 text-blue-800 ring-blue-700/25',
  waiting: 'bg-amber-50 text-amber-800 ring-amber-600/25',
  resolved: 'bg-green-50 text-green-700 ring-green-600/20',
  visited: 'bg-emerald-50 text-emerald-700 ring-emerald-600/20',
  returned: 'bg-orange-50 text-orange-800 ring-orange-600/25',
  closed: 'bg-slate-100 text-slate-600 ring-slate-500/20',
};

export function ItemStatusBadge({ status }: { status: string }) {
  const { t } = useTranslation();
  return (
    <span className={`${pill} ${statusClass[status] ?? statusClass.closed}`} data-testid="item-status" data-status={status}>
      {t(`vocab.workItemStatus.${status}`)}
    </span>
  );
}

/** Urgent stands out in red; normal stays quiet (most items are normal); low is grey. */
export function PriorityBadge({ priority, quiet = false }: { priority: string; quiet?: boolean }) {
  const { t } = useTranslation();
  if (priority === 'normal' && quiet) return null;
  const cls =
    priority === 'urgent' ? 'bg-red-600 text-white ring-red-700' : priority === 'low' ? 'bg-slate-50 text-slate-500 ring-slate-400/20' : 'bg-white text-slate-600 ring-slate-300';
  return (
    <span className={`${pill} ${cls}`} data-testid="priority-badge">
      {t(`workItems.priority.${priority}`)}
    </span>
  );
}

/** Minutes as "2天3小时" / "5小时20分" / "12分钟" (the two largest parts). */
export function formatDuration(t: TFunction, minutes: number): string {
  const { d, h, m } = durationParts(minutes);
  if (d > 0) return h > 0 ? t('workItems.duration.daysHours', { d, h }) : t('workItems.duration.days', { d });
  if (h > 0) return m > 0 ? t('workItems.duration.hoursMinutes', { h, m }) : t('workItems.duration.hours', { h });
  return t('workItems.duration.minutes', { m: Math.max(m, 1) });
}

function subscribeClock(onTick: () => void) {
  const id = setInterval(onTick, 15_000);
  return () => clearInterval(id);
}

/**
 * The clock for countdowns, to the minute: the server's "now" for the first render (so hydration
 * matches), then the browser's, checked every 15 seconds so a new minute shows promptly.
 */
export function useNow(serverNow: number): number {
  return useSyncExternalStore(subscribeClock, minuteNow, () => serverNow);
}

const toneClass: Record<SlaTone, string> = {
  ok: 'bg-green-50 text-green-700 ring-green-600/20',
  soon: 'bg-amber-50 text-amber-800 ring-amber-600/30',
  overdue: 'bg-red-50 text-red-700 ring-red-600/30',
  paused: 'bg-slate-100 text-slate-600 ring-slate-500/20',
  stopped: 'bg-slate-50 text-slate-500 ring-slate-400/20',
  none: 'bg-slate-50 text-slate-500 ring-slate-400/20',
};

function ClockIcon() {
  return (
    <svg aria-hidden="true" viewBox="0 0 16 16" className="size-3 fill-current">
      <path d="M8 1.5a6.5 6.5 0 1 1 0 13 6.5 6.5 0 0 1 0-13Zm0 1.3a5.2 5.2 0 1 0 0 10.4A5.2 5.2 0 0 0 8 2.8Zm.65 1.95v3.02l2.1 1.26-.67 1.11-2.73-1.64V4.75h1.3Z" />
    </svg>
  );
}

/** Time left to the resolution due time: green, amber within a day, red overdue; paused while waiting. */
export function SlaBadge({ item, now, dueLabel }: { item: { status: WorkItemStatus; resolutionDueAt: string | null }; now: number; dueLabel?: string }) {
  const { t } = useTranslation();
  const view = slaView(item, now);
  if (view.tone === 'stopped' || view.tone === 'none') return null;
  const label =
    view.tone === 'paused'
      ? t('workItems.sla.paused')
      : view.tone === 'overdue'
        ? t('workItems.sla.overdue', { time: formatDuration(t, -(view.minutes ?? 0)) })
        : t('workItems.sla.left', { time: formatDuration(t, view.minutes ?? 0) });
  return (
    <span className={`${pill} tabular-nums ${toneClass[view.tone]}`} data-testid="sla-badge" data-tone={view.tone} title={dueLabel}>
      <ClockIcon />
      {label}
    </span>
  );
}

/** Due times counted across a year without a schedule, on an item that still runs against them. */
export function dueTimeEstimated(item: { status: string; calendarMissingYears: number[] }): boolean {
  return item.calendarMissingYears.length > 0 && !isFinished(item.status);
}

/**
 * 时限为估算: the due times were counted across a year without a holiday schedule (weekends only).
 * Shown while the item still runs against them (a waiting item resumes against them too).
 */
export function EstimateBadge({ item }: { item: { status: string; calendarMissingYears: number[] } }) {
  const { t, i18n } = useTranslation();
  if (!dueTimeEstimated(item)) return null;
  const years = new Intl.ListFormat(i18n.language, { type: 'conjunction' }).format(item.calendarMissingYears.map(String));
  return (
    <span className={`${pill} bg-amber-50 text-amber-900 ring-amber-600/25`} data-testid="estimate-badge" title={t('workItems.sla.estimatedHint', { years })}>
      {t('workItems.sla.estimated')}
    </span>
  );
}

/** 待联系: no first contact yet, and its due time is near (amber) or past (red). */
export function ContactBadge({ item, now }: { item: { status: WorkItemStatus; firstContactAt: string | null; firstContactDueAt: string | null }; now: number }) {
  const { t } = useTranslation();
  const due = contactDue(item, now);
  if (!due) return null;
  return (
    <span className={`${pill} ${due === 'overdue' ? toneClass.overdue : toneClass.soon}`} data-testid="contact-badge">
      {due === 'overdue' ? t('workItems.sla.contactOverdue') : t('workItems.sla.contactDue')}
    </span>
  );
}

/** 催办 / 督办 and 延期待审批 marks. */
export function MarkBadges({ item }: { item: { chaseLevel: string | null; extensionRequested: boolean } }) {
  const { t } = useTranslation();
  return (
    <>
      {item.chaseLevel ? (
        <span className={`${pill} ${item.chaseLevel === 'supervised' ? 'bg-red-50 text-red-800 ring-red-700/30' : 'bg-orange-50 text-orange-800 ring-orange-600/25'}`} data-testid="chase-badge">
          {t(`workItems.marks.${item.chaseLevel}`)}
        </span>
      ) : null}
      {item.extensionRequested ? (
        <span className={`${pill} bg-violet-50 text-violet-700 ring-violet-600/20`} data-testid="extension-badge">
          {t('workItems.marks.extensionPending')}
        </span>
      ) : null}
    </>
  );
}

export function LockIcon({ className = 'size-3.5' }: { className?: string }) {
  return (
    <svg aria-hidden="true" viewBox="0 0 16 16" className={`${className} fill-current`}>
      <path d="M8 1.5a3.25 3.25 0 0 1 3.25 3.25V6.5h.5c.69 0 1.25.56 1.25 1.25v5.5c0 .69-.56 1.25-1.25 1.25h-7.5C3.56 14.5 3 13.94 3 13.25v-5.5C3 7.06 3.56 6.5 4.25 6.5h.5V4.75A3.25 3.25 0 0 1 8 1.5Zm0 1.3a1.95 1.95 0 0 0-1.95 1.95V6.5h3.9V4.75A1.95 1.95 0 0 0 8 2.8Z" />
    </svg>
  );
}
