import { useEffect, useId, useRef, useState } from 'react';
import { useFetcher, type FetcherWithComponents } from 'react-router';
import { useTranslation } from 'react-i18next';
import { agencyCaseActive, agencyResults, type AgencyStepName } from '@stationdesk/core';
import { materialsOpen, nextStepOf, type AgencyCaseView } from '../../lib/agency-case.ts';
import { localName } from '../../lib/names.ts';
import type { ActionResult } from '../../lib/action-result.ts';
import type { DeskRole, WorkItemDetail } from '../../lib/work-items.ts';
import { fetcherFailure, FormErrors } from '../form.tsx';
import { buttonClass, FieldError, inputClass, Section } from '../ui.tsx';
import { ATTACHMENT_ACCEPT, FileButton, UploadStatus, type StoredFile } from '../file-picker.tsx';
import { WithdrawForm } from '../withdraw-form.tsx';
import { CaseFacts } from './case-facts.tsx';
import { Checklist } from './checklist.tsx';
import { StepTrack } from './step-track.tsx';
import { storeFile } from './upload.ts';

type Fetcher = FetcherWithComponents<ActionResult>;
type ItemFacts = Pick<WorkItemDetail, 'status' | 'version' | 'allowedActions' | 'assigneeId' | 'assigneeName'>;

/**
 * 代办 on the item page: where the case stands and what moves it on — the next step with the
 * fields it needs, asking the enterprise for more materials, the pick-up — then the checklist
 * with every file and its review. The answers of the forms are announced in one live region.
 */
export function AgencyCasePanel({ agency, item, role, userId, timezone }: { agency: AgencyCaseView; item: ItemFacts; role: DeskRole; userId: string; timezone: string }) {
  const { t } = useTranslation();
  const advance = useFetcher<ActionResult>();
  const next = nextStepOf(agency);
  const mayAct = role === 'manager' || item.assigneeId === userId;
  const canAdvance = next !== null && mayAct && agencyCaseActive(item.status);
  const uploadsOpen = materialsOpen(agency, item.status);
  const required = agency.checklist.filter((e) => e.required);

  let hint: string | null = null;
  if (next && !canAdvance) {
    if (!agencyCaseActive(item.status)) hint = t('agencyCase.advance.acceptFirst');
    else if (!mayAct) hint = item.assigneeName ? t('agencyCase.advance.assigneeOnly', { name: item.assigneeName }) : t('agencyCase.advance.unassigned');
  }

  return (
    <>
      <Section title={t('agencyCase.title')} testId="agency-case">
        <div className="space-y-4 px-4 py-4">
          <StepTrack agency={agency} waiting={item.status === 'waiting'} />
          <CaseFacts agency={agency} timezone={timezone} mode="staff" />
          {canAdvance && next ? (
            <AdvanceForm key={agency.step} agency={agency} next={next} fetcher={advance} />
          ) : hint ? (
            <p className="rounded-md bg-slate-50 px-3 py-2 text-sm text-slate-600" data-testid="advance-hint">
              {hint}
            </p>
          ) : null}
          {canAdvance && next && next !== 'done' ? <WithdrawCase key={`withdraw-${agency.step}`} fetcher={advance} /> : null}
          {item.allowedActions.includes('request_info') && uploadsOpen ? <RequestMaterials agency={agency} item={item} fetcher={advance} /> : null}
          {item.status === 'waiting' ? (
            <p className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900" data-testid="agency-waiting">
              {t('agencyCase.request.waiting')}
            </p>
          ) : null}
          {agency.step === 'done' && agency.result !== 'withdrawn' && !agency.pickedUpAt ? <PickUp fetcher={advance} /> : null}
        </div>
      </Section>

      <Section
        title={t('agencyCase.checklist.title')}
        testId="agency-materials"
        actions={
          <span className="text-xs text-slate-500" data-testid="checklist-summary">
            {t('agencyCase.checklist.version', { version: agency.checklistVersion })}
            {agency.missingRequired.length ? ` · ${t('agencyCase.checklist.missingCount', { count: agency.missingRequired.length, total: required.length })}` : ` · ${t('agencyCase.checklist.complete')}`}
          </span>
        }
      >
        {uploadsOpen ? <p className="border-b border-slate-100 px-4 py-2 text-xs text-slate-600">{t('agencyCase.checklist.counterHint')}</p> : null}
        <Checklist entries={agency.checklist} mode="staff" uploadsOpen={uploadsOpen} timezone={timezone} />
      </Section>
    </>
  );
}

function NoteInput({ label, hint }: { label: string; hint: string }) {
  const id = useId();
  const { t } = useTranslation();
  return (
    <div>
      <label htmlFor={id} className="mb-1 block text-sm font-medium text-slate-700">
        {label}
        <span className="ml-1 font-normal text-slate-500">{t('agencyCase.common.optional')}</span>
      </label>
      <textarea id={id} name="note" rows={2} maxLength={5000} className={inputClass} aria-describedby={`${id}-hint`} data-testid="advance-note" />
      <p id={`${id}-hint`} className="mt-1 text-xs text-slate-500">
        {hint}
      </p>
    </div>
  );
}

/** The next step and what it needs: the department's reference number and date for 已递交部门, the result and the issued document for 办结. */
function AdvanceForm({ agency, next, fetcher }: { agency: AgencyCaseView; next: AgencyStepName; fetcher: Fetcher }) {
  const { t } = useTranslation();
  const id = useId();
  const [storing, setStoring] = useState(false);
  const busy = fetcher.state !== 'idle' || storing;
  const failed = fetcherFailure(fetcher, 'agencyAdvance');
  const err = (name: string) => failed?.fieldErrors[name];
  const described = (name: string) => (err(name) ? `${id}-${name}-error` : undefined);

  return (
    <fetcher.Form method="post" className="space-y-3 rounded-md border border-brand-100 bg-brand-50/40 p-3 sm:p-4" noValidate aria-labelledby={`${id}-title`} data-testid="agency-advance" data-next={next}>
      <input type="hidden" name="intent" value="agencyAdvance" />
      <input type="hidden" name="step" value={next} />
      <div>
        <h3 id={`${id}-title`} className="text-sm font-medium text-slate-900">
          {t('agencyCase.advance.title', { step: t(`vocab.agencyStep.${next}`) })}
        </h3>
        <p className="mt-0.5 text-xs text-slate-600">{t(`agencyCase.advance.explain.${next}`)}</p>
      </div>
      {next === 'submitted' ? (
        <div className="grid gap-3 sm:grid-cols-2">
          <div>
            <label htmlFor={`${id}-ref`} className="mb-1 block text-sm font-medium text-slate-700">
              {t('agencyCase.advance.departmentRef')}
              <span className="ml-0.5 text-red-600" aria-hidden="true">
                *
              </span>
            </label>
            <input
              id={`${id}-ref`}
              name="departmentRef"
              maxLength={60}
              required
              placeholder={t('agencyCase.advance.departmentRefPlaceholder')}
              className={inputClass}
              aria-invalid={Boolean(err('departmentRef'))}
              aria-describedby={described('departmentRef')}
              data-testid="advance-ref"
            />
            <FieldError id={`${id}-departmentRef-error`} error={err('departmentRef')} />
          </div>
          <div>
            <label htmlFor={`${id}-date`} className="mb-1 block text-sm font-medium text-slate-700">
              {t('agencyCase.advance.submittedOn')}
            </label>
            <input
              id={`${id}-date`}
              type="date"
              name="submittedOn"
              defaultValue={agency.today}
              max={agency.today}
              className={inputClass}
              aria-invalid={Boolean(err('submittedOn'))}
              aria-describedby={described('submittedOn')}
              data-testid="advance-date"
            />
            <FieldError id={`${id}-submittedOn-error`} error={err('submittedOn')} />
          </div>
        </div>
      ) : null}
      {next === 'done' ? (
        <>
          <fieldset aria-describedby={described('result')}>
            <legend className="mb-1 text-sm font-medium text-slate-700">
              {t('agencyCase.advance.result')}
              <span className="ml-0.5 text-red-600" aria-hidden="true">
                *
              </span>
            </legend>
            <div className="flex flex-wrap gap-x-4 gap-y-1" data-testid="advance-result">
              {agencyResults.map((r) => (
                <label key={r} className="inline-flex items-center gap-1.5 text-sm text-slate-800">
                  <input type="radio" name="result" value={r} defaultChecked={r === 'approved'} className="size-4 border-slate-300" />
                  {t(`vocab.agencyResult.${r}`)}
                </label>
              ))}
            </div>
            <FieldError id={`${id}-result-error`} error={err('result')} />
          </fieldset>
          <ResultFileField error={err('resultFileId')} onBusyChange={setStoring} />
        </>
      ) : null}
      <NoteInput label={t('agencyCase.advance.note')} hint={t('agencyCase.advance.noteHint')} />
      <FormErrors failure={failed} testId="advance-error" />
      <div className="flex justify-end">
        <button type="submit" className={buttonClass.primary} disabled={busy} data-testid="advance-submit">
          {fetcher.state !== 'idle' ? t('agencyCase.common.working') : t(`agencyCase.advance.submit.${next}`)}
        </button>
      </div>
    </fetcher.Form>
  );
}

/** The document the department issued (the permit, or its refusal): stored when chosen, its id sent with 办结. */
function ResultFileField({ error, onBusyChange }: { error: string | undefined; onBusyChange: (busy: boolean) => void }) {
  const { t } = useTranslation();
  const id = useId();
  const [file, setFile] = useState<StoredFile | null>(null);
  const [storing, setStoring] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const shown = failure ?? error;
  return (
    <div>
      <span className="mb-1 block text-sm font-medium text-slate-700">
        {t('agencyCase.advance.resultFile')}
        <span className="ml-1 font-normal text-slate-500">{t('agencyCase.common.optional')}</span>
      </span>
      <input type="hidden" name="resultFileId" value={file?.id ?? ''} />
      <FileButton
        id={id}
        accept={ATTACHMENT_ACCEPT}
        disabled={storing}
        label={file ? t('agencyCase.upload.chooseOther') : t('agencyCase.upload.chooseFile')}
        ariaLabel={t('agencyCase.advance.resultFile')}
        describedBy={`${id}-status`}
        invalid={Boolean(shown)}
        clearAfterChoose
        onChoose={async (chosen) => {
          setFailure(null);
          setStoring(true);
          onBusyChange(true);
          const stored = await storeFile(chosen, t);
          setStoring(false);
          onBusyChange(false);
          if (stored.ok) setFile(stored.file);
          else setFailure(stored.error);
        }}
        testId="result-file-input"
      />
      <UploadStatus id={`${id}-status`} uploading={storing} uploadingLabel={t('agencyCase.upload.uploading')} file={file} fileTestId="result-file" hint={t('agencyCase.advance.resultFileHint')} error={shown} />
    </div>
  );
}

/** The enterprise gives up the application: the case ends (办结, result 已撤回) from any step. */
function WithdrawCase({ fetcher }: { fetcher: Fetcher }) {
  const { t } = useTranslation();
  return (
    <WithdrawForm
      fetcher={fetcher}
      hidden={{ intent: 'agencyAdvance', step: 'done', result: 'withdrawn' }}
      explain={t('agencyCase.withdraw.explain')}
      labels={{ open: t('agencyCase.withdraw.open'), note: t('agencyCase.withdraw.note'), cancel: t('agencyCase.common.cancel'), submit: t('agencyCase.withdraw.submit') }}
      openTestId="agency-withdraw-open"
      formTestId="agency-withdraw"
    />
  );
}

/**
 * 要求补充材料: the lifecycle's request_info (the item waits for the enterprise, the clock
 * pauses), with the note prefilled from the entries still missing or sent back.
 */
function RequestMaterials({ agency, item, fetcher }: { agency: AgencyCaseView; item: ItemFacts; fetcher: Fetcher }) {
  const { t, i18n } = useTranslation();
  const [open, setOpen] = useState(false);
  const boxRef = useRef<HTMLTextAreaElement>(null);
  const id = useId();
  const failed = fetcherFailure(fetcher, 'transition');
  useEffect(() => {
    if (open) boxRef.current?.focus();
  }, [open]);

  if (!open) {
    return (
      <div>
        <button type="button" className={`${buttonClass.secondary} min-h-10`} onClick={() => setOpen(true)} data-testid="agency-request-open">
          {t('agencyCase.request.open')}
        </button>
      </div>
    );
  }
  const lines = agency.checklist
    .filter((e) => e.state === 'rejected' || (e.required && e.state === 'missing'))
    .map((e, i) => {
      const name = localName(i18n.language, e.name, e.nameEn);
      const reason = e.state === 'rejected' ? e.files[0]?.reviewReason : null;
      return t('agencyCase.request.line', { n: i + 1, text: reason ? t('agencyCase.request.lineRejected', { name, reason }) : name });
    });
  const prefill = lines.length ? [t('agencyCase.request.intro'), ...lines].join('\n') : '';
  return (
    <fetcher.Form method="post" className="space-y-2 rounded-md border border-amber-200 bg-amber-50/50 p-3" noValidate data-testid="agency-request">
      <input type="hidden" name="intent" value="transition" />
      <input type="hidden" name="action" value="request_info" />
      <input type="hidden" name="version" value={item.version} />
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {t('agencyCase.request.label')}
        <span className="ml-0.5 text-red-600" aria-hidden="true">
          *
        </span>
      </label>
      <textarea
        id={id}
        ref={boxRef}
        name="note"
        rows={Math.min(8, Math.max(3, lines.length + 1))}
        maxLength={5000}
        defaultValue={prefill}
        className={inputClass}
        aria-invalid={Boolean(failed?.fieldErrors.note)}
        aria-describedby={failed?.fieldErrors.note ? `${id}-error ${id}-hint` : `${id}-hint`}
        data-testid="agency-request-note"
      />
      <p id={`${id}-hint`} className="text-xs text-slate-600">
        {t('agencyCase.request.hint')}
      </p>
      <FieldError id={`${id}-error`} error={failed?.fieldErrors.note} className="" />
      <FormErrors failure={failed} />
      <div className="flex justify-end gap-2">
        <button type="button" className={buttonClass.ghost} onClick={() => setOpen(false)}>
          {t('agencyCase.common.cancel')}
        </button>
        <button type="submit" className={buttonClass.primary} disabled={fetcher.state !== 'idle'} data-testid="agency-request-submit">
          {t('agencyCase.request.submit')}
        </button>
      </div>
    </fetcher.Form>
  );
}

/** 登记取件: the enterprise collected what the department issued (ends the pick-up reminders). */
function PickUp({ fetcher }: { fetcher: Fetcher }) {
  const { t } = useTranslation();
  const failed = fetcherFailure(fetcher, 'agencyPickedUp');
  return (
    <fetcher.Form method="post" className="flex flex-wrap items-center justify-between gap-2 rounded-md border border-green-200 bg-green-50/60 px-3 py-2" data-testid="agency-pickup-form">
      <input type="hidden" name="intent" value="agencyPickedUp" />
      <p className="text-sm text-slate-800">{t('agencyCase.pickUp.question')}</p>
      <button type="submit" className={buttonClass.primary} disabled={fetcher.state !== 'idle'} data-testid="agency-picked-up">
        {t('agencyCase.pickUp.submit')}
      </button>
      {failed?.error ? (
        <div className="w-full">
          <FormErrors failure={failed} />
        </div>
      ) : null}
    </fetcher.Form>
  );
}

