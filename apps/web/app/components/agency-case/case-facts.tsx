import { useTranslation } from 'react-i18next';
import type { AnyAgencyCaseView } from '../../lib/agency-case.ts';
import { formatDateTime } from '../../lib/format.ts';
import { localName } from '../../lib/names.ts';

function Row({ label, children, testId }: { label: string; children: React.ReactNode; testId?: string }) {
  return (
    <div className="grid grid-cols-[7.5rem_1fr] gap-x-3 py-1.5 text-sm" data-testid={testId}>
      <dt className="text-slate-500">{label}</dt>
      <dd className="min-w-0 break-words text-slate-900">{children}</dd>
    </div>
  );
}

/**
 * Working days left on the deadline that bites first: red once past; amber within two where the
 * station's at-risk mark is known (staff — the portal's view does not carry it).
 */
export function DaysLeft({ agency }: { agency: Pick<AnyAgencyCaseView, 'workingDaysLeft' | 'step'> & { atRisk?: boolean } }) {
  const { t } = useTranslation();
  if (agency.step === 'done') return null;
  const late = agency.workingDaysLeft < 0;
  const tone = late ? 'bg-red-50 text-red-800 ring-red-200' : agency.atRisk ? 'bg-amber-50 text-amber-900 ring-amber-200' : 'bg-slate-50 text-slate-700 ring-slate-200';
  const days = Math.abs(agency.workingDaysLeft);
  return (
    <span className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium tabular-nums ring-1 ring-inset ${tone}`} data-testid="days-left">
      {late ? t('agencyCase.facts.daysLate', { count: days }) : t('agencyCase.facts.daysLeft', { count: days })}
    </span>
  );
}

/**
 * 办件信息: the case type and the department that decides, the statutory and promised deadlines
 * (the nearer one carries the working days left), the department's reference number, the result
 * and the document it issued, the pick-up.
 */
export function CaseFacts({ agency, timezone, mode }: { agency: AnyAgencyCaseView; timezone: string; mode: 'staff' | 'portal' }) {
  const { t, i18n } = useTranslation();
  const statutoryFirst = Date.parse(agency.statutoryDueAt) <= Date.parse(agency.promisedDueAt);
  const due = (iso: string, nearer: boolean) => (
    <span className="flex flex-wrap items-center gap-1.5">
      <span className="tabular-nums">{formatDateTime(iso, timezone)}</span>
      {nearer ? <DaysLeft agency={agency} /> : null}
    </span>
  );
  return (
    <dl className="divide-y divide-slate-100" data-testid="agency-facts">
      <Row label={t('agencyCase.facts.type')} testId="agency-type">
        {localName(i18n.language, agency.typeName, agency.typeNameEn)}
      </Row>
      <Row label={t('agencyCase.facts.department')} testId="agency-department">
        {agency.department}
      </Row>
      <Row label={t('agencyCase.facts.statutoryDue')} testId="agency-statutory-due">
        {due(agency.statutoryDueAt, statutoryFirst)}
      </Row>
      <Row label={t('agencyCase.facts.promisedDue')} testId="agency-promised-due">
        {due(agency.promisedDueAt, !statutoryFirst)}
      </Row>
      {agency.departmentRef ? (
        <Row label={t('agencyCase.facts.departmentRef')} testId="agency-ref">
          <span className="font-mono">{agency.departmentRef}</span>
          {agency.submittedOn ? <span className="ml-2 text-xs text-slate-500">{t('agencyCase.facts.submittedOn', { date: agency.submittedOn })}</span> : null}
        </Row>
      ) : null}
      {agency.result ? (
        <Row label={t('agencyCase.facts.result')} testId="agency-result">
          <span className={agency.result === 'approved' ? 'font-medium text-green-800' : 'font-medium text-slate-800'}>{t(`vocab.agencyResult.${agency.result}`)}</span>
          {agency.doneAt ? <span className="ml-2 text-xs text-slate-500 tabular-nums">{formatDateTime(agency.doneAt, timezone)}</span> : null}
        </Row>
      ) : null}
      {agency.resultFile ? (
        <Row label={t('agencyCase.facts.resultFile')}>
          <a href={`/api/files/${agency.resultFile.id}`} className="font-medium text-brand-700 hover:underline" data-testid="agency-result-file">
            {agency.resultFile.name}
          </a>
        </Row>
      ) : null}
      {agency.step === 'done' && agency.result !== 'withdrawn' ? (
        <Row label={t('agencyCase.facts.pickUp')} testId="agency-pickup">
          {agency.pickedUpAt ? (
            <span className="text-green-800">{t('agencyCase.facts.pickedUpAt', { time: formatDateTime(agency.pickedUpAt, timezone) })}</span>
          ) : (
            <span className="text-amber-800">{mode === 'portal' ? t('agencyCase.facts.awaitingPickUpPortal') : t('agencyCase.facts.awaitingPickUp')}</span>
          )}
        </Row>
      ) : null}
    </dl>
  );
}
