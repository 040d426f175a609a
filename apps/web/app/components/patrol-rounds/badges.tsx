import { useTranslation } from 'react-i18next';

const statusClass = {
  planned: 'bg-slate-50 text-slate-700 ring-slate-500/30',
  in_progress: 'bg-blue-50 text-blue-700 ring-blue-600/20',
  done: 'bg-green-50 text-green-700 ring-green-600/20',
  missed: 'bg-red-50 text-red-700 ring-red-600/20',
} as const;

/** 待巡查 / 巡查中 / 已完成 / 已错过. */
export function RoundStatusBadge({ status }: { status: keyof typeof statusClass }) {
  const { t } = useTranslation();
  return (
    <span className={`inline-flex shrink-0 items-center rounded-full px-2 py-0.5 text-xs font-medium ring-1 ${statusClass[status]}`} data-testid="round-status" data-status={status}>
      {t(`patrolRounds.status.${status}`)}
    </span>
  );
}

/** Points ticked of all to tick. */
export function RoundProgressBar({ checked, total }: { checked: number; total: number }) {
  const { t } = useTranslation();
  const pct = total ? Math.round((checked / total) * 100) : 0;
  return (
    <div
      className="h-2.5 w-full overflow-hidden rounded-full bg-slate-200"
      role="progressbar"
      aria-valuemin={0}
      aria-valuemax={total}
      aria-valuenow={checked}
      aria-label={t('patrolRounds.walk.progress', { checked, total })}
    >
      <div className={`h-full rounded-full ${checked === total && total > 0 ? 'bg-green-600' : 'bg-brand-600'}`} style={{ width: `${pct}%` }} />
    </div>
  );
}
