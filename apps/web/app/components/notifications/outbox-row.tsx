import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../lib/format.ts';

export interface OutboxMessage {
  id: string;
  to: string;
  subject: string;
  body: string;
  createdAt: string;
}

/** One e-mail of the outbox: subject and addressee, the text unfolded on demand. */
export function OutboxRow({ message: m, timeZone }: { message: OutboxMessage; timeZone: string }) {
  const { t } = useTranslation();
  return (
    <li data-testid="outbox-row">
      <details className="group">
        <summary className="flex cursor-pointer list-none flex-wrap items-baseline justify-between gap-x-4 gap-y-1 px-4 py-3 hover:bg-slate-50">
          <span className="min-w-0 flex-1">
            <span className="mr-1.5 inline-block text-slate-400 transition-transform group-open:rotate-90" aria-hidden="true">
              ›
            </span>
            <span className="font-medium text-slate-900">{m.subject}</span>
            <span className="mt-0.5 block pl-4 text-xs text-slate-500">{t('notifications.outbox.to', { to: m.to })}</span>
          </span>
          <time dateTime={m.createdAt} className="text-xs whitespace-nowrap text-slate-500 tabular-nums">
            {formatDateTime(m.createdAt, timeZone)}
          </time>
        </summary>
        <pre className="mx-4 mb-3 overflow-x-auto rounded-md bg-slate-50 p-3 font-sans text-sm whitespace-pre-wrap text-slate-800">{m.body}</pre>
      </details>
    </li>
  );
}
