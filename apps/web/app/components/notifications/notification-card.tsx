import { Link, useFetcher } from 'react-router';
import { useTranslation } from 'react-i18next';
import { buttonClass } from '../ui.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { formatDue } from './format.ts';

export interface NotificationView {
  id: string;
  kind: string;
  title: string;
  body: string;
  items: { id?: string | undefined; number?: string | undefined; title: string; link?: string | undefined; dueAt?: string | null | undefined }[];
  createdAt: string;
  readAt: string | null;
}

/** Items shown before "N more": a digest can list dozens. */
const SHOWN = 5;

function ItemLine({ item, timeZone }: { item: NotificationView['items'][number]; timeZone: string }) {
  const { t } = useTranslation();
  const label = (
    <>
      {item.number ? <span className="mr-1.5 font-mono text-xs text-slate-500">{item.number}</span> : null}
      {item.title}
    </>
  );
  return (
    <li className="flex flex-wrap items-baseline gap-x-2 gap-y-0.5">
      {item.link ? (
        <Link to={item.link} className="min-w-0 text-brand-700 hover:underline" data-testid="notification-link">
          {label}
        </Link>
      ) : (
        <span className="min-w-0 text-slate-800">{label}</span>
      )}
      {item.dueAt ? <span className="text-xs whitespace-nowrap text-slate-500">{t('notifications.inbox.due', { time: formatDue(item.dueAt, timeZone) })}</span> : null}
    </li>
  );
}

/** One message of the inbox: its title, when, what it lists (with links), and "mark as read". */
export function NotificationCard({ n, timeZone }: { n: NotificationView; timeZone: string }) {
  const { t } = useTranslation();
  const fetcher = useFetcher();
  // Read at once on click; the page's data catches up when the action returns.
  const marking = fetcher.state !== 'idle' || (fetcher.data as { ok?: boolean } | undefined)?.ok === true;
  const unread = n.readAt === null && !marking;
  const rest = n.items.slice(SHOWN);
  return (
    <li className={`flex gap-3 px-4 py-3 ${unread ? 'bg-brand-50/50' : ''}`} data-testid="notification" data-unread={unread ? 'true' : 'false'}>
      <span className={`mt-2 size-2 shrink-0 rounded-full ${unread ? 'bg-brand-600' : 'bg-transparent'}`} aria-hidden="true" />
      <div className="min-w-0 flex-1 sm:flex sm:gap-3">
      <div className="min-w-0 flex-1">
        <div className="flex flex-wrap items-baseline justify-between gap-x-3 gap-y-1">
          <h2 className={`min-w-0 ${unread ? 'font-semibold text-slate-900' : 'font-medium text-slate-700'}`}>
            {unread ? <span className="sr-only">{t('notifications.inbox.unread')}：</span> : null}
            {n.title}
          </h2>
          <time dateTime={n.createdAt} className="text-xs whitespace-nowrap text-slate-500 tabular-nums">
            {formatDateTime(n.createdAt, timeZone)}
          </time>
        </div>
        {n.items.length > 0 ? (
          <ul className="mt-1.5 space-y-1 text-sm">
            {n.items.slice(0, SHOWN).map((item, i) => (
              <ItemLine key={`${item.id ?? ''}-${i}`} item={item} timeZone={timeZone} />
            ))}
            {rest.length > 0 ? (
              <li>
                <details>
                  <summary className="cursor-pointer text-xs text-slate-500 hover:text-slate-800">{t('notifications.inbox.more', { count: rest.length })}</summary>
                  <ul className="mt-1 space-y-1">
                    {rest.map((item, i) => (
                      <ItemLine key={`${item.id ?? ''}-more-${i}`} item={item} timeZone={timeZone} />
                    ))}
                  </ul>
                </details>
              </li>
            ) : null}
          </ul>
        ) : (
          <p className="mt-1 text-sm whitespace-pre-line text-slate-600">{n.body}</p>
        )}
      </div>
      {unread ? (
        <fetcher.Form method="post" className="mt-1.5 -ml-2 shrink-0 self-start sm:mt-0 sm:ml-0">
          <input type="hidden" name="intent" value="read" />
          <input type="hidden" name="id" value={n.id} />
          <button type="submit" className={buttonClass.ghost} data-testid="mark-read">
            {t('notifications.inbox.markRead')}
          </button>
        </fetcher.Form>
      ) : null}
      </div>
    </li>
  );
}
