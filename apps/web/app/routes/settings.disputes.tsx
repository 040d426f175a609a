import { Form, useActionData, useLoaderData, useNavigation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { riskSettingsIssues } from '@stationdesk/core';
import { translator } from '@stationdesk/i18n';
import { Page } from '../components/page.tsx';
import { FormErrors } from '../components/form.tsx';
import { buttonClass, Field, inputClass, Section } from '../components/ui.tsx';
import { useSavedKey } from '../components/flash.tsx';
import { loadForRoles, requireRole } from '../lib/loader.server.ts';
import { redirectWithFlash } from '../lib/flash.server.ts';
import { pageTitle } from '../lib/meta.ts';
import { failureOf, type ActionFailure } from '../lib/action-result.ts';
import { actionFailure, fieldFailure } from '../lib/action-result.server.ts';
import type { RiskSettings } from '../lib/disputes.ts';
import { numberField, typedValues } from '../lib/disputes.server.ts';
import type { Route } from './+types/settings.disputes';

export function meta({ matches }: Route.MetaArgs) {
  return pageTitle(matches, 'disputes.settings.title');
}

export async function loader({ request, context }: Route.LoaderArgs) {
  const { data } = await loadForRoles(request, context, ['manager'], () => context.trpc.dispute.settings());
  return { risk: data.risk };
}

/** The points per indicator, grouped as the scoring reads them (a per-unit step and its cap side by side). */
const pointGroups = [
  ['wageArrears'],
  ['amountPerTenThousandYuan', 'amountMaxPoints'],
  ['peoplePerPerson', 'peopleMaxPoints'],
  ['enterpriseMovingOrClosing'],
  ['repeatDisputePerCase', 'repeatMaxPoints'],
  ['socialInsuranceArrears'],
  ['priorEscalation'],
] as const;
type PointKey = keyof RiskSettings['points'];
const pointKeys = pointGroups.flat() as PointKey[];
const fieldNames = [...pointKeys.map((k) => `points.${k}`), 'thresholds.yellow', 'thresholds.red', 'thresholds', 'groupDisputePeople'];

/** Saves the tenant's scoring rules; every open dispute is scored again at once. */
export async function action({ request, context }: Route.ActionArgs): Promise<ActionFailure | Response> {
  await requireRole(request, context, ['manager']);
  const form = await request.formData();
  const lang = context.lang;
  const t = translator(lang);
  const values = typedValues(form);
  const num = (name: string) => {
    const n = numberField(form, name);
    return n === null ? NaN : n;
  };
  const risk = {
    points: Object.fromEntries(pointKeys.map((k) => [k, num(`points.${k}`)])) as RiskSettings['points'],
    thresholds: { yellow: num('thresholds.yellow'), red: num('thresholds.red') },
    groupDisputePeople: num('groupDisputePeople'),
  };
  const c = { lang, intent: 'save', values };
  // Core's rule, which the use case applies too (one refusal at a time): read here first, it puts
  // every problem next to its field at once — a number the page could not read among them.
  const issues = riskSettingsIssues(risk);
  if (issues.length) {
    const fieldErrors: Record<string, string> = {};
    for (const issue of issues) fieldErrors[issue.path === 'thresholds' ? 'thresholds.red' : issue.path] ??= issue.key;
    return fieldFailure(c, fieldErrors);
  }
  try {
    const { rescored } = await context.trpc.dispute.updateSettings({ risk });
    return redirectWithFlash(request, context, t('disputes.settings.saved', { count: rescored }), { form: 'save' });
  } catch (e) {
    // The schema's paths below `risk` are the form's names (`risk.points.wageArrears` → points.wageArrears).
    return actionFailure(e, { ...c, posted: form, fieldOf: (path) => fieldNames.find((f) => f === path.slice(1).join('.')) });
  }
}

export default function DisputeSettings() {
  const { risk } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  const navigation = useNavigation();
  const saving = navigation.state === 'submitting';
  const failed = failureOf(result);
  const saved = useSavedKey('save');
  const v = (name: string, current: number) => failed?.values?.[name] ?? String(current);
  const err = (name: string) => failed?.fieldErrors[name];
  const number = (name: string, current: number, label: string, hint?: string) => (
    <Field key={name} label={label} error={err(name)} hint={hint}>
      {(p) => <input {...p} name={name} inputMode="numeric" defaultValue={v(name, current)} className={`${inputClass} tabular-nums`} data-testid={`setting-${name}`} />}
    </Field>
  );
  return (
    <Page title={t('disputes.settings.title')} subtitle={t('disputes.settings.subtitle')}>
      <Form method="post" className="max-w-3xl space-y-4" noValidate key={saved} data-testid="dispute-settings">
        <FormErrors failure={failed} />
        <Section title={t('disputes.settings.pointsTitle')}>
          <p className="px-4 pt-3 text-sm text-slate-600">{t('disputes.settings.pointsHint')}</p>
          <div className="divide-y divide-slate-100">
            {pointGroups.map((group) => (
              <fieldset key={group[0]} className="px-4 py-3">
                <legend className="float-left mb-2 w-full text-sm font-medium text-slate-800">{t(`disputes.settings.group.${group[0]}`)}</legend>
                <div className="clear-left grid grid-cols-1 gap-3 sm:grid-cols-2">
                  {group.map((k) => number(`points.${k}`, risk.points[k], t(`disputes.settings.points.${k}`), t(`disputes.settings.pointsHints.${k}`)))}
                </div>
              </fieldset>
            ))}
          </div>
        </Section>
        <Section title={t('disputes.settings.levelsTitle')}>
          <div className="grid grid-cols-1 gap-3 px-4 py-3 sm:grid-cols-3">
            {number('thresholds.yellow', risk.thresholds.yellow, t('disputes.settings.yellow'), t('disputes.settings.yellowHint'))}
            {number('thresholds.red', risk.thresholds.red, t('disputes.settings.red'), t('disputes.settings.redHint'))}
            {number('groupDisputePeople', risk.groupDisputePeople, t('disputes.settings.groupPeople'), t('disputes.settings.groupPeopleHint'))}
          </div>
        </Section>
        <p className="text-sm text-slate-600">{t('disputes.settings.rescoreNote')}</p>
        <div className="flex justify-end">
          <button type="submit" className={buttonClass.primary} disabled={saving} data-testid="settings-save">
            {saving ? t('workItems.common.saving') : t('disputes.settings.save')}
          </button>
        </div>
      </Form>
    </Page>
  );
}
