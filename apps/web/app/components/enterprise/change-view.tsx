import { useState } from 'react';
import { useFetcher } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { ActionResult } from '../../lib/action-result.ts';
import type { ChangeRequest, EnterpriseContact, EnterpriseDocument } from '../../lib/enterprise-types.ts';
import { fetcherFailure, FormErrors } from '../form.tsx';
import { buttonClass, Field, inputClass } from '../ui.tsx';

type Row = { label: string; value: React.ReactNode; before?: React.ReactNode; changed?: boolean };

/**
 * What a proposal asks for, readably: the contact's or document's fields, and — when it changes
 * an existing one — what each field is now beside what it would become.
 */
export function ChangePayload({
  change,
  target,
  compact = false,
}: {
  change: Pick<ChangeRequest, 'kind' | 'payload'>;
  target?: EnterpriseContact | EnterpriseDocument | null;
  /** Smaller type, for the timeline. */
  compact?: boolean;
}) {
  const { t } = useTranslation();
  const p = change.payload as Record<string, unknown>;
  const yesNo = (v: unknown) => (v ? t('enterprise.common.yes') : t('enterprise.common.no'));
  const text = (v: unknown) => (v === null || v === undefined || v === '' ? null : String(v));
  let rows: Row[];
  if (change.kind === 'contact_remove') {
    const c = target as EnterpriseContact | null | undefined;
    return (
      <p className={`${compact ? 'text-xs' : 'text-sm'} text-slate-800`}>
        {c ? t('enterprise.changes.removeContactNamed', { name: c.name, phone: c.phone ?? '' }) : t('enterprise.changes.targetGone')}
      </p>
    );
  }
  if (change.kind.startsWith('contact')) {
    const before = target as EnterpriseContact | null | undefined;
    rows = [
      { label: t('enterprise.contacts.name'), value: text(p.name), before: before?.name },
      { label: t('enterprise.contacts.jobTitle'), value: text(p.title), before: before?.title },
      { label: t('enterprise.contacts.phone'), value: text(p.phone), before: before?.phone },
      { label: t('enterprise.contacts.email'), value: text(p.email), before: before?.email },
      { label: t('enterprise.contacts.primary'), value: yesNo(p.isPrimary), before: before ? yesNo(before.isPrimary) : undefined },
    ];
  } else {
    const before = target as EnterpriseDocument | null | undefined;
    const fileId = text(p.fileId);
    rows = [
      { label: t('enterprise.documents.type'), value: p.docType ? t(`vocab.documentType.${String(p.docType)}`) : null, before: before ? t(`vocab.documentType.${before.docType}`) : undefined },
      { label: t('enterprise.documents.number'), value: text(p.number), before: before?.number },
      { label: t('enterprise.documents.issuer'), value: text(p.issuer), before: before?.issuer },
      { label: t('enterprise.documents.issuedOn'), value: text(p.issuedOn), before: before?.issuedOn },
      { label: t('enterprise.documents.expiresOn'), value: text(p.expiresOn), before: before?.expiresOn },
      {
        label: t('enterprise.documents.file'),
        value: fileId ? (
          <a href={`/api/files/${fileId}?inline=1`} target="_blank" rel="noreferrer" className={buttonClass.link}>
            {fileId === before?.file?.id ? before.file.name : t('enterprise.changes.viewFile')}
          </a>
        ) : null,
        before: before ? (before.file?.name ?? null) : undefined,
        changed: before ? (before.file?.id ?? null) !== fileId : undefined,
      },
    ];
  }
  const hasBefore = change.kind.endsWith('_update') && Boolean(target);
  return (
    <dl className={`grid grid-cols-[max-content_1fr] gap-x-3 ${compact ? 'gap-y-0.5 text-xs' : 'gap-y-1 text-sm'}`} data-testid="change-payload">
      {rows
        .filter((r) => r.value !== null || (hasBefore && r.before))
        .map((r) => {
          const changed = hasBefore && (r.changed ?? (r.before ?? null) !== (typeof r.value === 'string' ? r.value : null));
          return (
            <div key={r.label} className="contents">
              <dt className="text-slate-500">{r.label}</dt>
              <dd className="min-w-0 break-words text-slate-900">
                {changed ? (
                  <span>
                    <span className="text-slate-500 line-through decoration-slate-400">{r.before || t('enterprise.timeline.empty')}</span>
                    <span className="mx-1.5 text-slate-400" aria-label={t('enterprise.timeline.becomes')}>
                      →
                    </span>
                    <span className="font-medium">{r.value ?? t('enterprise.timeline.empty')}</span>
                  </span>
                ) : (
                  (r.value ?? <span className="text-slate-400">—</span>)
                )}
              </dd>
            </div>
          );
        })}
    </dl>
  );
}

/** 通过 / 退回（须填写原因）for one proposal; posts to `action` (the page that lists it). */
export function ReviewControls({ changeId, action }: { changeId: string; action?: string }) {
  const { t } = useTranslation();
  const approve = useFetcher<ActionResult>();
  const reject = useFetcher<ActionResult>();
  const [rejecting, setRejecting] = useState(false);
  const busy = approve.state !== 'idle' || reject.state !== 'idle';
  const approveFailed = fetcherFailure(approve);
  const rejectFailed = fetcherFailure(reject);
  return (
    <div className="space-y-2">
      {!rejecting ? (
        <div className="flex flex-wrap items-center gap-2">
          <approve.Form method="post" action={action}>
            <input type="hidden" name="intent" value="review" />
            <input type="hidden" name="changeId" value={changeId} />
            <input type="hidden" name="decision" value="approve" />
            <button type="submit" className={buttonClass.smallPrimary} disabled={busy} data-testid="approve-change">
              {approve.state !== 'idle' ? t('enterprise.common.saving') : t('enterprise.changes.approve')}
            </button>
          </approve.Form>
          <button type="button" className={buttonClass.smallSecondary} disabled={busy} onClick={() => setRejecting(true)} data-testid="reject-change">
            {t('enterprise.changes.reject')}
          </button>
        </div>
      ) : (
        <reject.Form
          method="post"
          action={action}
          className="space-y-2"
          onKeyDown={(e) => {
            if (e.key === 'Escape') setRejecting(false);
          }}
        >
          <input type="hidden" name="intent" value="review" />
          <input type="hidden" name="changeId" value={changeId} />
          <input type="hidden" name="decision" value="reject" />
          <Field label={t('enterprise.changes.rejectReason')} required error={rejectFailed?.fieldErrors.reason} hint={t('enterprise.changes.rejectReasonHint')}>
            {(p) => <textarea {...p} name="reason" rows={2} autoFocus className={inputClass} />}
          </Field>
          <div className="flex flex-wrap gap-2">
            <button type="submit" className={`${buttonClass.smallPrimary} bg-red-600 hover:bg-red-700`} disabled={busy} data-testid="confirm-reject">
              {t('enterprise.changes.confirmReject')}
            </button>
            <button type="button" className={buttonClass.smallSecondary} onClick={() => setRejecting(false)}>
              {t('enterprise.common.cancel')}
            </button>
          </div>
        </reject.Form>
      )}
      <FormErrors failure={approveFailed} />
      <FormErrors failure={rejectFailed} />
    </div>
  );
}
