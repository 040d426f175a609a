import { useCallback, useState } from 'react';
import { useFetcher } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ConfirmAction, fetcherFailure, InlineForm } from '../form.tsx';
import { buttonClass, Empty, Field, inputClass, Section, selectClass } from '../ui.tsx';
import { localName } from '../../lib/names.ts';
import type { ActionDone, ActionFailure } from '../../lib/action-result.ts';
import { ProviderName, QuietBadge } from './ui.tsx';

export type Provider = 'wecom' | 'dingtalk' | 'feishu';
const providers: readonly Provider[] = ['wecom', 'dingtalk', 'feishu'];

export interface WebhookView {
  id: string;
  stationId: string;
  stationName: string;
  stationNameEn: string | null;
  provider: Provider;
  url: string;
  hasSecret: boolean;
  enabled: boolean;
}

export interface StationOption {
  id: string;
  code: string;
  name: string;
  nameEn: string | null;
}

/** "Send a test message" answers in place: whether the robot took it, in its own words. */
export type WebhookTested = ActionDone<{ id: string; sent: boolean }>;

const placeholders: Record<Provider, string> = {
  wecom: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…',
  dingtalk: 'https://oapi.dingtalk.com/robot/send?access_token=…',
  feishu: 'https://open.feishu.cn/open-apis/bot/v2/hook/…',
};

/** The station robots: one row each, with test, edit and remove in place. */
export function WebhookList({ webhooks, stations }: { webhooks: WebhookView[]; stations: StationOption[] }) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState<string | null>(null);
  const close = useCallback(() => setEditing(null), []);
  return (
    <Section
      title={t('notifications.webhooks.listTitle')}
      count={webhooks.length}
      testId="webhooks"
      actions={
        editing === 'new' ? null : (
          <button type="button" className={buttonClass.smallPrimary} onClick={() => setEditing('new')} data-testid="add-webhook">
            {t('notifications.webhooks.add')}
          </button>
        )
      }
    >
      <p className="border-b border-slate-100 px-4 py-2.5 text-sm text-slate-600">{t('notifications.webhooks.intro')}</p>
      {editing === 'new' ? (
        <div className="border-b border-slate-100 p-3">
          <WebhookForm stations={stations} onClose={close} />
        </div>
      ) : null}
      {webhooks.length === 0 && editing !== 'new' ? <Empty>{t('notifications.webhooks.none')}</Empty> : null}
      <ul className="divide-y divide-slate-100">
        {webhooks.map((w) =>
          editing === w.id ? (
            <li key={w.id} className="p-3">
              <WebhookForm webhook={w} stations={stations} onClose={close} />
            </li>
          ) : (
            <WebhookRow key={w.id} webhook={w} onEdit={() => setEditing(w.id)} />
          ),
        )}
      </ul>
    </Section>
  );
}

function WebhookRow({ webhook: w, onEdit }: { webhook: WebhookView; onEdit: () => void }) {
  const { t, i18n } = useTranslation();
  const test = useFetcher<ActionFailure | WebhookTested>();
  const station = localName(i18n.language, w.stationName, w.stationNameEn);
  const result = test.state === 'idle' ? test.data : undefined;
  const message = result ? (result.ok ? result.message : result.error) : null;
  const sent = result?.ok === true && result.sent;
  return (
    <li className="px-4 py-3" data-testid="webhook-row">
      <div className="flex flex-wrap items-start justify-between gap-x-4 gap-y-2">
        <div className="min-w-0 flex-1 basis-72">
          <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
            <span className="font-medium text-slate-900">{station}</span>
            <span className="text-sm text-slate-700">
              <ProviderName provider={w.provider} />
            </span>
            {w.enabled ? <QuietBadge tone="green">{t('notifications.webhooks.active')}</QuietBadge> : <QuietBadge>{t('notifications.webhooks.disabled')}</QuietBadge>}
            {w.provider !== 'wecom' ? <QuietBadge>{w.hasSecret ? t('notifications.webhooks.secretSet') : t('notifications.webhooks.secretNone')}</QuietBadge> : null}
          </div>
          <div className="mt-1 font-mono text-xs break-all text-slate-500" data-testid="webhook-url">
            {w.url}
          </div>
        </div>
        <div className="flex max-w-full flex-wrap items-center gap-1">
          <test.Form method="post">
            <input type="hidden" name="intent" value="test" />
            <input type="hidden" name="id" value={w.id} />
            <button type="submit" className={buttonClass.smallSecondary} disabled={test.state !== 'idle'} data-testid="test-webhook">
              {test.state !== 'idle' ? t('notifications.webhooks.testing') : t('notifications.webhooks.test')}
            </button>
          </test.Form>
          <button type="button" className={buttonClass.ghost} onClick={onEdit}>
            {t('notifications.webhooks.edit')}
          </button>
          <ConfirmAction
            intent="deleteWebhook"
            hidden={{ id: w.id }}
            label={t('notifications.webhooks.remove')}
            confirmLabel={t('notifications.webhooks.confirmRemove')}
            question={t('notifications.webhooks.removeQuestion', { station, provider: t(`notifications.provider.${w.provider}`) })}
          />
        </div>
      </div>
      {message ? (
        <p role="status" className={`mt-2 rounded-md px-3 py-2 text-sm ${sent ? 'bg-green-50 text-green-800' : 'bg-red-50 text-red-800'}`} data-testid="test-result" data-sent={sent}>
          {message}
        </p>
      ) : null}
    </li>
  );
}

function WebhookForm({ webhook, stations, onClose }: { webhook?: WebhookView; stations: StationOption[]; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const [provider, setProvider] = useState<Provider>(webhook?.provider ?? 'wecom');
  const [clearSecret, setClearSecret] = useState(false);
  const signs = provider !== 'wecom';
  return (
    <InlineForm
      intent="saveWebhook"
      hidden={{ id: webhook?.id }}
      title={webhook ? t('notifications.webhooks.editTitle') : t('notifications.webhooks.addTitle')}
      onClose={onClose}
      testId="webhook-form"
    >
      {(fetcher) => {
        const errors = fetcherFailure(fetcher)?.fieldErrors ?? {};
        return (
          <div className="grid grid-cols-1 gap-3 sm:grid-cols-2">
            <Field label={t('notifications.webhooks.station')} required error={errors.stationId}>
              {(p) => (
                <select {...p} name="stationId" defaultValue={webhook?.stationId ?? stations[0]?.id ?? ''} className={selectClass}>
                  {stations.map((s) => (
                    <option key={s.id} value={s.id}>
                      {localName(i18n.language, s.name, s.nameEn)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field label={t('notifications.webhooks.provider')} required error={errors.provider}>
              {(p) => (
                <select {...p} name="provider" value={provider} onChange={(e) => setProvider(e.currentTarget.value as Provider)} className={selectClass}>
                  {providers.map((v) => (
                    <option key={v} value={v}>
                      {t(`notifications.provider.${v}`)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field
              label={t('notifications.webhooks.url')}
              required={!webhook}
              error={errors.url}
              hint={webhook ? t('notifications.webhooks.urlKeep', { url: webhook.url }) : t(`notifications.webhooks.urlHint.${provider}`)}
              className="sm:col-span-2"
            >
              {(p) => <input {...p} name="url" type="url" inputMode="url" autoComplete="off" spellCheck={false} placeholder={placeholders[provider]} className={`${inputClass} font-mono`} />}
            </Field>
            {signs ? (
              <Field
                label={t('notifications.webhooks.secret')}
                error={errors.secret}
                hint={webhook?.hasSecret && webhook.provider === provider ? t('notifications.webhooks.secretKeep') : t(`notifications.webhooks.secretHint.${provider}`)}
                className="sm:col-span-2"
              >
                {(p) => <input {...p} name="secret" type="password" autoComplete="new-password" disabled={clearSecret} className={`${inputClass} font-mono`} />}
              </Field>
            ) : null}
            <div className="flex flex-wrap items-center gap-x-6 gap-y-2 sm:col-span-2">
              <label className="inline-flex items-center gap-2 text-sm text-slate-700">
                <input type="checkbox" name="enabled" defaultChecked={webhook?.enabled ?? true} className="size-4 rounded border-slate-300" />
                {t('notifications.webhooks.enabled')}
              </label>
              {signs && webhook?.hasSecret ? (
                <label className="inline-flex items-center gap-2 text-sm text-slate-700">
                  <input type="checkbox" name="clearSecret" checked={clearSecret} onChange={(e) => setClearSecret(e.currentTarget.checked)} className="size-4 rounded border-slate-300" />
                  {t('notifications.webhooks.secretClear')}
                </label>
              ) : null}
            </div>
          </div>
        );
      }}
    </InlineForm>
  );
}
