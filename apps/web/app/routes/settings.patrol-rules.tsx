import { Form, Link, useActionData, useLoaderData, useNavigation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { patrolTiers, type PatrolRule, type PatrolTier } from '@stationdesk/core';
import { translator } from '@stationdesk/i18n';
import type { RouterOutputs } from '@stationdesk/api';
import { Page } from '../components/page.tsx';
import { useSavedKey } from '../components/flash.tsx';
import { FormErrors } from '../components/form.tsx';
import { RevocableTable, ShownOnce } from '../components/revocable-secrets.tsx';
import { buttonClass, Field, inputClass, Section, selectClass } from '../components/ui.tsx';
import { failureOf, type ActionDone, type ActionResult } from '../lib/action-result.ts';
import { actionFailure } from '../lib/action-result.server.ts';
import { redirectWithFlash } from '../lib/flash.server.ts';
import { formatDateTime } from '../lib/format.ts';
import { loadForRoles, requireRole } from '../lib/loader.server.ts';
import { pageTitle } from '../lib/meta.ts';
import type { Route } from './+types/settings.patrol-rules';

export function meta({ matches }: Route.MetaArgs) {
  return pageTitle(matches, 'patrolRules.settings.title');
}

export async function loader({ request, context }: Route.LoaderArgs) {
  const { timezone, data } = await loadForRoles(request, context, ['manager'], () => Promise.all([context.trpc.patrolRule.list(), context.trpc.intakeToken.list()]));
  const [rules, tokens] = data;
  return { rules, tokens, timezone };
}

/** The one answer in place: a new token, which exists only in this answer (only its hash is stored). */
type Created = ActionDone<{ created: { name: string; token: string } }>;

const text = (form: FormData, key: string) => String(form.get(key) ?? '').trim();
const ruleForm = (rule: string) => `rule-${rule}`;

/** Saves one rule (on/off, tier, its numbers), makes an intake token (shown this once) or revokes one. */
export async function action({ request, context }: Route.ActionArgs): Promise<ActionResult<{ created?: Created['created'] }> | Response> {
  await requireRole(request, context, ['manager']);
  const form = await request.formData();
  const intent = text(form, 'intent');
  const lang = context.lang;
  const t = translator(lang);
  const values = Object.fromEntries([...form.entries()].filter((e): e is [string, string] => typeof e[1] === 'string'));

  if (intent.startsWith('rule-')) {
    const rule = intent.slice('rule-'.length) as PatrolRule;
    const thresholds = Object.fromEntries(
      [...form.entries()].filter(([k]) => k.startsWith('threshold.')).map(([k, v]) => [k.slice('threshold.'.length), Number(String(v).trim() || Number.NaN)]),
    );
    try {
      await context.trpc.patrolRule.update({ rule, enabled: form.get('enabled') === 'on', tier: text(form, 'tier') as PatrolTier, thresholds });
      return redirectWithFlash(request, context, t('patrolRules.settings.saved', { rule: t(`patrolRules.rule.${rule}`) }), { form: intent });
    } catch (e) {
      return actionFailure(e, { lang, intent, values });
    }
  }
  if (intent === 'createToken') {
    const name = text(form, 'name');
    try {
      const { token } = await context.trpc.intakeToken.create({ name });
      return { ok: true, intent, message: t('patrolRules.tokens.created'), created: { name, token } };
    } catch (e) {
      return actionFailure(e, { lang, intent, values, posted: form, fields: ['name'] });
    }
  }
  try {
    await context.trpc.intakeToken.revoke({ id: text(form, 'id') });
    return redirectWithFlash(request, context, t('patrolRules.tokens.revoked', { name: text(form, 'name') }), { form: 'revokeToken' });
  } catch (e) {
    return actionFailure(e, { lang, intent, values });
  }
}

export default function PatrolRuleSettings() {
  const { rules, timezone } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const last = rules.lastRun;
  return (
    <Page title={t('patrolRules.settings.title')} subtitle={t('patrolRules.settings.subtitle')}>
      <div className="max-w-4xl space-y-6">
        <p className="text-sm text-slate-600" data-testid="rules-last-run">
          {t('patrolRules.settings.lastRun')}{' '}
          {last ? `${formatDateTime(last.finishedAt, timezone)} · ${t('patrolRules.settings.runSummary', { raised: last.raised, cleared: last.cleared })}` : t('patrolRules.settings.neverRun')}
          {' · '}
          <Link to="/patrol/findings?source=automatic" className={buttonClass.link}>
            {t('patrolRules.settings.viewFindings')}
          </Link>
        </p>
        <Section title={t('patrolRules.settings.title')} testId="patrol-rules">
          <ul className="divide-y divide-slate-100">
            {rules.rules.map((r) => (
              <RuleRow key={r.rule} rule={r} />
            ))}
          </ul>
        </Section>
        <IntakeTokens />
      </div>
    </Page>
  );
}

type RuleView = RouterOutputs['patrolRule']['list']['rules'][number];

function RuleRow({ rule: r }: { rule: RuleView }) {
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  const navigation = useNavigation();
  const intent = ruleForm(r.rule);
  const saving = navigation.state === 'submitting' && navigation.formData?.get('intent') === intent;
  const failed = failureOf(result, intent);
  const saved = useSavedKey(intent);
  return (
    <li className="px-4 py-4" data-testid={`rule-${r.rule}`}>
      <Form method="post" noValidate key={saved} className="space-y-3">
        <input type="hidden" name="intent" value={intent} />
        <div className="flex flex-wrap items-start justify-between gap-3">
          <div className="min-w-0">
            <h3 className="text-sm font-semibold text-slate-900">{t(`patrolRules.rule.${r.rule}`)}</h3>
            <p className="mt-1 text-sm text-slate-600">{t(`patrolRules.ruleHint.${r.rule}`)}</p>
            <p className="mt-1 text-xs text-slate-500">
              {r.custom ? t('patrolRules.settings.custom') : t('patrolRules.settings.defaults')} · {t('patrolRules.settings.openFindings', { count: r.openFindings })}
            </p>
          </div>
          <label className="inline-flex min-h-11 items-center gap-2 text-sm font-medium text-slate-700">
            <input type="checkbox" name="enabled" defaultChecked={failed?.values ? failed.values.enabled === 'on' : r.enabled} className="h-5 w-5 rounded border-slate-300" data-testid={`rule-enabled-${r.rule}`} />
            {t('patrolRules.settings.enabled')}
          </label>
        </div>
        <FormErrors failure={failed} />
        <div className="grid grid-cols-1 gap-3 sm:grid-cols-3">
          {r.limits.map((l) => (
            <Field key={l.key} label={t(`patrolRules.threshold.${r.rule}.${l.key}`)} hint={`${l.min}–${l.max}`}>
              {(p) => (
                <input
                  {...p}
                  name={`threshold.${l.key}`}
                  type="number"
                  inputMode="numeric"
                  min={l.min}
                  max={l.max}
                  step={1}
                  defaultValue={failed?.values?.[`threshold.${l.key}`] ?? String(r.thresholds[l.key] ?? l.default)}
                  className={`${inputClass} tabular-nums`}
                  data-testid={`rule-${r.rule}-${l.key}`}
                />
              )}
            </Field>
          ))}
          <Field label={t('patrolRules.settings.tier')}>
            {(p) => (
              <select {...p} name="tier" defaultValue={failed?.values?.tier ?? r.tier} className={selectClass} data-testid={`rule-tier-${r.rule}`}>
                {patrolTiers.map((tier) => (
                  <option key={tier} value={tier}>
                    {t(`patrol.tier.${tier}`)} · {t(`patrol.tierLimit.${tier}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
        <div className="flex justify-end">
          <button type="submit" className={buttonClass.secondary} disabled={saving} data-testid={`rule-save-${r.rule}`}>
            {saving ? t('workItems.common.saving') : t('patrolRules.settings.save')}
          </button>
        </div>
      </Form>
    </li>
  );
}

function IntakeTokens() {
  const { tokens, timezone } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  const navigation = useNavigation();
  const creating = navigation.state === 'submitting' && navigation.formData?.get('intent') === 'createToken';
  const failed = failureOf(result, 'createToken');
  const created = result?.ok ? (result.created ?? null) : null;
  return (
    <Section title={t('patrolRules.tokens.title')} testId="intake-tokens">
      <div className="space-y-4 px-4 py-4">
        <p className="text-sm text-slate-600">{t('patrolRules.tokens.subtitle')}</p>
        <p className="text-xs text-slate-500">{t('patrolRules.tokens.usage', { limit: tokens.limitPerMinute })}</p>
        {created ? (
          <ShownOnce testId="token-created" valueTestId="token-value" label={t('patrolRules.tokens.title')} value={created.token}>
            <p className="font-medium">{created.name}</p>
            <p>{t('patrolRules.tokens.created')}</p>
          </ShownOnce>
        ) : null}
        {/* Keyed by the last token made: the form starts empty again after each. */}
        <Form method="post" noValidate key={created?.token ?? 'new'} className="grid grid-cols-1 items-start gap-3 sm:grid-cols-[minmax(0,1fr)_auto]" data-testid="token-create-form">
          <input type="hidden" name="intent" value="createToken" />
          {failed?.error ? (
            <div className="sm:col-span-2">
              <FormErrors failure={failed} />
            </div>
          ) : null}
          <Field label={t('patrolRules.tokens.name')} required error={failed?.fieldErrors.name}>
            {(p) => <input {...p} name="name" maxLength={100} autoComplete="off" placeholder={t('patrolRules.tokens.namePlaceholder')} defaultValue={failed?.values?.name ?? ''} className={inputClass} data-testid="token-name" />}
          </Field>
          <button type="submit" className={`${buttonClass.primary} sm:mt-6`} disabled={creating} data-testid="token-create">
            {t('patrolRules.tokens.create')}
          </button>
        </Form>
      </div>
      <RevocableTable
        rows={tokens.rows.map((r) => ({
          id: r.id,
          name: r.name,
          revokedAt: r.revokedAt,
          cells: [
            `${formatDateTime(r.createdAt, timezone)}${r.createdByName ? ` · ${r.createdByName}` : ''}`,
            r.lastUsedAt ? formatDateTime(r.lastUsedAt, timezone) : t('patrolRules.tokens.neverUsed'),
            r.revokedAt ? t('patrolRules.tokens.revokedAt', { time: formatDateTime(r.revokedAt, timezone) }) : t('patrolRules.tokens.live'),
          ],
        }))}
        label={t('patrolRules.tokens.title')}
        empty={t('patrolRules.tokens.none')}
        columns={[t('patrolRules.tokens.name'), t('patrolRules.tokens.createdAt'), t('patrolRules.tokens.lastUsed'), t('patrolRules.tokens.status')]}
        testId="token-table"
        rowTestId="token-row"
        revoke={{ intent: 'revokeToken', label: t('patrolRules.tokens.revoke'), confirmLabel: t('patrolRules.tokens.revokeYes'), question: (name) => t('patrolRules.tokens.revokeConfirm', { name }) }}
      />
    </Section>
  );
}
