import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../lib/format.ts';
import type { DisputeDetail } from '../../../lib/disputes.ts';
import { buttonClass, Field, inputClass, Section } from '../../ui.tsx';
import { RiskBadge, WarningStateBadge } from '../badges.tsx';
import { CaseFormDisclosure } from '../case-form.tsx';
import { Records } from './shared.tsx';

// ——— warnings ———

export function WarningsSection({ warnings, role, timezone }: { warnings: DisputeDetail['warnings']; role: 'manager' | 'staff'; timezone: string }) {
  const { t } = useTranslation();
  const sorted = [...warnings].sort((a, b) => Number(Boolean(a.acknowledgedAt)) - Number(Boolean(b.acknowledgedAt)) || b.raisedAt.localeCompare(a.raisedAt));
  return (
    <div id="warnings" className="scroll-mt-20">
      <Section title={t('disputes.warnings.onCase')} count={warnings.length} testId="case-warnings">
        <Records items={sorted} empty={t('disputes.warnings.noneOnCase')}>
          {(w) => <WarningItem key={w.id} warning={w} role={role} timezone={timezone} />}
        </Records>
      </Section>
    </div>
  );
}

export function WarningItem({
  warning: w,
  role,
  timezone,
  selectBox,
  children,
}: {
  warning: { id: string; level: string; score: number; reason: string; raisedAt: string; acknowledgedAt: string | null; acknowledgement: string | null };
  role: 'manager' | 'staff';
  timezone: string;
  /** A checkbox for the page's bulk acknowledgement, in place of this warning's own form. */
  selectBox?: React.ReactNode;
  children?: React.ReactNode;
}) {
  const { t } = useTranslation();
  const key = `ack.${w.id}`;
  return (
    <li className="space-y-2 px-4 py-3 text-sm" data-testid="warning-item" data-level={w.level} data-id={w.id}>
      <div className="flex flex-wrap items-center gap-2">
        {selectBox}
        <RiskBadge level={w.level} />
        <WarningStateBadge acknowledged={Boolean(w.acknowledgedAt)} />
        <span className="text-xs text-slate-500 tabular-nums">{formatDateTime(w.raisedAt, timezone)}</span>
      </div>
      {children}
      <p className="text-slate-700">
        {t(`vocab.dispute.riskReason.${w.reason}`, { defaultValue: w.reason })} · {t('disputes.risk.points', { count: w.score })}
      </p>
      {w.acknowledgedAt ? (
        <p className="rounded bg-slate-50 px-2 py-1 text-xs text-slate-600">
          {w.acknowledgement
            ? t('disputes.warnings.acknowledgedWithNote', { at: formatDateTime(w.acknowledgedAt, timezone), note: w.acknowledgement })
            : t('disputes.warnings.acknowledgedAt', { at: formatDateTime(w.acknowledgedAt, timezone) })}
        </p>
      ) : selectBox ? null : role === 'manager' ? (
        <CaseFormDisclosure summary={t('disputes.warnings.acknowledge')} intent="acknowledge" formKey={key} hidden={{ warningId: w.id }} submitLabel={t('disputes.warnings.acknowledgeSubmit')} submitClass={buttonClass.smallPrimary} testId="ack">
          {({ v, err }) => (
            <Field label={t('disputes.warnings.note')} required error={err('note')} hint={t('disputes.warnings.noteHint')}>
              {(p) => <textarea {...p} name="note" rows={2} defaultValue={v('note')} maxLength={2000} className={inputClass} data-testid="ack-note" />}
            </Field>
          )}
        </CaseFormDisclosure>
      ) : (
        <p className="text-xs text-slate-500">{t('disputes.warnings.waitingManager')}</p>
      )}
    </li>
  );
}
