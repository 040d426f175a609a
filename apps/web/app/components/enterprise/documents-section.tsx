import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { documentTypes } from '@stationdesk/core';
import { fileSize } from '../../lib/format.ts';
import type { EnterpriseDocument } from '../../lib/enterprise-types.ts';
import { ExpiryBadge } from './badges.tsx';
import { FileUpload } from './file-upload.tsx';
import { ConfirmAction, fetcherFailure, InlineForm } from '../form.tsx';
import { FileRecordsSection, RecordActions, type FileMode } from './records-section.tsx';
import { buttonClass, Field, inputClass, selectClass } from '../ui.tsx';

export const documentAccept = '.pdf,.jpg,.jpeg,.png,.webp,application/pdf,image/jpeg,image/png,image/webp';
export const documentMaxBytes = 20 * 1024 * 1024;

/** 证照与附件: licences and leases with their expiry, and the scanned file. */
export function DocumentsSection({
  enterpriseId,
  documents,
  mode,
  today,
}: {
  enterpriseId: string;
  documents: EnterpriseDocument[];
  mode: FileMode;
  today: string;
}) {
  const { t } = useTranslation();
  const staff = mode === 'staff';
  return (
    <FileRecordsSection
      title={t('enterprise.documents.title')}
      testId="documents-section"
      addLabel={staff ? t('enterprise.documents.add') : t('enterprise.documents.proposeAdd')}
      addTestId="add-document"
      empty={t('enterprise.documents.empty')}
      records={documents}
      mode={mode}
      form={(d, done) => <DocumentForm enterpriseId={enterpriseId} mode={mode} document={d} {...done} />}
      row={(d, edit) => (
        <li key={d.id} className="flex flex-wrap items-start justify-between gap-x-4 gap-y-2 px-4 py-3" data-testid="document-row">
          <div className="w-full min-w-0 sm:w-auto sm:flex-1">
            <div className="flex flex-wrap items-center gap-2">
              <span className="font-medium text-slate-900">{t(`vocab.documentType.${d.docType}`)}</span>
              {d.expiresOn ? <ExpiryBadge date={d.expiresOn} today={today} /> : <span className="text-xs text-slate-500">{t('enterprise.documents.noExpiry')}</span>}
            </div>
            <dl className="mt-1 grid grid-cols-[max-content_1fr] gap-x-3 gap-y-0.5 text-sm">
              {d.number ? (
                <>
                  <dt className="text-slate-500">{t('enterprise.documents.number')}</dt>
                  <dd className="break-all text-slate-800 tabular-nums">{d.number}</dd>
                </>
              ) : null}
              {d.issuer ? (
                <>
                  <dt className="text-slate-500">{t('enterprise.documents.issuer')}</dt>
                  <dd className="text-slate-800">{d.issuer}</dd>
                </>
              ) : null}
              {d.issuedOn || d.expiresOn ? (
                <>
                  <dt className="text-slate-500">{t('enterprise.documents.validity')}</dt>
                  <dd className="text-slate-800 tabular-nums">
                    {d.expiresOn
                      ? t('enterprise.documents.validRange', { from: d.issuedOn ?? '—', to: d.expiresOn })
                      : t('enterprise.documents.validFrom', { from: d.issuedOn })}
                  </dd>
                </>
              ) : null}
            </dl>
            {d.file ? (
              <div className="mt-1.5 flex flex-wrap items-center gap-x-3 text-sm">
                <a
                  href={`/api/files/${d.file.id}?inline=1`}
                  target="_blank"
                  rel="noreferrer"
                  className={`${buttonClass.link} inline-flex items-center gap-1 break-all`}
                  data-testid="document-file"
                >
                  <svg aria-hidden="true" viewBox="0 0 20 20" className="size-4 shrink-0 fill-current">
                    <path d="M15.62 4.38a3.25 3.25 0 0 0-4.6 0L5.4 10a2 2 0 0 0 2.83 2.83l5.3-5.3a.75.75 0 1 1 1.06 1.06l-5.3 5.3A3.5 3.5 0 0 1 4.34 8.94l5.62-5.62a4.75 4.75 0 0 1 6.72 6.72l-5.3 5.3a.75.75 0 1 1-1.06-1.06l5.3-5.3a3.25 3.25 0 0 0 0-4.6Z" />
                  </svg>
                  {d.file.name}
                </a>
                <span className="text-xs text-slate-500 tabular-nums">{fileSize(d.file.size)}</span>
                <a href={`/api/files/${d.file.id}`} className="text-xs text-slate-600 hover:underline">
                  {t('enterprise.documents.download')}
                </a>
              </div>
            ) : (
              <div className="mt-1.5 text-xs text-slate-400">{t('enterprise.documents.noFile')}</div>
            )}
          </div>
          <RecordActions mode={mode} onEdit={edit}>
            {staff ? (
              <ConfirmAction
                intent="document.remove"
                hidden={{ documentId: d.id }}
                label={t('enterprise.common.remove')}
                confirmLabel={t('enterprise.common.confirmRemove')}
                question={t('enterprise.documents.removeQuestion', { type: t(`vocab.documentType.${d.docType}`) })}
              />
            ) : null}
          </RecordActions>
        </li>
      )}
    />
  );
}

function DocumentForm({
  enterpriseId,
  mode,
  document,
  onClose,
  onSaved,
}: {
  enterpriseId: string;
  mode: FileMode;
  document?: EnterpriseDocument;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const [uploading, setUploading] = useState(false);
  const staff = mode === 'staff';
  const type = document ? t(`vocab.documentType.${document.docType}`) : '';
  const title = staff
    ? document
      ? t('enterprise.documents.editTitle', { type })
      : t('enterprise.documents.addTitle')
    : document
      ? t('enterprise.changes.proposeDocumentUpdate', { type })
      : t('enterprise.changes.proposeDocumentAdd');
  return (
    <InlineForm
      intent={staff ? 'document.save' : 'propose'}
      hidden={staff ? { documentId: document?.id } : { kind: document ? 'document_update' : 'document_add', targetId: document?.id }}
      title={title}
      submitLabel={staff ? undefined : t('enterprise.changes.submitProposal')}
      onClose={onClose}
      onSaved={onSaved}
      busy={uploading}
      testId="document-form"
    >
      {(fetcher) => {
        const errors = fetcherFailure(fetcher)?.fieldErrors ?? {};
        return (
          <>
            <div className="grid grid-cols-1 gap-3 sm:grid-cols-2">
              <Field label={t('enterprise.documents.type')} required error={errors.docType}>
                {(p) => (
                  <select {...p} name="docType" defaultValue={document?.docType ?? 'business_licence'} autoFocus className={selectClass}>
                    {documentTypes.map((dt) => (
                      <option key={dt} value={dt}>
                        {t(`vocab.documentType.${dt}`)}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <Field label={t('enterprise.documents.number')} error={errors.number}>
                {(p) => <input {...p} name="number" defaultValue={document?.number ?? ''} autoComplete="off" className={`${inputClass} tabular-nums`} />}
              </Field>
              <Field label={t('enterprise.documents.issuer')} error={errors.issuer} className="sm:col-span-2">
                {(p) => <input {...p} name="issuer" defaultValue={document?.issuer ?? ''} autoComplete="off" className={inputClass} />}
              </Field>
              <Field label={t('enterprise.documents.issuedOn')} error={errors.issuedOn}>
                {(p) => <input {...p} type="date" name="issuedOn" defaultValue={document?.issuedOn ?? ''} className={`${inputClass} tabular-nums`} />}
              </Field>
              <Field label={t('enterprise.documents.expiresOn')} error={errors.expiresOn} hint={t('enterprise.documents.expiresHint')}>
                {(p) => <input {...p} type="date" name="expiresOn" defaultValue={document?.expiresOn ?? ''} className={`${inputClass} tabular-nums`} />}
              </Field>
            </div>
            <FileUpload
              purpose="enterprise_document"
              enterpriseId={enterpriseId}
              label={document?.file ? t('enterprise.documents.replaceFile') : t('enterprise.documents.file')}
              hint={t('enterprise.documents.fileHint')}
              initial={document?.file ? { id: document.file.id, name: document.file.name, size: document.file.size } : null}
              accept={documentAccept}
              maxBytes={documentMaxBytes}
              error={errors.fileId}
              onBusyChange={setUploading}
              testId="document-file-input"
            />
            {staff ? null : <p className="text-xs text-slate-500">{t('enterprise.changes.proposalNote')}</p>}
          </>
        );
      }}
    </InlineForm>
  );
}
