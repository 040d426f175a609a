import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { agencySteps } from '@stationdesk/core';
import { agencyQuery, type AgencyFilters, type AgencyType } from '../../lib/agency.ts';
import { localName } from '../../lib/names.ts';
import { stepLabel } from './badges.tsx';

/**
 * The counts in one glance: open cases per step (and those waiting to be picked up), open cases
 * per type. Each count is a link that filters the list to it (again: removes the filter).
 */
export function QueueSummary({
  filters,
  counts,
  types,
}: {
  filters: AgencyFilters;
  counts: { byStep: Record<string, number>; byType: Record<string, number> };
  types: readonly AgencyType[];
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const open = agencySteps.filter((s) => s !== 'done').reduce((sum, s) => sum + (counts.byStep[s] ?? 0), 0);
  const typeChips = types.filter((ty) => (counts.byType[ty.id] ?? 0) > 0 || ty.id === filters.type);
  const to = (f: Partial<AgencyFilters>) => `/agency${agencyQuery({ ...filters, ...f })}`;
  return (
    <section aria-label={t('agency.queue.summary')} className="mb-3 space-y-2 rounded-lg border border-slate-200 bg-white p-3" data-testid="agency-summary">
      <ChipRow label={t('agency.queue.byStep')}>
        <Chip label={t('agency.queue.allOpen')} count={open} active={!filters.step} to={to({ step: '' })} testId="count-step-all" />
        {agencySteps.map((s) => {
          const label = stepLabel(t, s);
          const active = filters.step === s;
          return <Chip key={s} label={label} count={counts.byStep[s] ?? 0} active={active} to={to({ step: active ? '' : s })} testId={`count-step-${s}`} />;
        })}
      </ChipRow>
      <ChipRow label={t('agency.queue.byType')}>
        {typeChips.length === 0 ? <span className="text-xs text-slate-500">{t('agency.queue.noTypes')}</span> : null}
        {typeChips.map((ty) => {
          const active = filters.type === ty.id;
          return (
            <Chip
              key={ty.id}
              label={localName(lang, ty.name, ty.nameEn)}
              count={counts.byType[ty.id] ?? 0}
              active={active}
              to={to({ type: active ? '' : ty.id })}
              testId={`count-type-${ty.code}`}
            />
          );
        })}
      </ChipRow>
    </section>
  );
}

function ChipRow({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="flex items-start gap-2">
      <span className="w-14 shrink-0 pt-1 text-xs text-slate-500">{label}</span>
      <ul className="flex min-w-0 flex-wrap gap-1.5">{children}</ul>
    </div>
  );
}

function Chip({ label, count, active, to, testId }: { label: string; count: number; active: boolean; to: string; testId: string }) {
  const { t } = useTranslation();
  return (
    <li>
      <Link
        to={to}
        replace
        preventScrollReset
        aria-current={active ? 'true' : undefined}
        title={active ? t('agency.queue.chipClear', { label }) : t('agency.queue.chipHint', { label })}
        className={`inline-flex min-h-8 items-center gap-1.5 rounded-full border px-2.5 py-0.5 text-xs ${
          active ? 'border-brand-600 bg-brand-600 text-white' : count === 0 ? 'border-slate-200 bg-white text-slate-400 hover:text-slate-600' : 'border-slate-300 bg-white text-slate-700 hover:bg-slate-50'
        }`}
        data-testid={testId}
      >
        {active ? <span aria-hidden="true">✓</span> : null}
        <span>{label}</span>
        <span className={`tabular-nums font-semibold ${active ? 'text-white' : 'text-slate-900'}`} data-testid="count">
          {count}
        </span>
      </Link>
    </li>
  );
}
