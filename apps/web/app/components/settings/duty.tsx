import { useFetcher } from 'react-router';
import { useTranslation } from 'react-i18next';
import { localName } from '../../lib/names.ts';
import { buttonClass, Empty, inputClass, Section } from '../ui.tsx';
import type { Duty } from './sla-result.tsx';
import type { ActionResult } from '../../lib/action-result.ts';
import { fetcherFailure, FormErrors } from '../form.tsx';

// ——— 值班与在办上限 ———

export function DutySection({ duty }: { duty: Duty[] }) {
  const { t } = useTranslation();
  const fetcher = useFetcher<ActionResult>({ key: 'sla-duty' });
  return (
    <Section title={t('settings.duty.title')} count={duty.length} testId="duty-settings">
      <div className="space-y-3 px-4 pt-3">
        <p className="text-sm text-slate-600">{t('settings.duty.hint')}</p>
        <FormErrors failure={fetcherFailure(fetcher)} />
      </div>
      {duty.length === 0 ? (
        <Empty>{t('settings.duty.none')}</Empty>
      ) : (
        <div className="overflow-x-auto">
          <table className="mt-2 w-full text-left text-sm">
            <thead className="bg-slate-50 text-slate-600">
              <tr>
                <th className="px-4 py-2 font-medium">{t('settings.duty.name')}</th>
                <th className="px-4 py-2 font-medium">{t('settings.duty.stations')}</th>
                <th className="px-4 py-2 font-medium">{t('settings.duty.onDuty')}</th>
                <th className="px-4 py-2 text-right font-medium">{t('settings.duty.load')}</th>
                <th className="px-4 py-2 font-medium">{t('settings.duty.maxOpenItems')}</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {duty.map((d) => (
                <DutyRow key={`${d.userId}:${d.maxOpenItems}`} duty={d} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Section>
  );
}

function DutyRow({ duty: d }: { duty: Duty }) {
  const { t, i18n } = useTranslation();
  const fetcher = useFetcher<ActionResult>({ key: 'sla-duty' });
  const busy = fetcher.state !== 'idle';
  const full = d.openItems >= d.maxOpenItems;
  return (
    <tr data-testid="duty-row">
      <td className="px-4 py-2">
        <div className="font-medium text-slate-900">{d.name}</div>
        <div className="text-xs text-slate-500">{d.email}</div>
      </td>
      <td className="px-4 py-2 text-slate-600">{d.stations.map((s) => localName(i18n.language, s.name, s.nameEn)).join(i18n.language === 'en' ? ', ' : '、')}</td>
      <td className="px-4 py-2">
        <fetcher.Form method="post">
          <input type="hidden" name="intent" value="duty" />
          <input type="hidden" name="userId" value={d.userId} />
          <input type="hidden" name="version" value={d.version} />
          <input type="hidden" name="onDuty" value={String(!d.onDuty)} />
          <button
            type="submit"
            role="switch"
            aria-checked={d.onDuty}
            aria-label={t('settings.duty.toggleLabel', { name: d.name })}
            disabled={busy}
            className="inline-flex items-center gap-2 rounded-md px-1 py-0.5 text-sm hover:bg-slate-50 disabled:opacity-60"
          >
            <span className={`relative inline-block h-5 w-9 rounded-full transition-colors ${d.onDuty ? 'bg-green-600' : 'bg-slate-300'}`} aria-hidden="true">
              <span className={`absolute top-0.5 size-4 rounded-full bg-white shadow transition-all ${d.onDuty ? 'left-4.5' : 'left-0.5'}`} />
            </span>
            <span className={d.onDuty ? 'text-green-800' : 'text-slate-500'}>{d.onDuty ? t('settings.duty.on') : t('settings.duty.off')}</span>
          </button>
        </fetcher.Form>
      </td>
      <td className="px-4 py-2 text-right tabular-nums">
        <span className={full ? 'font-medium text-red-700' : ''}>
          {d.openItems} / {d.maxOpenItems}
        </span>
        {full ? <span className="ml-1.5 rounded bg-red-50 px-1.5 py-0.5 text-xs text-red-700">{t('settings.duty.full')}</span> : null}
      </td>
      <td className="px-4 py-2">
        <fetcher.Form method="post" className="flex items-center gap-1.5">
          <input type="hidden" name="intent" value="duty" />
          <input type="hidden" name="userId" value={d.userId} />
          <input type="hidden" name="version" value={d.version} />
          <span className="w-24">
            <input
              type="number"
              name="maxOpenItems"
              defaultValue={d.maxOpenItems}
              min={1}
              max={1000}
              step={1}
              required
              aria-label={t('settings.duty.maxLabel', { name: d.name })}
              className={inputClass}
            />
          </span>
          <button type="submit" className={buttonClass.smallSecondary} disabled={busy}>
            {t('settings.duty.save')}
          </button>
        </fetcher.Form>
      </td>
    </tr>
  );
}
