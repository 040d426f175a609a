import { useTranslation } from 'react-i18next';

const pill = 'inline-flex items-center gap-1 rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ring-inset';

const levelClass: Record<string, string> = {
  green: 'bg-green-50 text-green-800 ring-green-600/25',
  yellow: 'bg-amber-50 text-amber-900 ring-amber-500/40',
  red: 'bg-red-600 text-white ring-red-700',
};

/** A shape per level as well as a colour, so the level reads without colour too (● ▲ ■). */
function LevelIcon({ level }: { level: string }) {
  if (level === 'red') {
    return (
      <svg aria-hidden="true" viewBox="0 0 10 10" className="size-2.5 fill-current">
        <rect x="1" y="1" width="8" height="8" rx="1" />
      </svg>
    );
  }
  if (level === 'yellow') {
    return (
      <svg aria-hidden="true" viewBox="0 0 10 10" className="size-2.5 fill-current">
        <path d="M5 1 9.5 9h-9L5 1Z" />
      </svg>
    );
  }
  return (
    <svg aria-hidden="true" viewBox="0 0 10 10" className="size-2.5 fill-current">
      <circle cx="5" cy="5" r="4" />
    </svg>
  );
}

/** 绿色 / 黄色预警 / 红色预警 with its score when known. */
export function RiskBadge({ level, score }: { level: string | null; score?: number | null }) {
  const { t } = useTranslation();
  if (!level) return null;
  return (
    <span className={`${pill} ${levelClass[level] ?? levelClass.green}`} data-testid="risk-badge" data-level={level}>
      <LevelIcon level={level} />
      {t(`vocab.dispute.level.${level}`)}
      {score !== undefined && score !== null ? <span className="tabular-nums opacity-80">{t('disputes.risk.points', { count: score })}</span> : null}
    </span>
  );
}

const outcomeClass: Record<string, string> = {
  agreement: 'bg-green-50 text-green-800 ring-green-600/20',
  referred: 'bg-violet-50 text-violet-800 ring-violet-600/20',
  withdrawn: 'bg-slate-100 text-slate-700 ring-slate-500/20',
  failed: 'bg-orange-50 text-orange-800 ring-orange-600/25',
  pending: 'bg-sky-50 text-sky-800 ring-sky-600/20',
};

export function OutcomeBadge({ outcome }: { outcome: string | null }) {
  const { t } = useTranslation();
  const value = outcome ?? 'pending';
  return (
    <span className={`${pill} ${outcomeClass[value] ?? outcomeClass.pending}`} data-testid="outcome-badge">
      {t(`vocab.dispute.outcome.${value}`)}
    </span>
  );
}

/** 待签收 (amber) or 已签收 (grey). */
export function WarningStateBadge({ acknowledged }: { acknowledged: boolean }) {
  const { t } = useTranslation();
  return (
    <span className={`${pill} ${acknowledged ? 'bg-slate-100 text-slate-600 ring-slate-500/20' : 'bg-amber-100 text-amber-900 ring-amber-600/30'}`} data-testid="warning-state">
      {acknowledged ? t('disputes.warnings.acknowledged') : t('disputes.warnings.open')}
    </span>
  );
}
