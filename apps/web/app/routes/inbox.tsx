import { Form, useActionData, useLoaderData, useNavigation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { translator } from '@stationdesk/i18n';
import { Card, Page } from '../components/page.tsx';
import { buttonClass, Empty, FormError } from '../components/ui.tsx';
import { NotificationCard } from '../components/notifications/notification-card.tsx';
import { TabLinks } from '../components/notifications/ui.tsx';
import { errorMessage } from '../lib/errors.server.ts';
import { loadForRoles } from '../lib/loader.server.ts';
import { redirectWithFlash } from '../lib/flash.server.ts';
import { pageTitle } from '../lib/meta.ts';
import type { Route } from './+types/inbox';

/** The newest messages shown; older ones stay in the database (the bell counts all unread). */
const LIMIT = 50;

export function meta({ matches }: Route.MetaArgs) {
  return pageTitle(matches, 'notifications.inbox.title');
}

export async function loader({ request, context }: Route.LoaderArgs) {
  const unreadOnly = new URL(request.url).searchParams.get('show') === 'unread';
  const { timezone, data } = await loadForRoles(request, context, ['manager', 'staff', 'enterprise_admin'], () =>
    context.trpc.notification.list({ unreadOnly, limit: LIMIT }),
  );
  return { timezone, unreadOnly, unread: data.unread, items: data.items };
}

type ActionResult = { ok: true; intent: string; marked: number } | { ok: false; intent: string; error: string };

/** One message marked read answers quietly (the card shows it); 全部已读 is confirmed by the flash. */
export async function action({ request, context }: Route.ActionArgs): Promise<ActionResult | Response> {
  const form = await request.formData();
  const intent = String(form.get('intent') ?? '');
  const id = String(form.get('id') ?? '');
  try {
    const { marked } = await context.trpc.notification.markRead(intent === 'readAll' ? {} : { ids: [id] });
    if (intent === 'readAll') return redirectWithFlash(request, context, translator(context.lang)('notifications.inbox.markedAll', { count: marked }));
    return { ok: true, intent, marked };
  } catch (e) {
    return { ok: false, intent, error: errorMessage(e, context.lang) };
  }
}

export default function Inbox() {
  const { timezone, unreadOnly, unread, items } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useTranslation();
  const markingAll = navigation.state !== 'idle' && navigation.formData?.get('intent') === 'readAll';
  return (
    <Page
      title={t('notifications.inbox.title')}
      subtitle={unread > 0 ? t('notifications.inbox.unreadSummary', { count: unread }) : t('notifications.inbox.subtitle')}
    >
      <div className="max-w-3xl space-y-3">
        <TabLinks
          label={t('notifications.inbox.filter')}
          current={unreadOnly ? 'unread' : 'all'}
          tabs={[
            { key: 'all', to: '/inbox', label: t('notifications.inbox.tabAll') },
            { key: 'unread', to: '/inbox?show=unread', label: t('notifications.inbox.tabUnread'), count: unread },
          ]}
          actions={
            <Form method="post">
              <input type="hidden" name="intent" value="readAll" />
              <button type="submit" className={buttonClass.smallSecondary} disabled={unread === 0 || markingAll} data-testid="mark-all-read">
                {unread === 0 ? t('notifications.inbox.allRead') : t('notifications.inbox.markAllRead')}
              </button>
            </Form>
          }
        />
        {result && !result.ok ? <FormError>{result.error}</FormError> : null}
        <Card>
          {items.length === 0 ? (
            <Empty>{unreadOnly ? t('notifications.inbox.emptyUnread') : t('notifications.inbox.empty')}</Empty>
          ) : (
            <ul className="divide-y divide-slate-100" data-testid="notification-list">
              {items.map((n) => (
                <NotificationCard key={n.id} n={n} timeZone={timezone} />
              ))}
            </ul>
          )}
        </Card>
        {items.length >= LIMIT ? <p className="text-xs text-slate-500">{t('notifications.inbox.latestOnly', { count: LIMIT })}</p> : null}
      </div>
    </Page>
  );
}
