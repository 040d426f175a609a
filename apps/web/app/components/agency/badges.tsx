import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../lib/format.ts';
import { dueTone, type AgencyQueueRow, type DueTone } from '../../lib/agency.ts';

const pill = 'inline-flex items-center gap-1 rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ring-inset';

const stepClass: Record<string, string> = {
  materials: 'bg-sky-50 text-sky-800 ring-sky-600/20',
  precheck: 'bg-indigo-50 text-indigo-700 ring-indigo-600/20',
  submitted: 'bg-blue-50 text-blue-800 ring-blue-700/25',
  under_review: 'bg-violet-50 text-violet-800 ring-violet-600/25',
  done: 'bg-green-50 text-green-700 ring-green-600/20',
};

/** The case's step; a done case in the queue is one waiting to be picked up. */
export function StepBadge({ step }: { step: string }) {
  const { t } = useTranslation();
  return (
    <span className={`${pill} ${stepClass[step] ?? stepClass.materials}`} data-testid="agency-step" data-step={step}>
      {step === 'done' ? t('agency.step.done') : t(`vocab.agencyStep.${step}`)}
    </span>
  );
}

/** The step label for filters and counts (done reads 办结待取件 there too). */
export function stepLabel(t: (k: string) => string, step: string): string {
  return step === 'done' ? t('agency.step.done') : t(`vocab.agencyStep.${step}`);
}

const toneClass: Record<DueTone, string> = {
  overdue: 'bg-red-50 text-red-800 ring-red-600/40',
  atRisk: 'bg-amber-50 text-amber-900 ring-amber-600/40',
  ok: 'bg-white text-slate-700 ring-slate-300',
  pickUp: 'bg-green-50 text-green-800 ring-green-600/25',
};

/** Row and card emphasis: a bar at the left edge besides the tint, so the badge's words are not the only cue either. */
export const dueRowClass: Record<DueTone, string> = {
  overdue: 'border-l-4 border-l-red-600 bg-red-50/50',
  atRisk: 'border-l-4 border-l-amber-500 bg-amber-50/50',
  ok: 'border-l-4 border-l-transparent',
  pickUp: 'border-l-4 border-l-transparent',
};

function WarningIcon() {
  return (
    <svg aria-hidden="true" viewBox="0 0 16 16" className="size-3.5 fill-current">
      <path d="M8.87 1.5a1 1 0 0 0-1.74 0L.64 13a1 1 0 0 0 .87 1.5h12.98a1 1 0 0 0 .87-1.5L8.87 1.5ZM7.25 5.5h1.5v4.25h-1.5V5.5Zm0 5.5h1.5v1.5h-1.5V11Z" />
    </svg>
  );
}

/**
 * Working days left to the nearer deadline: a late case says 已超期 with how late, one with two
 * working days or less says 临期 — in words and with an icon, not by colour alone.
 */
export function DueBadge({ row, timezone }: { row: Pick<AgencyQueueRow, 'step' | 'workingDaysLeft' | 'atRisk' | 'dueAt' | 'doneAt'>; timezone: string }) {
  const { t, i18n } = useTranslation();
  const tone = dueTone(row);
  const days = new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 1 }).format(Math.abs(row.workingDaysLeft));
  const title = t('agency.queue.dueAt', { time: formatDateTime(row.dueAt, timezone) });
  if (tone === 'pickUp') {
    return (
      <span className={`${pill} ${toneClass.pickUp}`} data-testid="due-badge" data-tone={tone}>
        {t('agency.queue.pickUp')}
        {row.doneAt ? <span className="font-normal">· {t('agency.queue.doneOn', { date: formatDateTime(row.doneAt, timezone).slice(0, 10) })}</span> : null}
      </span>
    );
  }
  return (
    <span className="inline-flex flex-wrap items-center gap-1" title={title} data-testid="due-badge" data-tone={tone}>
      {tone === 'overdue' || tone === 'atRisk' ? (
        <span className={`${pill} ${toneClass[tone]}`} data-testid="risk-flag">
          <WarningIcon />
          {tone === 'overdue' ? t('agency.queue.overdue') : t('agency.queue.atRisk')}
        </span>
      ) : null}
      <span className={`text-xs tabular-nums ${tone === 'overdue' ? 'font-medium text-red-800' : tone === 'atRisk' ? 'font-medium text-amber-900' : 'text-slate-700'}`}>
        {tone === 'overdue' ? t('agency.queue.overdueBy', { days }) : t('agency.queue.daysLeft', { days })}
      </span>
    </span>
  );
}
