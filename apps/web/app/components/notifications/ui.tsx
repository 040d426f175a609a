import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';

/** Tabs that are links (?tab=…): they work before scripts load and keep their place on reload. */
export function TabLinks({
  label,
  tabs,
  current,
  actions,
}: {
  label: string;
  tabs: { key: string; to: string; label: string; count?: number | undefined }[];
  current: string;
  actions?: React.ReactNode;
}) {
  return (
    <div className="mb-4 flex items-end gap-2 border-b border-slate-200">
      <nav aria-label={label} className="-mb-px flex min-w-0 flex-1 gap-1 overflow-x-auto">
        {tabs.map((tab) => {
          const active = tab.key === current;
          return (
            <Link
              key={tab.key}
              to={tab.to}
              aria-current={active ? 'page' : undefined}
              className={`flex shrink-0 items-center gap-1.5 border-b-2 px-3 py-2 text-sm whitespace-nowrap ${active ? 'border-brand-600 font-medium text-brand-700' : 'border-transparent text-slate-600 hover:border-slate-300 hover:text-slate-900'}`}
              data-testid={`tab-${tab.key}`}
            >
              {tab.label}
              {tab.count ? <span className="rounded-full bg-red-100 px-1.5 text-xs font-medium text-red-700 tabular-nums">{tab.count}</span> : null}
            </Link>
          );
        })}
      </nav>
      {actions ? <div className="shrink-0 pb-1.5">{actions}</div> : null}
    </div>
  );
}

const pill = 'inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ring-inset';
const statusClass: Record<string, string> = {
  pending: 'bg-sky-50 text-sky-800 ring-sky-600/20',
  sending: 'bg-indigo-50 text-indigo-700 ring-indigo-600/20',
  sent: 'bg-green-50 text-green-700 ring-green-600/20',
  failed: 'bg-red-50 text-red-700 ring-red-600/25',
  uncertain: 'bg-amber-50 text-amber-800 ring-amber-600/30',
};

export function DeliveryStatusBadge({ status }: { status: string }) {
  const { t } = useTranslation();
  return (
    <span className={`${pill} ${statusClass[status] ?? statusClass.pending}`} data-testid="delivery-status" data-status={status}>
      {t(`notifications.status.${status}`)}
    </span>
  );
}

export function QuietBadge({ children, tone = 'slate' }: { children: React.ReactNode; tone?: 'slate' | 'green' }) {
  const cls = tone === 'green' ? 'bg-green-50 text-green-700 ring-green-600/20' : 'bg-slate-50 text-slate-600 ring-slate-400/25';
  return <span className={`${pill} ${cls}`}>{children}</span>;
}

/** Provider marks in their brands' colours, small: which robot at a glance. */
const providerDot: Record<string, string> = { wecom: 'bg-emerald-500', dingtalk: 'bg-sky-500', feishu: 'bg-indigo-500' };

export function ProviderName({ provider }: { provider: string }) {
  const { t } = useTranslation();
  return (
    <span className="inline-flex items-center gap-1.5">
      <span className={`size-2 rounded-full ${providerDot[provider] ?? 'bg-slate-400'}`} aria-hidden="true" />
      {t(`notifications.provider.${provider}`)}
    </span>
  );
}
