import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ConfirmAction } from '../form.tsx';
import { buttonClass } from '../ui.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { localName } from '../../lib/names.ts';
import { DeliveryStatusBadge } from './ui.tsx';

export interface DeliveryView {
  id: string;
  channel: 'inbox' | 'email' | 'webhook';
  status: 'pending' | 'sending' | 'sent' | 'failed' | 'uncertain';
  attempts: number;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
  reminderKind: string;
  subject: { type: 'work_item'; id: string; number: string; title: string } | { type: 'enterprise'; id: string; name: string } | null;
  recipient: { type: 'user'; name: string } | { type: 'robot'; provider: string; stationName: string; stationNameEn: string | null } | null;
}

/** One line of the delivery log; failed and uncertain ones can be sent again (uncertain with a warning). */
export function DeliveryRow({ delivery: d, timeZone }: { delivery: DeliveryView; timeZone: string }) {
  const { t, i18n } = useTranslation();
  const recipient =
    d.recipient === null
      ? t('notifications.log.removedRecipient')
      : d.recipient.type === 'user'
        ? d.recipient.name
        : t('notifications.log.robotOf', { station: localName(i18n.language, d.recipient.stationName, d.recipient.stationNameEn), provider: t(`notifications.provider.${d.recipient.provider}`) });
  return (
    <li className="px-4 py-3" data-testid="delivery-row" data-status={d.status}>
      <div className="flex flex-wrap items-start justify-between gap-x-4 gap-y-2">
        <div className="min-w-0 flex-1 basis-72 space-y-1">
          <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
            <DeliveryStatusBadge status={d.status} />
            <span className="text-sm font-medium text-slate-900">{t(`reminders.kind.${d.reminderKind}`, { defaultValue: d.reminderKind })}</span>
            <span className="hidden text-xs text-slate-400 sm:inline" aria-hidden="true">
              ·
            </span>
            {d.subject?.type === 'work_item' ? (
              <Link to={`/items/${d.subject.id}`} className="min-w-0 text-sm text-brand-700 hover:underline">
                <span className="mr-1 font-mono text-xs">{d.subject.number}</span>
                {d.subject.title}
              </Link>
            ) : d.subject?.type === 'enterprise' ? (
              <Link to={`/enterprises/${d.subject.id}`} className="min-w-0 text-sm text-brand-700 hover:underline">
                {d.subject.name}
              </Link>
            ) : (
              <span className="text-sm text-slate-500">{t('notifications.log.noSubject')}</span>
            )}
          </div>
          <div className="flex flex-wrap gap-x-3 gap-y-0.5 text-xs text-slate-600">
            <span className="text-slate-800">{t('notifications.log.recipientLine', { name: recipient })}</span>
            {d.channel !== 'webhook' ? <span>{t(`notifications.channel.${d.channel}`)}</span> : null}
            <span>{t('notifications.log.attempts', { count: d.attempts })}</span>
            <span className="tabular-nums">{d.sentAt ? t('notifications.log.sentAt', { time: formatDateTime(d.sentAt, timeZone) }) : t('notifications.log.createdAt', { time: formatDateTime(d.createdAt, timeZone) })}</span>
          </div>
          {d.lastError && d.status !== 'sent' ? (
            <p className="text-xs break-words text-red-700">{t('notifications.log.errorLine', { error: d.lastError })}</p>
          ) : null}
          {d.status === 'uncertain' ? (
            <p className="rounded-md border border-amber-200 bg-amber-50 px-2.5 py-1.5 text-xs text-amber-900" data-testid="uncertain-warning">
              {t('notifications.log.uncertainWarning')}
            </p>
          ) : null}
        </div>
        {d.status === 'failed' || d.status === 'uncertain' ? (
          <div className="max-w-full shrink-0">
            <ConfirmAction
              intent="retry"
              hidden={d.status === 'uncertain' ? { id: d.id, acknowledge: '1' } : { id: d.id }}
              label={t('notifications.log.retry')}
              confirmLabel={t('notifications.log.confirmRetry')}
              question={d.status === 'uncertain' ? t('notifications.log.retryUncertainQuestion') : t('notifications.log.retryQuestion')}
              className={buttonClass.smallSecondary}
            />
          </div>
        ) : null}
      </div>
    </li>
  );
}
