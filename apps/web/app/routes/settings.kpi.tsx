import { Form, useActionData, useLoaderData, useNavigation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { defaultKpiTargets, kpiTargetIssues, kpiTargetKinds, kpiTargetMetrics, type KpiTargetMetric, type KpiTargets } from '@stationdesk/core';
import { translator } from '@stationdesk/i18n';
import { Page } from '../components/page.tsx';
import { useSavedKey } from '../components/flash.tsx';
import { FormErrors } from '../components/form.tsx';
import { RevocableTable, ShownOnce } from '../components/revocable-secrets.tsx';
import { buttonClass, Field, inputClass, Section, selectClass } from '../components/ui.tsx';
import { failureOf, type ActionDone, type ActionResult } from '../lib/action-result.ts';
import { actionFailure, fieldFailure } from '../lib/action-result.server.ts';
import { redirectWithFlash } from '../lib/flash.server.ts';
import { formatDateTime, formatPercent } from '../lib/format.ts';
import { loadForRoles, requireRole } from '../lib/loader.server.ts';
import { pageTitle } from '../lib/meta.ts';
import { localName } from '../lib/names.ts';
import type { Route } from './+types/settings.kpi';

export function meta({ matches }: Route.MetaArgs) {
  return pageTitle(matches, 'kpi.settings.title');
}

export async function loader({ request, context }: Route.LoaderArgs) {
  const { timezone, data } = await loadForRoles(request, context, ['manager'], () =>
    Promise.all([context.trpc.kpiTarget.get(), context.trpc.wallDisplay.list(), context.trpc.station.list()]),
  );
  const [targets, walls, stations] = data;
  return { targets, walls: walls.rows, stations, timezone };
}

/** The one answer in place: a new link's address, which exists only in this answer (only its hash is stored). */
type Created = ActionDone<{ created: { name: string; url: string } }>;

const targetField = (m: KpiTargetMetric) => `target.${m}`;
const text = (form: FormData, key: string) => String(form.get(key) ?? '').trim();

/** A percentage as typed ("92.13", "95 %") as a ratio; NaN when it is not a number. */
function ratioOf(raw: string): number {
  const v = raw.replace(/\s*%\s*$/, '').trim();
  return v === '' ? Number.NaN : Number(v) / 100;
}

/** A ratio as the form shows it in per cent, without trailing zeros (0.9213 → "92.13"). */
const percentText = (ratio: number) => String(Math.round(ratio * 10_000) / 100);

/** Saves the targets, makes a wall display link (its address answered this once) or revokes one. */
export async function action({ request, context }: Route.ActionArgs): Promise<ActionResult<{ created?: Created['created'] }> | Response> {
  await requireRole(request, context, ['manager']);
  const form = await request.formData();
  const intent = text(form, 'intent');
  const lang = context.lang;
  const t = translator(lang);
  const values = Object.fromEntries([...form.entries()].filter((e): e is [string, string] => typeof e[1] === 'string'));

  if (intent === 'targets') {
    const targets = Object.fromEntries(kpiTargetMetrics.map((m) => [m, ratioOf(text(form, targetField(m)))])) as KpiTargets;
    // Typed in per cent, sent as ratios: the same rules the use case applies, so each problem sits next to its field.
    const issues = kpiTargetIssues(targets);
    if (issues.length) return fieldFailure({ lang, intent, values }, Object.fromEntries(issues.map((i) => [targetField(i.path), i.key])));
    try {
      await context.trpc.kpiTarget.update({ targets });
      return redirectWithFlash(request, context, t('kpi.settings.saved'), { form: 'targets' });
    } catch (e) {
      return actionFailure(e, { lang, intent, values, fieldOf: (path) => (path[0] === 'targets' && typeof path[1] === 'string' ? `target.${path[1]}` : undefined) });
    }
  }
  if (intent === 'createWall') {
    const name = text(form, 'name');
    try {
      const { token } = await context.trpc.wallDisplay.create({ name, stationId: text(form, 'stationId') || null });
      return { ok: true, intent, message: t('kpi.settings.createdTitle', { name }), created: { name, url: `${new URL(request.url).origin}/wall/${token}` } };
    } catch (e) {
      return actionFailure(e, { lang, intent, values, posted: form, fields: ['name', 'stationId'], refusalFields: { 'errors.wallDisplay.stationNotFound': 'stationId' } });
    }
  }
  try {
    await context.trpc.wallDisplay.revoke({ id: text(form, 'id') });
    return redirectWithFlash(request, context, t('kpi.settings.revoked', { name: text(form, 'name') }), { form: 'revokeWall' });
  } catch (e) {
    return actionFailure(e, { lang, intent, values });
  }
}

export default function KpiSettings() {
  const { t } = useTranslation();
  return (
    <Page title={t('kpi.settings.title')} subtitle={t('kpi.settings.subtitle')}>
      <div className="max-w-4xl space-y-6">
        <TargetsForm />
        <WallDisplays />
      </div>
    </Page>
  );
}

function TargetsForm() {
  const { targets, timezone } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const navigation = useNavigation();
  const saving = navigation.state === 'submitting' && navigation.formData?.get('intent') === 'targets';
  const failed = failureOf(result, 'targets');
  const saved = useSavedKey('targets');
  return (
    <Section title={t('kpi.settings.targetsTitle')} testId="kpi-targets">
      <Form method="post" noValidate key={saved} className="space-y-4 px-4 py-4" data-testid="kpi-targets-form">
        <input type="hidden" name="intent" value="targets" />
        <p className="text-sm text-slate-600">{t('kpi.settings.targetsHint')}</p>
        <p className="text-xs text-slate-500" data-testid="targets-state">
          {targets.custom && targets.updatedAt ? t('kpi.settings.updatedAt', { at: formatDateTime(targets.updatedAt, timezone) }) : t('kpi.settings.defaultsInUse')}
        </p>
        <FormErrors failure={failed} />
        <div className="grid grid-cols-1 gap-4 sm:grid-cols-2 lg:grid-cols-3">
          {kpiTargetMetrics.map((m) => {
            const name = targetField(m);
            const label = t(kpiTargetKinds[m] === 'floor' ? 'kpi.settings.floorLabel' : 'kpi.settings.ceilingLabel', { metric: t(`kpi.metric.${m}`) });
            return (
              <Field key={m} label={label} error={failed?.fieldErrors[name]} hint={t('kpi.settings.defaultHint', { value: formatPercent(defaultKpiTargets[m], lang) })}>
                {(p) => (
                  <input
                    {...p}
                    name={name}
                    inputMode="decimal"
                    autoComplete="off"
                    defaultValue={failed?.values?.[name] ?? percentText(targets.targets[m])}
                    className={`${inputClass} tabular-nums`}
                    data-testid={`target-${m}`}
                  />
                )}
              </Field>
            );
          })}
        </div>
        <div className="flex justify-end">
          <button type="submit" className={buttonClass.primary} disabled={saving} data-testid="targets-save">
            {saving ? t('workItems.common.saving') : t('kpi.settings.save')}
          </button>
        </div>
      </Form>
    </Section>
  );
}

function WallDisplays() {
  const { walls, stations, timezone } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const navigation = useNavigation();
  const creating = navigation.state === 'submitting' && navigation.formData?.get('intent') === 'createWall';
  const failed = failureOf(result, 'createWall');
  const created = result?.ok ? (result.created ?? null) : null;
  const stationName = (id: string | null, fallback: string | null) => {
    if (!id) return t('kpi.settings.wallScopeAll');
    const s = stations.find((x) => x.id === id);
    return s ? localName(lang, s.name, s.nameEn) : (fallback ?? '');
  };
  return (
    <Section title={t('kpi.settings.wallTitle')} testId="wall-displays">
      <div className="space-y-4 px-4 py-4">
        <p className="text-sm text-slate-600">{t('kpi.settings.wallHint')}</p>
        {created ? (
          <ShownOnce
            testId="wall-created"
            valueTestId="wall-url"
            label={t('kpi.settings.createdUrl')}
            value={created.url}
            after={
              <a href={created.url} target="_blank" rel="noreferrer" className={buttonClass.link}>
                {t('kpi.settings.openWall')}
              </a>
            }
          >
            <p className="font-medium">{t('kpi.settings.createdTitle', { name: created.name })}</p>
            <p>{t('kpi.settings.createdHint')}</p>
          </ShownOnce>
        ) : null}
        {/* Keyed by the last link made: the form starts empty again after each. */}
        <Form method="post" noValidate key={created?.url ?? 'new'} className="grid grid-cols-1 items-start gap-3 sm:grid-cols-[minmax(0,2fr)_minmax(0,1fr)_auto]" data-testid="wall-create-form">
          <input type="hidden" name="intent" value="createWall" />
          {failed?.error ? (
            <div className="sm:col-span-3">
              <FormErrors failure={failed} />
            </div>
          ) : null}
          <Field label={t('kpi.settings.wallName')} required error={failed?.fieldErrors.name} hint={t('kpi.settings.wallNameHint')}>
            {(p) => <input {...p} name="name" maxLength={60} autoComplete="off" defaultValue={failed?.values?.name ?? ''} className={inputClass} data-testid="wall-name" />}
          </Field>
          <Field label={t('kpi.settings.wallScope')} error={failed?.fieldErrors.stationId}>
            {(p) => (
              <select {...p} name="stationId" defaultValue={failed?.values?.stationId ?? ''} className={selectClass} data-testid="wall-scope">
                <option value="">{t('kpi.settings.wallScopeAll')}</option>
                {stations.map((s) => (
                  <option key={s.id} value={s.id}>
                    {localName(lang, s.name, s.nameEn)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <button type="submit" className={`${buttonClass.primary} sm:mt-6`} disabled={creating} data-testid="wall-create">
            {t('kpi.settings.create')}
          </button>
        </Form>
      </div>
      <RevocableTable
        rows={walls.map((w) => ({
          id: w.id,
          name: w.name,
          revokedAt: w.revokedAt,
          cells: [stationName(w.stationId, w.stationName), formatDateTime(w.createdAt, timezone), w.revokedAt ? t('kpi.settings.revokedAt', { at: formatDateTime(w.revokedAt, timezone) }) : t('kpi.settings.live')],
        }))}
        label={t('kpi.settings.wallTitle')}
        empty={t('kpi.settings.wallEmpty')}
        columns={[t('kpi.settings.colName'), t('kpi.settings.colScope'), t('kpi.settings.colCreated'), t('kpi.settings.colStatus')]}
        testId="wall-table"
        rowTestId="wall-row"
        revoke={{ intent: 'revokeWall', label: t('kpi.settings.revoke'), confirmLabel: t('kpi.settings.revokeConfirm'), question: (name) => t('kpi.settings.revokeQuestion', { name }) }}
      />
    </Section>
  );
}
