import { useEffect, useState } from 'react';
import { Link, useActionData, useFetcher } from 'react-router';
import { useTranslation } from 'react-i18next';
import { disputeOutcomes, disputeTypes } from '@stationdesk/core';
import { formatDateTime } from '../../lib/format.ts';
import { formatYuan, performances, riskFactors, satisfactions, sessionKinds, type DisputeActionResult, type DisputeDetail, type DisputeParty } from '../../lib/disputes.ts';
import { buttonClass, DefinitionList, Empty, Field, FormError, inputClass, Section, selectClass } from '../ui.tsx';
import { ItemStatusBadge } from '../work-items/badges.tsx';
import { RiskBadge, WarningStateBadge } from './badges.tsx';
import { CaseFileUpload } from './case-file-upload.tsx';
import { CaseForm, CaseFormDisclosure, useCaseResult } from './case-form.tsx';

const none = <span className="text-slate-400">—</span>;

/** A section's records, or the line saying there are none yet. */
function Records<T>({ items, empty, ordered = false, children }: { items: readonly T[]; empty: string; ordered?: boolean; children: (item: T) => React.ReactNode }) {
  if (items.length === 0) return <Empty>{empty}</Empty>;
  const List = ordered ? 'ol' : 'ul';
  return <List className="divide-y divide-slate-100">{items.map((item) => children(item))}</List>;
}

// ——— the work-item lifecycle ———

const offered = ['accept', 'start', 'resume'] as const;

/**
 * 工单流转: where the case stands in the work-order lifecycle, with the steps that get it going
 * (take it, sign for it, start) right here; everything else of the lifecycle on /items/:id.
 */
export function LifecycleBox({
  itemId,
  status,
  version,
  allowedActions,
  assigneeId,
  userId,
}: {
  itemId: string;
  status: string;
  version: number;
  allowedActions: readonly string[];
  assigneeId: string | null;
  userId: string;
}) {
  const { t } = useTranslation();
  const steps = offered.filter((a) => allowedActions.includes(a));
  const canTake = allowedActions.includes('assign') && assigneeId !== userId;
  const result = useActionData<DisputeActionResult>();
  const conflict = result && !result.ok && (result.key === 'assign' || result.key.startsWith('transition.')) ? result : undefined;
  return (
    <section aria-labelledby="lifecycle-title" className="rounded-lg border border-slate-200 bg-white" data-testid="lifecycle">
      <div className="flex flex-wrap items-center justify-between gap-2 border-b border-slate-100 px-4 py-2.5">
        <h2 id="lifecycle-title" className="flex items-center gap-2 font-medium text-slate-900">
          {t('disputes.lifecycle.title')}
          <ItemStatusBadge status={status} />
        </h2>
        <Link to={`/items/${itemId}`} className={buttonClass.link} data-testid="lifecycle-link">
          {t('disputes.lifecycle.open')} →
        </Link>
      </div>
      <div className="space-y-2 p-4">
        {steps.length || canTake ? (
          <div className="flex flex-wrap gap-2">
            {canTake ? (
              <CaseForm intent="assign" hidden={{ assigneeId: userId }} submitLabel={t('workItems.queue.takeIt')} submitClass={`${buttonClass.secondary} min-h-10`} className="contents" testId="lifecycle-assign">
                {() => null}
              </CaseForm>
            ) : null}
            {steps.map((action, i) => (
              <CaseForm
                key={action}
                intent="transition"
                formKey={`transition.${action}`}
                hidden={{ action, version }}
                submitLabel={t(`vocab.workItemAction.${action}`)}
                submitClass={`${i === 0 ? buttonClass.primary : buttonClass.secondary} min-h-10`}
                className="contents"
                testId={`lifecycle-${action}`}
              >
                {() => null}
              </CaseForm>
            ))}
          </div>
        ) : null}
        <p className="text-sm text-slate-600">
          {status === 'assigned' || status === 'received' || status === 'returned' ? t('disputes.lifecycle.acceptFirst') : t('disputes.lifecycle.hint')}
        </p>
        {conflict?.error ? <FormError>{conflict.error}</FormError> : null}
      </div>
    </section>
  );
}

// ——— facts ———

export function FactsSection({ dispute: c, closed }: { dispute: DisputeDetail; closed: boolean }) {
  const { t, i18n } = useTranslation();
  const failed = useCaseResult('facts');
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
                    <input type="checkbox" name="socialInsuranceArrears" value="1" defaultChecked={failed && !failed.ok ? failed.values.socialInsuranceArrears === '1' : c.socialInsuranceArrears} className="size-4 rounded border-slate-300" />
                    {t('disputes.create.socialInsuranceArrears')}
                  </label>
                  <label className="inline-flex items-center gap-2 text-sm text-slate-700">
                    <input type="checkbox" name="priorEscalation" value="1" defaultChecked={failed && !failed.ok ? failed.values.priorEscalation === '1' : c.priorEscalation} className="size-4 rounded border-slate-300" />
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

// ——— parties ———

export function PartiesSection({ parties, canReveal }: { parties: DisputeParty[]; canReveal: boolean }) {
  const { t } = useTranslation();
  return (
    <Section title={t('disputes.parties.title')} count={parties.length} testId="parties-section">
      <p className="px-4 pt-3 text-xs text-slate-500">{canReveal ? t('disputes.parties.maskedManager') : t('disputes.parties.maskedStaff')}</p>
      <ul className="divide-y divide-slate-100">
        {parties.map((p) => (
          <PartyRow key={p.id} party={p} canReveal={canReveal} />
        ))}
      </ul>
    </Section>
  );
}

function PartyRow({ party: p, canReveal }: { party: DisputeParty; canReveal: boolean }) {
  const { t } = useTranslation();
  const key = `reveal.${p.id}`;
  const result = useCaseResult(key);
  const revealed = result?.ok ? result.revealed : undefined;
  const name = revealed?.name ?? p.name;
  const phone = revealed ? revealed.phone : p.phone;
  const idNumber = revealed ? revealed.idNumber : p.idNumber;
  return (
    <li className="px-4 py-3" data-testid="party-row">
      <div className="flex flex-wrap items-center gap-2">
        <span className="rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-700">{t(`vocab.dispute.side.${p.side}`)}</span>
        <span className="font-medium text-slate-900" data-testid="party-name">
          {name}
        </span>
        <span className="text-xs text-slate-500">{t(`vocab.dispute.partyKind.${p.kind}`)}</span>
        {p.enterpriseId ? (
          <Link to={`/enterprises/${p.enterpriseId}`} className="text-xs text-brand-700 hover:underline">
            {t('disputes.parties.enterpriseFile')}
          </Link>
        ) : null}
        {revealed ? <span className="rounded bg-amber-50 px-1.5 py-0.5 text-xs text-amber-800 ring-1 ring-amber-600/20">{t('disputes.parties.revealedBadge')}</span> : null}
      </div>
      <dl className="mt-1 flex flex-wrap gap-x-6 gap-y-1 text-sm">
        <div className="flex gap-1.5">
          <dt className="text-slate-500">{t('disputes.party.phone')}</dt>
          <dd className="font-mono tabular-nums" data-testid="party-phone">
            {phone ?? none}
          </dd>
        </div>
        {p.kind === 'person' ? (
          <div className="flex gap-1.5">
            <dt className="text-slate-500">{t('disputes.party.idNumber')}</dt>
            <dd className="font-mono break-all tabular-nums" data-testid="party-id">
              {idNumber ?? none}
            </dd>
          </div>
        ) : null}
      </dl>
      {revealed ? (
        <p role="status" className="mt-1 text-xs text-amber-800">
          {result?.ok ? result.message : null}
        </p>
      ) : p.masked && canReveal ? (
        <div className="mt-2">
          <CaseFormDisclosure summary={t('disputes.parties.reveal')} intent="reveal" formKey={key} hidden={{ partyId: p.id }} submitLabel={t('disputes.parties.revealSubmit')} submitClass={buttonClass.smallPrimary} testId="reveal">
            {({ v, err }) => (
              <Field label={t('disputes.parties.reason')} required error={err('reason')} hint={t('disputes.parties.reasonHint')}>
                {(props) => <input {...props} name="reason" defaultValue={v('reason')} maxLength={500} autoComplete="off" className={inputClass} data-testid="reveal-reason" />}
              </Field>
            )}
          </CaseFormDisclosure>
        </div>
      ) : null}
    </li>
  );
}

// ——— sessions ———

export function SessionsSection({
  sessions,
  closed,
  timezone,
  nowLocal,
  mediatorDefault,
}: {
  sessions: DisputeDetail['sessions'];
  closed: boolean;
  timezone: string;
  nowLocal: string;
  mediatorDefault: string;
}) {
  const { t } = useTranslation();
  return (
    <Section title={t('disputes.sessions.title')} count={sessions.length} testId="sessions-section">
      <Records items={sessions} empty={t('disputes.sessions.empty')} ordered>
        {(s) => (
          <li key={s.id} className="px-4 py-3 text-sm" data-testid="session-row">
            <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
              <span className="rounded bg-brand-50 px-1.5 py-0.5 text-xs font-medium text-brand-800">{t(`vocab.dispute.sessionKind.${s.kind}`)}</span>
              <span className="tabular-nums">{formatDateTime(s.heldAt, timezone)}</span>
              {s.place ? <span className="text-slate-600">{s.place}</span> : null}
              <span className="text-slate-600">{t('disputes.sessions.mediatorIs', { name: s.mediator })}</span>
            </div>
            {s.attendees ? <p className="mt-1 text-xs text-slate-500">{t('disputes.sessions.attendeesAre', { names: s.attendees })}</p> : null}
            <p className="mt-1 break-words whitespace-pre-wrap text-slate-800">{s.notes}</p>
          </li>
        )}
      </Records>
      {closed ? null : (
        <div className="border-t border-slate-100 p-3">
          <CaseFormDisclosure summary={t('disputes.sessions.add')} intent="session" submitLabel={t('disputes.sessions.save')} testId="session">
            {({ v, err }) => (
              <>
                <fieldset>
                  <legend className="mb-1 text-sm font-medium text-slate-700">{t('disputes.sessions.kind')}</legend>
                  <div className="flex gap-4">
                    {sessionKinds.map((k) => (
                      <label key={k} className="inline-flex min-h-9 items-center gap-2 text-sm">
                        <input type="radio" name="kind" value={k} defaultChecked={v('kind', sessions.length ? 'mediation' : 'inquiry') === k} className="size-4" />
                        {t(`vocab.dispute.sessionKind.${k}`)}
                      </label>
                    ))}
                  </div>
                </fieldset>
                <div className="grid grid-cols-1 gap-3 sm:grid-cols-2">
                  <Field label={t('disputes.sessions.heldAt')} required error={err('heldAt')}>
                    {(p) => <input {...p} type="datetime-local" name="heldAt" max={nowLocal} defaultValue={v('heldAt', nowLocal)} className={`${inputClass} tabular-nums`} />}
                  </Field>
                  <Field label={t('disputes.sessions.place')} error={err('place')}>
                    {(p) => <input {...p} name="place" defaultValue={v('place')} maxLength={200} className={inputClass} />}
                  </Field>
                  <Field label={t('disputes.sessions.mediator')} required error={err('mediator')}>
                    {(p) => <input {...p} name="mediator" defaultValue={v('mediator', mediatorDefault)} maxLength={100} className={inputClass} />}
                  </Field>
                  <Field label={t('disputes.sessions.attendees')} error={err('attendees')}>
                    {(p) => <input {...p} name="attendees" defaultValue={v('attendees')} maxLength={1000} className={inputClass} />}
                  </Field>
                </div>
                <Field label={t('disputes.sessions.notes')} required error={err('notes')}>
                  {(p) => <textarea {...p} name="notes" rows={4} defaultValue={v('notes')} maxLength={20000} className={inputClass} data-testid="session-notes" />}
                </Field>
              </>
            )}
          </CaseFormDisclosure>
        </div>
      )}
    </Section>
  );
}

// ——— evidence ———

export function EvidenceSection({ evidence, timezone }: { evidence: DisputeDetail['evidence']; timezone: string }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  return (
    <Section title={t('disputes.evidence.title')} count={evidence.length} testId="evidence-section">
      <Records items={evidence} empty={t('disputes.evidence.empty')}>
        {(e) => (
          <li key={e.id} className="flex flex-wrap items-baseline justify-between gap-2 px-4 py-2.5 text-sm" data-testid="evidence-row">
            <div className="min-w-0">
              <a href={`/api/files/${e.fileId}`} className="font-medium break-all text-brand-700 hover:underline">
                {e.name}
              </a>
              {e.description ? <p className="text-xs break-words text-slate-600">{e.description}</p> : null}
            </div>
            <span className="text-xs text-slate-500 tabular-nums">{formatDateTime(e.createdAt, timezone)}</span>
          </li>
        )}
      </Records>
      <div className="border-t border-slate-100 p-3">
        <CaseFormDisclosure summary={t('disputes.evidence.add')} intent="evidence" submitLabel={t('disputes.evidence.save')} busy={busy} testId="evidence">
          {({ v, err }) => (
            <>
              <CaseFileUpload name="fileId" label={t('disputes.evidence.file')} required error={err('fileId')} onBusyChange={setBusy} testId="evidence-file" />
              <Field label={t('disputes.evidence.description')} error={err('description')}>
                {(p) => <input {...p} name="description" defaultValue={v('description')} maxLength={500} className={inputClass} />}
              </Field>
            </>
          )}
        </CaseFormDisclosure>
      </div>
    </Section>
  );
}

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
  const fetcher = useFetcher<DisputeActionResult>();
  const fileId = fetcher.data?.ok ? fetcher.data.fileId : undefined;
  useEffect(() => {
    if (fileId) window.location.assign(`/api/files/${fileId}`);
  }, [fileId]);
  const busy = fetcher.state !== 'idle';
  const error = fetcher.data && !fetcher.data.ok ? fetcher.data.error : null;
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
      {error ? <FormError>{error}</FormError> : null}
    </form>
  );
}

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
                  {performances.map((x) => (
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
                      {satisfactions.map((s) => (
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

// ——— risk and warnings ———

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
