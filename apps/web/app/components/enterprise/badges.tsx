import { useTranslation } from 'react-i18next';
import { expiryDays, expiryTone } from '../../lib/format.ts';

const statusClass: Record<string, string> = {
  active: 'bg-green-50 text-green-700 ring-green-600/20',
  moving_out: 'bg-amber-50 text-amber-800 ring-amber-600/20',
  moved_out: 'bg-slate-100 text-slate-600 ring-slate-500/20',
  deregistered: 'bg-red-50 text-red-700 ring-red-600/20',
};

const pill = 'inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ring-inset';

export function StatusBadge({ status }: { status: string }) {
  const { t } = useTranslation();
  return (
    <span className={`${pill} ${statusClass[status] ?? statusClass.moved_out}`} data-testid="status-badge">
      {t(`vocab.enterpriseStatus.${status}`)}
    </span>
  );
}

/** Tag colours are the tenant's choice among a fixed palette (vocab.tagColor.*). */
export const tagColorClass: Record<string, string> = {
  slate: 'bg-slate-100 text-slate-700 ring-slate-500/20',
  red: 'bg-red-50 text-red-700 ring-red-600/20',
  amber: 'bg-amber-50 text-amber-800 ring-amber-600/25',
  green: 'bg-green-50 text-green-700 ring-green-600/20',
  blue: 'bg-blue-50 text-blue-700 ring-blue-600/20',
  violet: 'bg-violet-50 text-violet-700 ring-violet-600/20',
};

export const tagDotClass: Record<string, string> = {
  slate: 'bg-slate-400',
  red: 'bg-red-500',
  amber: 'bg-amber-500',
  green: 'bg-green-500',
  blue: 'bg-blue-500',
  violet: 'bg-violet-500',
};

export function TagChip({ name, color }: { name: string; color: string }) {
  return <span className={`${pill} ${tagColorClass[color] ?? tagColorClass.slate}`}>{name}</span>;
}

export function TagList({ tags }: { tags: { id: string; name: string; color: string }[] }) {
  if (tags.length === 0) return null;
  return (
    <span className="flex flex-wrap gap-1">
      {tags.map((tag) => (
        <TagChip key={tag.id} name={tag.name} color={tag.color} />
      ))}
    </span>
  );
}

const toneClass = {
  expired: 'bg-red-50 text-red-700 ring-red-600/20',
  critical: 'bg-red-50 text-red-700 ring-red-600/20',
  soon: 'bg-amber-50 text-amber-800 ring-amber-600/25',
  ok: 'bg-slate-50 text-slate-600 ring-slate-500/15',
} as const;

/** An expiry date with how soon it is: amber within 30 days, red within 7 or past. */
export function ExpiryBadge({ date, today, compact = false }: { date: string; today: string; compact?: boolean }) {
  const { t } = useTranslation();
  const tone = expiryTone(date, today);
  const days = expiryDays(date, today);
  const note =
    tone === 'expired' ? t('enterprise.expiry.expired') : days === 0 ? t('enterprise.expiry.today') : tone === 'ok' ? null : t('enterprise.expiry.inDays', { count: days });
  if (compact) {
    // In a table cell: the date, coloured when close, and how close on a line of its own.
    if (tone === 'ok') return <span className="text-sm text-slate-700 tabular-nums">{date}</span>;
    return (
      <span className="inline-flex flex-col items-start gap-0.5" data-tone={tone}>
        <span className={`${pill} tabular-nums ${toneClass[tone]}`}>{date}</span>
        {note ? <span className={`text-xs ${tone === 'soon' ? 'text-amber-700' : 'text-red-700'}`}>{note}</span> : null}
      </span>
    );
  }
  return (
    <span className={`${pill} gap-1 tabular-nums ${toneClass[tone]}`} data-tone={tone}>
      {date}
      {note ? <span className="font-normal">· {note}</span> : null}
    </span>
  );
}

const changeStatusClass: Record<string, string> = {
  pending: 'bg-amber-50 text-amber-800 ring-amber-600/25',
  approved: 'bg-green-50 text-green-700 ring-green-600/20',
  rejected: 'bg-red-50 text-red-700 ring-red-600/20',
};

export function ChangeStatusBadge({ status }: { status: string }) {
  const { t } = useTranslation();
  return <span className={`${pill} ${changeStatusClass[status] ?? changeStatusClass.pending}`}>{t(`vocab.changeStatus.${status}`)}</span>;
}
