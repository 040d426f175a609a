import { useEffect, useId, useRef, useState } from 'react';
import { useFetcher } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { ChecklistEntryView, MaterialView } from '../../lib/agency-case.ts';
import { fileSize, formatDateTime } from '../../lib/format.ts';
import { localName } from '../../lib/names.ts';
import type { ActionResult } from '../../lib/action-result.ts';
import { fetcherFailure } from '../form.tsx';
import { buttonClass, FieldError, inputClass } from '../ui.tsx';
import { ATTACHMENT_ACCEPT, FileButton } from '../file-picker.tsx';
import { storeFile } from './upload.ts';

type Mode = 'staff' | 'portal';

const stateTone: Record<string, string> = {
  missing: 'bg-slate-100 text-slate-700 ring-slate-200',
  pending: 'bg-amber-50 text-amber-800 ring-amber-200',
  accepted: 'bg-green-50 text-green-800 ring-green-200',
  rejected: 'bg-red-50 text-red-800 ring-red-200',
};

function StateBadge({ state, testId }: { state: string; testId: string }) {
  const { t } = useTranslation();
  return (
    <span className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${stateTone[state] ?? stateTone.missing}`} data-testid={testId} data-state={state}>
      {t(`agencyCase.materialState.${state}`, { defaultValue: state })}
    </span>
  );
}

/**
 * 材料清单: the case's checklist version, entry by entry — required or optional, the template to
 * fill in, every file handed in with its review and the reason a file was sent back. Staff review
 * pending files and upload at the counter; the enterprise uploads from the portal.
 */
export function Checklist({ entries, mode, uploadsOpen, timezone }: { entries: ChecklistEntryView[]; mode: Mode; uploadsOpen: boolean; timezone: string }) {
  return (
    <ul className="divide-y divide-slate-100" data-testid="agency-checklist">
      {entries.map((entry) => (
        <ChecklistEntry key={entry.key} entry={entry} mode={mode} uploadsOpen={uploadsOpen} timezone={timezone} />
      ))}
    </ul>
  );
}

function ChecklistEntry({ entry, mode, uploadsOpen, timezone }: { entry: ChecklistEntryView; mode: Mode; uploadsOpen: boolean; timezone: string }) {
  const { t, i18n } = useTranslation();
  const name = localName(i18n.language, entry.name, entry.nameEn);
  const latestReason = entry.state === 'rejected' ? entry.files[0]?.reviewReason : null;
  return (
    <li className="px-4 py-3" data-testid="checklist-entry" data-key={entry.key} data-state={entry.state}>
      <div className="flex flex-wrap items-start justify-between gap-2">
        <div className="min-w-0">
          <div className="flex flex-wrap items-center gap-2">
            <span className="font-medium break-words text-slate-900" data-testid="entry-name">
              {name}
            </span>
            <span className={`text-xs ${entry.required ? 'font-medium text-red-700' : 'text-slate-500'}`}>{entry.required ? t('agencyCase.checklist.required') : t('agencyCase.checklist.optional')}</span>
            <StateBadge state={entry.state} testId="entry-state" />
          </div>
          {entry.notes ? <p className="mt-0.5 text-xs text-slate-500">{entry.notes}</p> : null}
          {/* The file rules open a checklist's templates to every member of the tenant, the enterprise included. */}
          {entry.templateFileId ? (
            <a href={`/api/files/${entry.templateFileId}`} className="mt-1 inline-block text-xs font-medium text-brand-700 hover:underline" data-testid="entry-template">
              {t('agencyCase.checklist.template')}
            </a>
          ) : null}
        </div>
        {uploadsOpen && entry.state !== 'accepted' ? <MaterialUpload entryKey={entry.key} entryName={name} again={entry.files.length > 0} mode={mode} /> : null}
      </div>
      {mode === 'portal' && latestReason ? (
        <div className="mt-2 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-900" role="note" data-testid="entry-rejection">
          <span className="font-medium">{t('agencyCase.checklist.sentBack')}</span>
          {latestReason}
          {uploadsOpen ? <span className="mt-0.5 block text-xs text-red-800">{t('agencyCase.checklist.uploadAgain')}</span> : null}
        </div>
      ) : null}
      {entry.files.length ? (
        <ul className="mt-2 space-y-1.5">
          {entry.files.map((f, i) => (
            // The enterprise reads the latest reason in the box above; older ones stay with their files.
            <MaterialRow key={f.id} file={f} mode={mode} timezone={timezone} showReason={mode === 'staff' || i > 0 || !latestReason} />
          ))}
        </ul>
      ) : (
        <p className="mt-1 text-xs text-slate-500">{t('agencyCase.checklist.noFiles')}</p>
      )}
    </li>
  );
}

function MaterialRow({ file, mode, timezone, showReason }: { file: MaterialView; mode: Mode; timezone: string; showReason: boolean }) {
  const { t } = useTranslation();
  return (
    <li className="rounded-md border border-slate-200 bg-slate-50/60 px-3 py-2" data-testid="material-file" data-status={file.status}>
      <div className="flex flex-wrap items-center gap-x-2 gap-y-1 text-sm">
        <a href={`/api/files/${file.fileId}`} className="min-w-0 truncate font-medium text-brand-700 hover:underline" data-testid="material-link">
          {file.name}
        </a>
        <span className="text-xs text-slate-400 tabular-nums">{fileSize(file.size)}</span>
        <StateBadge state={file.status} testId="material-status" />
      </div>
      <p className="mt-0.5 text-xs text-slate-500">
        {file.uploadedBy ? t('agencyCase.checklist.uploadedBy', { name: file.uploadedBy, time: formatDateTime(file.uploadedAt, timezone) }) : formatDateTime(file.uploadedAt, timezone)}
      </p>
      {showReason && file.status === 'rejected' && file.reviewReason ? (
        <p className="mt-1 text-xs text-red-800" data-testid="material-reason">
          {t('agencyCase.checklist.reason', { reason: file.reviewReason })}
        </p>
      ) : null}
      {mode === 'staff' && file.status === 'pending' ? <ReviewControls materialId={file.id} name={file.name} /> : null}
    </li>
  );
}

/** 通过 at once; 退回 asks for the reason the enterprise will read. */
function ReviewControls({ materialId, name }: { materialId: string; name: string }) {
  const { t } = useTranslation();
  const fetcher = useFetcher<ActionResult>();
  const [rejecting, setRejecting] = useState(false);
  const reasonRef = useRef<HTMLTextAreaElement>(null);
  const id = useId();
  const busy = fetcher.state !== 'idle';
  const failed = fetcherFailure(fetcher);
  useEffect(() => {
    if (rejecting) reasonRef.current?.focus();
  }, [rejecting]);
  return (
    <div className="mt-2" data-testid="material-review">
      <fetcher.Form method="post" className="space-y-2" noValidate aria-label={t('agencyCase.review.label', { name })}>
        <input type="hidden" name="intent" value="agencyReview" />
        <input type="hidden" name="materialId" value={materialId} />
        {rejecting ? (
          <div>
            <label htmlFor={id} className="mb-1 block text-xs font-medium text-slate-700">
              {t('agencyCase.review.reason')}
              <span className="ml-0.5 text-red-600" aria-hidden="true">
                *
              </span>
            </label>
            <textarea
              id={id}
              ref={reasonRef}
              name="reason"
              rows={2}
              maxLength={1000}
              placeholder={t('agencyCase.review.reasonPlaceholder')}
              className={inputClass}
              aria-invalid={Boolean(failed?.fieldErrors.reason)}
              aria-describedby={failed?.fieldErrors.reason ? `${id}-error` : undefined}
              data-testid="reject-reason"
            />
            <FieldError id={`${id}-error`} error={failed?.fieldErrors.reason} />
          </div>
        ) : null}
        <div className="flex flex-wrap gap-2">
          {rejecting ? (
            <>
              <button type="submit" name="decision" value="reject" className={buttonClass.smallSecondary} disabled={busy} data-testid="reject-submit">
                {t('agencyCase.review.rejectSubmit')}
              </button>
              <button type="button" className={buttonClass.ghost} onClick={() => setRejecting(false)}>
                {t('agencyCase.common.cancel')}
              </button>
            </>
          ) : (
            <>
              <button type="submit" name="decision" value="accept" className={buttonClass.smallPrimary} disabled={busy} data-testid="material-accept">
                {t('agencyCase.review.accept')}
              </button>
              <button type="button" className={buttonClass.smallDanger} onClick={() => setRejecting(true)} data-testid="material-reject">
                {t('agencyCase.review.reject')}
              </button>
            </>
          )}
        </div>
        {failed?.error ? (
          <p className="text-xs text-red-600" role="alert">
            {failed.error}
          </p>
        ) : null}
      </fetcher.Form>
    </div>
  );
}

/**
 * One file for one entry: stored as soon as it is chosen, then handed to the case. The
 * announcement says when it is in (or why not).
 */
function MaterialUpload({ entryKey, entryName, again, mode }: { entryKey: string; entryName: string; again: boolean; mode: Mode }) {
  const { t } = useTranslation();
  const id = useId();
  const fetcher = useFetcher<ActionResult>();
  const [storing, setStoring] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const busy = storing || fetcher.state !== 'idle';
  const failed = fetcherFailure(fetcher);
  // The file is the form's one field: its error and the form's are the same line here.
  const shownError = error ?? failed?.error ?? Object.values(failed?.fieldErrors ?? {})[0] ?? null;

  const upload = async (chosen: File) => {
    setError(null);
    setStoring(true);
    const stored = await storeFile(chosen, t);
    setStoring(false);
    if (!stored.ok) {
      setError(stored.error);
      return;
    }
    void fetcher.submit({ intent: 'agencyUpload', checklistKey: entryKey, entryName, fileId: stored.file.id }, { method: 'post' });
  };

  const label = mode === 'staff' ? (again ? t('agencyCase.upload.counterAgain') : t('agencyCase.upload.counter')) : again ? t('agencyCase.upload.again') : t('agencyCase.upload.choose');
  return (
    <div className="flex flex-col items-end text-right">
      <FileButton
        id={id}
        accept={ATTACHMENT_ACCEPT}
        disabled={busy}
        label={label}
        ariaLabel={t('agencyCase.upload.inputLabel', { action: label, name: entryName })}
        describedBy={`${id}-status`}
        clearAfterChoose
        onChoose={(chosen) => void upload(chosen)}
        testId="material-input"
      />
      <div id={`${id}-status`} className="mt-1 max-w-56 text-xs" aria-live="polite" data-testid="material-upload-status">
        {busy ? <span className="text-slate-600">{t('agencyCase.upload.uploading')}</span> : null}
        {!busy && shownError ? (
          <span className="text-red-600" role="alert">
            {shownError}
          </span>
        ) : null}
      </div>
      <noscript>
        <p className="mt-1 text-xs text-amber-800">{t('agencyCase.upload.needsScript')}</p>
      </noscript>
    </div>
  );
}
