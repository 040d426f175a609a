import { useEffect, useState } from 'react';
import { useFetcher } from 'react-router';
import { useTranslation } from 'react-i18next';
import { disputeOutcomes } from '@stationdesk/core';
import { formatDateTime } from '../../../lib/format.ts';
import type { ActionFailure } from '../../../lib/action-result.ts';
import { formatYuan, type DisputeDetail, type DisputeDone } from '../../../lib/disputes.ts';
import { fetcherFailure, FormErrors } from '../../form.tsx';
import { buttonClass, DefinitionList, Empty, Field, inputClass, Section } from '../../ui.tsx';
import { CaseFileUpload } from '../case-file-upload.tsx';
import { CaseFormDisclosure } from '../case-form.tsx';
import { none } from './shared.tsx';

// ——— outcome and agreement ———

export function AgreementSection({ dispute: c, closed, sessions, status, timezone }: { dispute: DisputeDetail; closed: boolean; sessions: number; status: string; timezone: string }) {
  const { t, i18n } = useTranslation();
  const [busy, setBusy] = useState(false);
  const a = c.agreement;
  return (
    <Section title={t('disputes.outcome.title')} testId="outcome-section" actions={c.outcome ? <span className="text-sm font-medium">{t(`vocab.dispute.outcome.${c.outcome}`)}</span> : null}>
      {c.outcome ? (
        <>
          <DefinitionList
            items={[
              { label: t('disputes.fields.outcome'), value: t(`vocab.dispute.outcome.${c.outcome}`) },
              { label: t('disputes.outcome.recordedAt'), value: c.outcomeAt ? <span className="tabular-nums">{formatDateTime(c.outcomeAt, timezone)}</span> : none },
              ...(a
                ? [
                    { label: t('disputes.outcome.number'), value: <span className="font-mono">{a.number}</span> },
                    { label: t('disputes.outcome.amount'), value: a.amountYuan === null ? none : <span className="tabular-nums">{formatYuan(a.amountYuan, i18n.language)}</span> },
                    { label: t('disputes.outcome.method'), value: a.method ?? none },
                    { label: t('disputes.outcome.place'), value: a.place ?? none },
                    { label: t('disputes.outcome.dueOn'), value: a.dueOn ? <span className="tabular-nums">{a.dueOn}</span> : none },
                    { label: t('disputes.outcome.performed'), value: a.performed ? t(`vocab.dispute.performance.${a.performed}`) : t('disputes.outcome.notVisitedYet') },
                    { label: t('disputes.outcome.terms'), value: <span className="whitespace-pre-wrap">{a.terms}</span>, wide: true },
                    {
                      label: t('disputes.outcome.signedScan'),
                      value: a.signedFileId ? (
                        <a href={`/api/files/${a.signedFileId}`} className="text-brand-700 hover:underline">
                          {t('disputes.outcome.openSignedScan')}
                        </a>
                      ) : (
                        t('disputes.outcome.noSignedScan')
                      ),
                      wide: true,
                    },
                  ]
                : []),
              ...(c.referredTo ? [{ label: t('disputes.outcome.referredTo'), value: c.referredTo, wide: true }] : []),
            ]}
          />
          {a ? (
            <div className="space-y-2 border-t border-slate-100 p-3">
              <AgreementPdfButton />
              {a.signedFileId ? null : <SignedScanForm />}
            </div>
          ) : null}
        </>
      ) : closed ? (
        <Empty>{t('disputes.outcome.none')}</Empty>
      ) : (
        <div className="space-y-3 p-3">
          {status === 'assigned' || status === 'received' || status === 'returned' ? <p className="text-sm text-amber-800">{t('disputes.outcome.acceptFirst')}</p> : null}
          {sessions === 0 ? <p className="text-sm text-amber-800">{t('disputes.outcome.sessionFirst')}</p> : null}
          <CaseFormDisclosure summary={t('disputes.outcome.record')} intent="outcome" submitLabel={t('disputes.outcome.save')} busy={busy} testId="outcome" className="outcome-form space-y-3">
            {({ v, err }) => (
              <>
                <fieldset>
                  <legend className="mb-1 text-sm font-medium text-slate-700">{t('disputes.fields.outcome')}</legend>
                  <div className="flex flex-wrap gap-x-4 gap-y-1">
                    {disputeOutcomes.map((o) => (
                      <label key={o} className="inline-flex min-h-9 items-center gap-2 text-sm">
                        <input type="radio" name="outcome" value={o} defaultChecked={v('outcome', 'agreement') === o} className="size-4" data-testid={`outcome-${o}`} />
                        {t(`vocab.dispute.outcome.${o}`)}
                      </label>
                    ))}
                  </div>
                </fieldset>
                {/* Shown by what is ticked, with CSS alone: it works before (and without) scripts. */}
                <div className="hidden space-y-3 rounded-md border border-green-200 bg-green-50/40 p-3 [form:has(input[name=outcome][value=agreement]:checked)_&]:block">
                  <p className="text-sm font-medium text-slate-800">{t('disputes.outcome.agreementHeading')}</p>
                  <div className="grid grid-cols-1 gap-3 sm:grid-cols-2">
                    <Field label={t('disputes.outcome.number')} required error={err('agreementNumber')}>
                      {(p) => <input {...p} name="agreementNumber" defaultValue={v('agreementNumber')} maxLength={60} className={inputClass} data-testid="agreement-number" />}
                    </Field>
                    <Field label={t('disputes.outcome.amount')} error={err('agreementAmount')}>
                      {(p) => <input {...p} name="agreementAmount" inputMode="decimal" defaultValue={v('agreementAmount')} className={`${inputClass} tabular-nums`} />}
                    </Field>
                    <Field label={t('disputes.outcome.method')} error={err('method')} hint={t('disputes.outcome.methodHint')}>
                      {(p) => <input {...p} name="method" defaultValue={v('method')} maxLength={200} className={inputClass} />}
                    </Field>
                    <Field label={t('disputes.outcome.place')} error={err('place')}>
                      {(p) => <input {...p} name="place" defaultValue={v('place')} maxLength={200} className={inputClass} />}
                    </Field>
                    <Field label={t('disputes.outcome.dueOn')} error={err('dueOn')}>
                      {(p) => <input {...p} type="date" name="dueOn" defaultValue={v('dueOn')} className={`${inputClass} tabular-nums`} />}
                    </Field>
                    <CaseFileUpload name="signedFileId" label={t('disputes.outcome.signedScan')} error={err('signedFileId')} onBusyChange={setBusy} testId="signed-file" />
                  </div>
                  <Field label={t('disputes.outcome.terms')} required error={err('terms')}>
                    {(p) => <textarea {...p} name="terms" rows={4} defaultValue={v('terms')} maxLength={20000} className={inputClass} data-testid="agreement-terms" />}
                  </Field>
                </div>
                <div className="hidden [form:has(input[name=outcome][value=referred]:checked)_&]:block">
                  <Field label={t('disputes.outcome.referredTo')} required error={err('referredTo')} hint={t('disputes.outcome.referredHint')}>
                    {(p) => <input {...p} name="referredTo" defaultValue={v('referredTo')} maxLength={200} className={inputClass} />}
                  </Field>
                </div>
                <Field label={t('disputes.outcome.note')} error={err('note')}>
                  {(p) => <textarea {...p} name="note" rows={2} defaultValue={v('note')} maxLength={5000} className={inputClass} />}
                </Field>
              </>
            )}
          </CaseFormDisclosure>
        </div>
      )}
    </Section>
  );
}

/** After the agreement is printed and signed: its scan, kept with the case. */
function SignedScanForm() {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  return (
    <CaseFormDisclosure summary={t('disputes.outcome.signedUpload')} intent="signed" submitLabel={t('disputes.outcome.signedSave')} busy={busy} testId="signed">
      {({ err }) => <CaseFileUpload name="fileId" label={t('disputes.outcome.signedScan')} required error={err('fileId')} onBusyChange={setBusy} testId="signed-scan-file" />}
    </CaseFormDisclosure>
  );
}

/**
 * 生成协议书（PDF）: a plain form post is answered with the download itself; with scripts the
 * page asks for the file's id and starts the download, staying where it is.
 */
function AgreementPdfButton() {
  const { t } = useTranslation();
  const fetcher = useFetcher<ActionFailure | DisputeDone>();
  const fileId = fetcher.data?.ok ? fetcher.data.fileId : undefined;
  useEffect(() => {
    if (fileId) window.location.assign(`/api/files/${fileId}`);
  }, [fileId]);
  const busy = fetcher.state !== 'idle';
  const failed = fetcherFailure(fetcher);
  return (
    <form
      method="post"
      onSubmit={(e) => {
        e.preventDefault();
        void fetcher.submit({ intent: 'agreementPdf', formKey: 'agreementPdf', via: 'fetch' }, { method: 'post' });
      }}
      className="flex flex-wrap items-center gap-2"
    >
      <input type="hidden" name="intent" value="agreementPdf" />
      <input type="hidden" name="formKey" value="agreementPdf" />
      <button type="submit" className={buttonClass.secondary} disabled={busy} data-testid="agreement-pdf">
        {busy ? t('disputes.outcome.pdfWorking') : t('disputes.outcome.pdf')}
      </button>
      <span role="status" className="text-xs text-slate-600">
        {fetcher.data?.ok && fetcher.state === 'idle' ? fetcher.data.message : ''}
      </span>
      <FormErrors failure={failed} />
    </form>
  );
}
