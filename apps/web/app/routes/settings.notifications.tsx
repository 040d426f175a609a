import { Form, Link, useLoaderData } from 'react-router';
import { useTranslation } from 'react-i18next';
import { toAppError } from '@stationdesk/api/errors';
import { translator } from '@stationdesk/i18n';
import { Page } from '../components/page.tsx';
import { buttonClass, Empty, Notice, Section, selectClass } from '../components/ui.tsx';
import { DeliveryRow } from '../components/notifications/delivery-row.tsx';
import { OutboxRow } from '../components/notifications/outbox-row.tsx';
import { TabLinks } from '../components/notifications/ui.tsx';
import { WebhookList, type StationOption, type WebhookTested } from '../components/notifications/webhook-list.tsx';
import type { ActionFailure } from '../lib/action-result.ts';
import { actionFailure, formFailure } from '../lib/action-result.server.ts';
import { loadForRoles } from '../lib/loader.server.ts';
import { redirectWithFlash } from '../lib/flash.server.ts';
import { pageTitle } from '../lib/meta.ts';
import type { Route } from './+types/settings.notifications';

const tabs = ['robots', 'log', 'outbox'] as const;
type Tab = (typeof tabs)[number];
const statuses = ['pending', 'sending', 'sent', 'failed', 'uncertain'] as const;
const channels = ['inbox', 'email', 'webhook'] as const;
const providers = ['wecom', 'dingtalk', 'feishu'] as const;

const pick = <T extends string>(list: readonly T[], v: string | null): T | undefined => (list as readonly string[]).includes(v ?? '') ? (v as T) : undefined;

export function meta({ matches }: Route.MetaArgs) {
  return pageTitle(matches, 'notifications.settings.title');
}

export async function loader({ request, context }: Route.LoaderArgs) {
  const sp = new URL(request.url).searchParams;
  const tab: Tab = pick(tabs, sp.get('tab')) ?? 'robots';
  const status = pick(statuses, sp.get('status'));
  const channel = pick(channels, sp.get('channel'));
  const cursor = sp.get('cursor') || undefined;
  // Every call of a tab is awaited together: a refusal must not leave another one dangling.
  const { timezone, data } = await loadForRoles(request, context, ['manager'], async () => {
    if (tab === 'robots') {
      const [attention, webhooks, stations] = await Promise.all([context.trpc.delivery.attention(), context.trpc.webhook.list(), context.trpc.station.list()]);
      return { attention, webhooks, stations, deliveries: null, outbox: null };
    }
    if (tab === 'log') {
      const [attention, deliveries] = await Promise.all([
        context.trpc.delivery.attention(),
        context.trpc.delivery.list({ ...(status ? { status } : {}), ...(channel ? { channel } : {}), ...(cursor ? { cursor } : {}), limit: 30 }),
      ]);
      return { attention, webhooks: [], stations: [], deliveries, outbox: null };
    }
    const [attention, outbox] = await Promise.all([context.trpc.delivery.attention(), context.trpc.outbox.list({ ...(cursor ? { cursor } : {}), limit: 20 })]);
    return { attention, webhooks: [], stations: [], deliveries: null, outbox };
  });
  const stations: StationOption[] = data.stations.map((s) => ({ id: s.id, code: s.code, name: s.name, nameEn: s.nameEn }));
  return { tab, status: status ?? '', channel: channel ?? '', cursor: cursor ?? null, timezone, ...data, stations };
}

const urlKeys = /^errors\.webhook\.(invalidUrl|httpsRequired|urlShape\.\w+|urlRequired)$/;

export async function action({ request, context }: Route.ActionArgs): Promise<ActionFailure | WebhookTested | Response> {
  const form = await request.formData();
  const text = (k: string) => String(form.get(k) ?? '').trim();
  const intent = text('intent');
  const id = text('id');
  try {
    if (intent === 'saveWebhook') {
      const secret = text('secret');
      await context.trpc.webhook.save({
        ...(id ? { id } : {}),
        stationId: text('stationId'),
        provider: pick(providers, text('provider')) ?? 'wecom',
        ...(text('url') ? { url: text('url') } : {}),
        ...(form.get('clearSecret') ? { secret: null } : secret ? { secret } : {}),
        enabled: form.get('enabled') === 'on',
      });
    } else if (intent === 'deleteWebhook') {
      await context.trpc.webhook.delete({ id });
    } else if (intent === 'test') {
      const r = await context.trpc.webhook.test({ id });
      return { ok: true, intent: 'test', id, sent: r.ok, message: r.message };
    } else if (intent === 'retry') {
      await context.trpc.delivery.retry({ id, acknowledgeUncertain: form.get('acknowledge') === '1' });
    } else {
      return formFailure({ lang: context.lang, intent }, 'errors.invalidInput');
    }
    return redirectWithFlash(request, context, translator(context.lang)(`notifications.saved.${intent}`), { form: intent });
  } catch (e) {
    // The address refusals (not a URL, not https, not the provider's shape) sit under the address.
    const key = toAppError(e).messageKey;
    return actionFailure(e, { lang: context.lang, intent, fields: ['stationId', 'provider', 'url', 'secret'], posted: form, refusalFields: urlKeys.test(key) ? { [key]: 'url' } : {} });
  }
}

function query(params: Record<string, string | null | undefined>): string {
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) sp.set(k, v);
  const s = sp.toString();
  return s ? `?${s}` : '';
}

export default function NotificationSettings() {
  const d = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const attentionCount = d.attention.failed + d.attention.uncertain;
  return (
    <Page title={t('notifications.settings.title')} subtitle={t('notifications.settings.subtitle')}>
      <TabLinks
        label={t('notifications.settings.title')}
        current={d.tab}
        tabs={[
          { key: 'robots', to: '/settings/notifications', label: t('notifications.settings.tabs.robots') },
          { key: 'log', to: '/settings/notifications?tab=log', label: t('notifications.settings.tabs.log'), count: attentionCount },
          { key: 'outbox', to: '/settings/notifications?tab=outbox', label: t('notifications.settings.tabs.outbox') },
        ]}
      />
      {d.tab === 'robots' ? <WebhookList webhooks={d.webhooks} stations={d.stations} /> : null}
      {d.tab === 'log' && d.deliveries ? <DeliveryLog /> : null}
      {d.tab === 'outbox' && d.outbox ? (
        <Section title={t('notifications.settings.tabs.outbox')} testId="outbox">
          <p className="border-b border-slate-100 px-4 py-2.5 text-sm text-slate-600">{t('notifications.outbox.intro')}</p>
          {d.outbox.items.length === 0 ? (
            <Empty>{t('notifications.outbox.empty')}</Empty>
          ) : (
            <ul className="divide-y divide-slate-100">
              {d.outbox.items.map((m) => (
                <OutboxRow key={m.id} message={m} timeZone={d.timezone} />
              ))}
            </ul>
          )}
          <Pager next={d.outbox.nextCursor ? `/settings/notifications${query({ tab: 'outbox', cursor: d.outbox.nextCursor })}` : null} first={d.cursor ? '/settings/notifications?tab=outbox' : null} nextLabel={t('notifications.outbox.next')} firstLabel={t('notifications.outbox.first')} />
        </Section>
      ) : null}
    </Page>
  );
}

function DeliveryLog() {
  const d = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  if (!d.deliveries) return null;
  const base = { tab: 'log', status: d.status, channel: d.channel };
  return (
    <div className="space-y-3">
      {d.attention.failed + d.attention.uncertain > 0 ? (
        <Notice tone="warning">
          <span className="flex flex-wrap gap-x-4 gap-y-1">
            {d.attention.failed > 0 ? (
              <Link className="underline" to={`/settings/notifications${query({ tab: 'log', status: 'failed' })}`}>
                {t('notifications.log.attentionFailed', { count: d.attention.failed })}
              </Link>
            ) : null}
            {d.attention.uncertain > 0 ? (
              <Link className="underline" to={`/settings/notifications${query({ tab: 'log', status: 'uncertain' })}`}>
                {t('notifications.log.attentionUncertain', { count: d.attention.uncertain })}
              </Link>
            ) : null}
          </span>
        </Notice>
      ) : null}
      <Section
        title={t('notifications.settings.tabs.log')}
        testId="delivery-log"
      >
        <Form method="get" className="grid grid-cols-2 gap-2 border-b border-slate-100 px-4 py-2.5 sm:flex sm:items-center" data-testid="log-filters">
          <input type="hidden" name="tab" value="log" />
          <label className="sr-only" htmlFor="log-status">
            {t('notifications.log.status')}
          </label>
          <select id="log-status" name="status" defaultValue={d.status} className={`${selectClass} py-1.5 sm:w-44`} data-testid="log-status">
            <option value="">{t('notifications.log.statusAll')}</option>
            {statuses.map((s) => (
              <option key={s} value={s}>
                {t(`notifications.status.${s}`)}
              </option>
            ))}
          </select>
          <label className="sr-only" htmlFor="log-channel">
            {t('notifications.log.channel')}
          </label>
          <select id="log-channel" name="channel" defaultValue={d.channel} className={`${selectClass} py-1.5 sm:w-44`}>
            <option value="">{t('notifications.log.channelAll')}</option>
            {channels.map((c) => (
              <option key={c} value={c}>
                {t(`notifications.channel.${c}`)}
              </option>
            ))}
          </select>
          <button type="submit" className={`${buttonClass.secondary} col-span-2 py-1.5`}>
            {t('notifications.log.filter')}
          </button>
        </Form>
        <p className="border-b border-slate-100 px-4 py-2.5 text-sm text-slate-600">{t('notifications.log.intro')}</p>
        {d.deliveries.items.length === 0 ? (
          <Empty>{t('notifications.log.empty')}</Empty>
        ) : (
          <ul className="divide-y divide-slate-100">
            {d.deliveries.items.map((row) => (
              <DeliveryRow key={row.id} delivery={row} timeZone={d.timezone} />
            ))}
          </ul>
        )}
        <Pager
          next={d.deliveries.nextCursor ? `/settings/notifications${query({ ...base, cursor: d.deliveries.nextCursor })}` : null}
          first={d.cursor ? `/settings/notifications${query(base)}` : null}
          nextLabel={t('notifications.log.next')}
          firstLabel={t('notifications.log.first')}
        />
      </Section>
    </div>
  );
}

function Pager({ next, first, nextLabel, firstLabel }: { next: string | null; first: string | null; nextLabel: string; firstLabel: string }) {
  if (!next && !first) return null;
  return (
    <div className="flex items-center justify-between gap-2 border-t border-slate-100 px-4 py-2.5 text-sm">
      {first ? (
        <Link to={first} className={buttonClass.link}>
          ← {firstLabel}
        </Link>
      ) : (
        <span />
      )}
      {next ? (
        <Link to={next} className={buttonClass.link} data-testid="next-page">
          {nextLabel} →
        </Link>
      ) : null}
    </div>
  );
}
