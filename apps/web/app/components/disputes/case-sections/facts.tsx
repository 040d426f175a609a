import { useTranslation } from 'react-i18next';
import { disputeTypes } from '@stationdesk/core';
import { failureOf } from '../../../lib/action-result.ts';
import { formatYuan, type DisputeDetail } from '../../../lib/disputes.ts';
import { DefinitionList, Field, inputClass, Section, selectClass } from '../../ui.tsx';
import { CaseFormDisclosure, useCaseResult } from '../case-form.tsx';
import { none } from './shared.tsx';

// ——— facts ———

export function FactsSection({ dispute: c, closed }: { dispute: DisputeDetail; closed: boolean }) {
  const { t, i18n } = useTranslation();
  const failed = failureOf(useCaseResult('facts'));
  const flags = [c.socialInsuranceArrears ? t('disputes.create.socialInsuranceArrears') : null, c.priorEscalation ? t('disputes.create.priorEscalation') : null].filter(Boolean);
  return (
    <Section title={t('disputes.facts.title')} testId="facts-section">
      <DefinitionList
        items={[
          { label: t('disputes.fields.source'), value: t(`vocab.dispute.source.${c.source}`) },
          { label: t('disputes.fields.type'), value: t(`vocab.dispute.type.${c.disputeType}`) },
          { label: t('disputes.fields.peopleInvolved'), value: <span className="tabular-nums">{t('disputes.list.people', { count: c.peopleInvolved })}</span> },
          { label: t('disputes.fields.amountYuan'), value: c.amountYuan === null ? none : <span className="tabular-nums">{formatYuan(c.amountYuan, i18n.language)}</span> },
          { label: t('disputes.facts.flags'), value: flags.length ? flags.join(t('workItems.common.separator')) : none, wide: true },
          { label: t('disputes.create.facts'), value: <span className="whitespace-pre-wrap">{c.facts}</span>, wide: true },
        ]}
      />
      {closed ? null : (
        <div className="border-t border-slate-100 p-3">
          <CaseFormDisclosure summary={t('disputes.facts.update')} intent="facts" submitLabel={t('disputes.facts.save')} testId="facts">
            {({ v, err }) => (
              <>
                <p className="text-xs text-slate-500">{t('disputes.facts.rescoreHint')}</p>
                <div className="grid grid-cols-1 gap-3 sm:grid-cols-3">
                  <Field label={t('disputes.fields.type')} error={err('disputeType')}>
                    {(p) => (
                      <select {...p} name="disputeType" defaultValue={v('disputeType', c.disputeType)} className={selectClass}>
                        {disputeTypes.map((s) => (
                          <option key={s} value={s}>
                            {t(`vocab.dispute.type.${s}`)}
                          </option>
                        ))}
                      </select>
                    )}
                  </Field>
                  <Field label={t('disputes.fields.peopleInvolved')} required error={err('peopleInvolved')}>
                    {(p) => <input {...p} name="peopleInvolved" inputMode="numeric" defaultValue={v('peopleInvolved', String(c.peopleInvolved))} className={`${inputClass} tabular-nums`} data-testid="facts-people" />}
                  </Field>
                  <Field label={t('disputes.fields.amountYuan')} error={err('amountYuan')}>
                    {(p) => <input {...p} name="amountYuan" inputMode="decimal" defaultValue={v('amountYuan', c.amountYuan === null ? '' : String(c.amountYuan))} className={`${inputClass} tabular-nums`} />}
                  </Field>
                </div>
                <Field label={t('disputes.create.facts')} required error={err('facts')}>
                  {(p) => <textarea {...p} name="facts" rows={4} defaultValue={v('facts', c.facts)} className={inputClass} />}
                </Field>
                <div className="flex flex-col gap-2 sm:flex-row sm:gap-6">
                  <label className="inline-flex items-center gap-2 text-sm text-slate-700">
                    <input type="checkbox" name="socialInsuranceArrears" value="1" defaultChecked={failed?.values ? failed.values.socialInsuranceArrears === '1' : c.socialInsuranceArrears} className="size-4 rounded border-slate-300" />
                    {t('disputes.create.socialInsuranceArrears')}
                  </label>
                  <label className="inline-flex items-center gap-2 text-sm text-slate-700">
                    <input type="checkbox" name="priorEscalation" value="1" defaultChecked={failed?.values ? failed.values.priorEscalation === '1' : c.priorEscalation} className="size-4 rounded border-slate-300" />
                    {t('disputes.create.priorEscalation')}
                  </label>
                </div>
              </>
            )}
          </CaseFormDisclosure>
        </div>
      )}
    </Section>
  );
}
