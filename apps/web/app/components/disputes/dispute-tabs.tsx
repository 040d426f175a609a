import { NavLink } from 'react-router';
import { useTranslation } from 'react-i18next';

const tabs = [
  { to: '/disputes', key: 'disputes.tabs.cases', end: true },
  { to: '/disputes/warnings', key: 'disputes.tabs.warnings', end: false },
  { to: '/disputes/enterprises', key: 'disputes.tabs.enterprises', end: false },
  { to: '/disputes/counts', key: 'disputes.tabs.counts', end: false },
] as const;

/** 案件 · 预警 · 企业风险 · 统计: the dispute pages side by side; scrolls sideways on a narrow phone. */
export function DisputeTabs({ openWarnings }: { openWarnings?: number }) {
  const { t } = useTranslation();
  return (
    <nav aria-label={t('disputes.tabs.label')} className="mb-3 flex gap-1 overflow-x-auto border-b border-slate-200">
      {tabs.map((tab) => (
        <NavLink
          key={tab.to}
          to={tab.to}
          end={tab.end}
          className={({ isActive }) =>
            `-mb-px shrink-0 border-b-2 px-3 py-2 text-sm whitespace-nowrap ${isActive ? 'border-brand-600 font-medium text-brand-700' : 'border-transparent text-slate-600 hover:text-slate-900'}`
          }
        >
          {t(tab.key)}
          {tab.to === '/disputes/warnings' && openWarnings ? (
            <span className="ml-1.5 rounded-full bg-red-600 px-1.5 text-xs text-white tabular-nums" aria-label={t('disputes.warnings.openCount', { count: openWarnings })}>
              {openWarnings}
            </span>
          ) : null}
        </NavLink>
      ))}
    </nav>
  );
}
