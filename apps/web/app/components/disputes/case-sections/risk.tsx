import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../lib/format.ts';
import { riskFactors, type DisputeDetail } from '../../../lib/disputes.ts';
import { Section } from '../../ui.tsx';
import { RiskBadge } from '../badges.tsx';

// ——— risk ———

export function RiskSection({ risk, history, timezone }: { risk: DisputeDetail['risk']; history: DisputeDetail['riskHistory']; timezone: string }) {
  const { t } = useTranslation();
  if (!risk) return null;
  const factors = riskFactors(risk.factors);
  return (
    <Section title={t('disputes.risk.title')} testId="risk-section">
      <div className="space-y-3 px-4 py-3">
        <div className="flex flex-wrap items-center gap-2">
          <RiskBadge level={risk.level} />
          <span className="text-2xl font-semibold tabular-nums" data-testid="risk-score">
            {risk.score}
          </span>
          <span className="text-sm text-slate-500">{t('disputes.risk.scoreUnit')}</span>
        </div>
        {factors.length ? (
          <table className="w-full text-sm" data-testid="risk-factors">
            <caption className="sr-only">{t('disputes.risk.factors')}</caption>
            <thead className="sr-only">
              <tr>
                <th scope="col">{t('disputes.risk.indicator')}</th>
                <th scope="col">{t('disputes.risk.pointsHeader')}</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {factors.map((f) => (
                <tr key={f.indicator}>
                  <th scope="row" className="py-1.5 pr-2 text-left font-normal text-slate-700">
                    {t(`vocab.dispute.indicator.${f.indicator}`)}
                  </th>
                  <td className="py-1.5 text-right font-medium tabular-nums">{f.indicator === 'groupDispute' ? t('disputes.risk.alwaysRed') : `+${f.points}`}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p className="text-sm text-slate-500">{t('disputes.risk.noFactors')}</p>
        )}
      </div>
      {history.length ? (
        <details className="border-t border-slate-100">
          <summary className="cursor-pointer px-4 py-2 text-sm text-brand-700 hover:bg-slate-50">{t('disputes.risk.history', { count: history.length })}</summary>
          <ol className="divide-y divide-slate-100 px-4 pb-2" data-testid="risk-history">
            {[...history].reverse().map((h, i) => (
              <li key={`${h.at}-${i}`} className="flex flex-wrap items-center justify-between gap-2 py-2 text-xs">
                <span className="text-slate-600 tabular-nums">{formatDateTime(h.at, timezone)}</span>
                <span className="text-slate-700">{t(`vocab.dispute.riskReason.${h.reason}`, { defaultValue: h.reason })}</span>
                <span className="flex items-center gap-1">
                  <span className="tabular-nums">{t('disputes.risk.points', { count: h.score })}</span>
                  <RiskBadge level={h.level} />
                </span>
              </li>
            ))}
          </ol>
        </details>
      ) : null}
    </Section>
  );
}
