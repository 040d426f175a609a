import { useTranslation } from 'react-i18next';
import { tierClass } from '../../lib/patrol.ts';

const pill = 'inline-flex items-center gap-1 rounded-full px-2 py-0.5 text-xs font-semibold whitespace-nowrap ring-1 ring-inset';

/** 红 / 黄 / 蓝: the finding's tier. */
export function TierBadge({ tier }: { tier: string }) {
  const { t } = useTranslation();
  return (
    <span className={`${pill} ${tierClass[tier] ?? tierClass.blue}`} data-testid="tier-badge" data-tier={tier}>
      {t(`patrol.tier.${tier}`)}
    </span>
  );
}

/** Where the finding came from (staff, automatic, an external system by name). */
export function SourceBadge({ source, sourceName }: { source: string; sourceName: string | null }) {
  const { t } = useTranslation();
  return (
    <span className={`${pill} bg-slate-50 font-medium text-slate-600 ring-slate-400/30`} data-testid="source-badge">
      {t(`patrol.source.${source}`)}
      {sourceName ? ` · ${sourceName}` : ''}
    </span>
  );
}
