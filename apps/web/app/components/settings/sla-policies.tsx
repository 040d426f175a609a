import { useFetcher } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { slaUnits, type SlaLimit } from '@stationdesk/core';
import { buttonClass, inputClass, Section, selectClass } from '../ui.tsx';
import type { Policy } from './sla-result.tsx';
import type { ActionResult } from '../../lib/action-result.ts';
import { fetcherFailure, FormErrors } from '../form.tsx';

// ——— SLA 时限 ———

const firstContactUnits = slaUnits.filter((u) => u !== 'same_working_day');
const sameLimit = (a: SlaLimit, b: SlaLimit) => a.value === b.value && a.unit === b.unit;

const formatLimit = (t: TFunction, limit: SlaLimit): string => t(`settings.limit.${limit.unit}`, { count: limit.value });

export function PolicySection({ policies }: { policies: Policy[] }) {
  const { t } = useTranslation();
  const fetcher = useFetcher<ActionResult>({ key: 'sla-policy' });
  return (
    <Section title={t('settings.policy.title')} testId="policy-settings">
      <div className="space-y-3 px-4 pt-3">
        <p className="text-sm text-slate-600">{t('settings.policy.hint')}</p>
        <FormErrors failure={fetcherFailure(fetcher)} />
      </div>
      <div className="overflow-x-auto">
        <table className="mt-2 w-full text-left text-sm">
          <thead className="bg-slate-50 text-slate-600">
            <tr>
              <th className="px-4 py-2 font-medium">{t('settings.policy.kind')}</th>
              <th className="px-4 py-2 font-medium">{t('settings.policy.priority')}</th>
              <th className="px-4 py-2 font-medium">{t('settings.policy.firstContact')}</th>
              <th className="px-4 py-2 font-medium">{t('settings.policy.resolution')}</th>
              <th className="px-4 py-2" />
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {policies.map((p, i) => (
              <PolicyRow key={`${p.kind}:${p.priority}:${p.updatedAt ?? ''}`} policy={p} firstOfKind={i === 0 || policies[i - 1]!.kind !== p.kind} />
            ))}
          </tbody>
        </table>
      </div>
    </Section>
  );
}

function PolicyRow({ policy, firstOfKind }: { policy: Policy; firstOfKind: boolean }) {
  const { t } = useTranslation();
  const fetcher = useFetcher<ActionResult>({ key: 'sla-policy' });
  const formId = `policy-${policy.kind}-${policy.priority}`;
  const label = `${t(`settings.kind.${policy.kind}`)} · ${t(`settings.priority.${policy.priority}`)}`;
  // A tenant row holding the default values (the demo's, or one set back by hand) is still the default.
  const customised = !policy.isDefault && !(sameLimit(policy.firstContact, policy.defaults.firstContact) && sameLimit(policy.resolution, policy.defaults.resolution));
  return (
    <tr className={firstOfKind ? 'border-t-2 border-slate-200' : ''} data-testid={formId}>
      <td className="px-4 py-2 font-medium text-slate-900">{firstOfKind ? t(`settings.kind.${policy.kind}`) : null}</td>
      <td className="px-4 py-2">
        {t(`settings.priority.${policy.priority}`)}
        <span className={`ml-2 rounded px-1.5 py-0.5 text-xs ${customised ? 'bg-brand-50 text-brand-700' : 'bg-slate-100 text-slate-600'}`}>
          {customised ? t('settings.policy.custom') : t('settings.policy.isDefault')}
        </span>
      </td>
      <td className="px-4 py-2">
        <LimitFields form={formId} prefix="firstContact" label={`${label} ${t('settings.policy.firstContact')}`} limit={policy.firstContact} defaults={policy.defaults.firstContact} units={firstContactUnits} />
      </td>
      <td className="px-4 py-2">
        <LimitFields form={formId} prefix="resolution" label={`${label} ${t('settings.policy.resolution')}`} limit={policy.resolution} defaults={policy.defaults.resolution} units={slaUnits} />
      </td>
      <td className="px-4 py-2 text-right">
        <fetcher.Form method="post" id={formId}>
          <input type="hidden" name="intent" value="policy" />
          <input type="hidden" name="kind" value={policy.kind} />
          <input type="hidden" name="priority" value={policy.priority} />
          <input type="hidden" name="version" value={policy.version} />
          <button type="submit" className={buttonClass.smallPrimary} disabled={fetcher.state !== 'idle'} aria-label={`${t('settings.policy.save')} ${label}`}>
            {t('settings.policy.save')}
          </button>
        </fetcher.Form>
      </td>
    </tr>
  );
}

/** Value and unit of one limit, submitted with the row's form (`form` attribute: a form cannot wrap a table row). */
function LimitFields({
  form,
  prefix,
  label,
  limit,
  defaults,
  units,
}: {
  form: string;
  prefix: string;
  label: string;
  limit: SlaLimit;
  defaults: SlaLimit;
  units: readonly SlaLimit['unit'][];
}) {
  const { t } = useTranslation();
  return (
    <div>
      <div className="flex items-center gap-1.5">
        <span className="w-20">
          <input
            type="number"
            form={form}
            name={`${prefix}Value`}
            defaultValue={limit.value}
            min={1}
            max={10_000}
            step={1}
            required
            aria-label={`${label} ${t('settings.policy.value')}`}
            className={inputClass}
          />
        </span>
        <span className="w-48">
          <select form={form} name={`${prefix}Unit`} defaultValue={limit.unit} aria-label={`${label} ${t('settings.policy.unit')}`} className={selectClass}>
            {units.map((u) => (
              <option key={u} value={u}>
                {t(`settings.unit.${u}`)}
              </option>
            ))}
          </select>
        </span>
      </div>
      <div className="mt-1 text-xs text-slate-500">{t('settings.policy.default', { limit: formatLimit(t, defaults) })}</div>
    </div>
  );
}
