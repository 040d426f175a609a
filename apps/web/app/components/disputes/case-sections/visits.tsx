import { useTranslation } from 'react-i18next';
import { agreementPerformances, ratings } from '@stationdesk/core';
import type { DisputeDetail } from '../../../lib/disputes.ts';
import { Field, inputClass, Section, selectClass } from '../../ui.tsx';
import { CaseFormDisclosure } from '../case-form.tsx';
import { Records } from './shared.tsx';

// ——— follow-up visits ———

export function VisitsSection({ visits, role, today, visitorDefault }: { visits: DisputeDetail['visits']; role: 'manager' | 'staff'; today: string; visitorDefault: string }) {
  const { t } = useTranslation();
  const next = visits.some((x) => x.visitNo === 7) ? '30' : '7';
  return (
    <Section title={t('disputes.visits.title')} count={visits.length} testId="visits-section">
      <Records items={visits} empty={t('disputes.visits.empty')}>
        {(x) => (
          <li key={x.id} className="px-4 py-3 text-sm" data-testid="visit-row">
            <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
              <span className="rounded bg-slate-100 px-1.5 py-0.5 text-xs font-medium text-slate-700">{t('disputes.visits.visitN', { n: x.visitNo })}</span>
              <span className="tabular-nums">{x.visitedOn}</span>
              <span>{x.visitor}</span>
              <span className={x.performance === 'none' ? 'font-medium text-red-700' : x.performance === 'partial' ? 'text-amber-800' : 'text-green-700'}>{t(`vocab.dispute.performance.${x.performance}`)}</span>
              {x.satisfaction ? <span className="text-slate-600">{t(`vocab.dispute.satisfaction.${x.satisfaction}`)}</span> : null}
              {x.newRisk ? <span className="font-medium text-red-700">{t('disputes.visits.newRisk')}</span> : null}
            </div>
            {x.notes ? <p className="mt-1 break-words whitespace-pre-wrap text-slate-700">{x.notes}</p> : null}
          </li>
        )}
      </Records>
      <div className="border-t border-slate-100 p-3">
        <CaseFormDisclosure summary={t('disputes.visits.add')} intent="visit" submitLabel={t('disputes.visits.save')} testId="visit">
          {({ v, err }) => (
            <>
              <div className="grid grid-cols-1 gap-3 sm:grid-cols-3">
                <Field label={t('disputes.visits.which')} error={err('visitNo')}>
                  {(p) => (
                    <select {...p} name="visitNo" defaultValue={v('visitNo', next)} className={selectClass}>
                      <option value="7">{t('disputes.visits.visitN', { n: 7 })}</option>
                      <option value="30">{t('disputes.visits.visitN', { n: 30 })}</option>
                    </select>
                  )}
                </Field>
                <Field label={t('disputes.visits.visitedOn')} required error={err('visitedOn')}>
                  {(p) => <input {...p} type="date" name="visitedOn" max={today} defaultValue={v('visitedOn', today)} className={`${inputClass} tabular-nums`} />}
                </Field>
                <Field label={t('disputes.visits.visitor')} required error={err('visitor')}>
                  {(p) => <input {...p} name="visitor" defaultValue={v('visitor', visitorDefault)} maxLength={100} className={inputClass} />}
                </Field>
              </div>
              <fieldset>
                <legend className="mb-1 text-sm font-medium text-slate-700">
                  {t('disputes.visits.performance')}
                  <span className="ml-0.5 text-red-600" aria-hidden="true">
                    *
                  </span>
                </legend>
                <div className="flex flex-wrap gap-x-4 gap-y-1">
                  {agreementPerformances.map((x) => (
                    <label key={x} className="inline-flex min-h-9 items-center gap-2 text-sm">
                      <input type="radio" name="performance" value={x} defaultChecked={v('performance') === x} className="size-4" />
                      {t(`vocab.dispute.performance.${x}`)}
                    </label>
                  ))}
                </div>
                {err('performance') ? <p className="mt-1 text-xs text-red-600">{err('performance')}</p> : null}
              </fieldset>
              <div className="grid grid-cols-1 gap-3 sm:grid-cols-2">
                <Field label={t('disputes.visits.satisfaction')} error={err('satisfaction')}>
                  {(p) => (
                    <select {...p} name="satisfaction" defaultValue={v('satisfaction')} className={selectClass}>
                      <option value="">{t('disputes.visits.satisfactionNone')}</option>
                      {ratings.map((s) => (
                        <option key={s} value={s}>
                          {t(`vocab.dispute.satisfaction.${s}`)}
                        </option>
                      ))}
                    </select>
                  )}
                </Field>
                <Field label={t('disputes.visits.notes')} error={err('notes')}>
                  {(p) => <input {...p} name="notes" defaultValue={v('notes')} maxLength={5000} className={inputClass} />}
                </Field>
              </div>
              <div className="flex flex-col gap-2 sm:flex-row sm:gap-6">
                <label className="inline-flex items-center gap-2 text-sm text-slate-700">
                  <input type="checkbox" name="newRisk" value="1" defaultChecked={v('newRisk') === '1'} className="size-4 rounded border-slate-300" />
                  {t('disputes.visits.newRiskLabel')}
                </label>
                {role === 'manager' ? (
                  <label className="inline-flex items-center gap-2 text-sm text-slate-700">
                    <input type="checkbox" name="reopen" value="1" defaultChecked={v('reopen') === '1'} className="size-4 rounded border-slate-300" />
                    {t('disputes.visits.reopen')}
                  </label>
                ) : null}
              </div>
              <p className="text-xs text-slate-500">{t('disputes.visits.warnHint')}</p>
            </>
          )}
        </CaseFormDisclosure>
      </div>
    </Section>
  );
}
