import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ATTACHMENT_ACCEPT, ATTACHMENT_MAX_BYTES, FileButton, sendFile, UploadStatus, type StoredFile } from '../file-picker.tsx';

/**
 * One file for a case (evidence, the signed agreement): sent to /api/files as an attachment as
 * soon as it is chosen — the upload route the work items use — and its id kept in a hidden input
 * named `name` for the surrounding form.
 */
export function CaseFileUpload({
  name,
  label,
  error: outerError,
  required = false,
  onBusyChange,
  testId,
}: {
  name: string;
  label: string;
  error?: string | undefined;
  required?: boolean;
  onBusyChange?: (busy: boolean) => void;
  testId?: string;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [file, setFile] = useState<StoredFile | null>(null);
  const [uploading, setUploading] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const upload = async (chosen: File) => {
    setError(null);
    if (chosen.size > ATTACHMENT_MAX_BYTES) {
      setError(t('workItems.attachments.tooLarge', { name: chosen.name, mb: ATTACHMENT_MAX_BYTES / 1024 / 1024 }));
      return;
    }
    setUploading(true);
    onBusyChange?.(true);
    const stored = await sendFile(chosen, 'purpose=attachment', { failed: t('workItems.attachments.failed'), networkError: t('workItems.common.networkError') });
    if (stored.ok) setFile(stored.file);
    else setError(stored.error);
    setUploading(false);
    onBusyChange?.(false);
  };

  const shown = error ?? outerError;
  return (
    <div className="min-w-0">
      <label htmlFor={id} className="mb-1 block text-sm font-medium text-slate-700">
        {label}
        {required ? (
          <span className="ml-0.5 text-red-600" aria-hidden="true">
            *
          </span>
        ) : null}
      </label>
      <input type="hidden" name={name} value={file?.id ?? ''} />
      <FileButton
        id={id}
        accept={ATTACHMENT_ACCEPT}
        disabled={uploading}
        label={file ? t('disputes.upload.chooseAgain') : t('disputes.upload.choose')}
        describedBy={`${id}-status`}
        invalid={Boolean(shown)}
        onChoose={(chosen) => void upload(chosen)}
        testId={testId}
      />
      <UploadStatus id={`${id}-status`} uploading={uploading} uploadingLabel={t('disputes.upload.uploading')} file={file} fileTestId="uploaded-file" hint={t('disputes.upload.hint')} error={shown} />
      <noscript>
        <p className="mt-1 text-xs text-amber-800">{t('disputes.upload.needsScript')}</p>
      </noscript>
    </div>
  );
}
