import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FileButton, sendFile, UploadStatus } from '../file-picker.tsx';

export interface UploadedFile {
  id: string;
  name: string;
  size?: number;
}

/**
 * Sends the chosen file to /api/files at once (the raw body, its name in x-file-name) and keeps
 * the stored file's id in a hidden input named `name` for the surrounding form.
 */
export function FileUpload({
  purpose,
  enterpriseId,
  name = 'fileId',
  label,
  hint,
  initial = null,
  accept,
  maxBytes,
  error: outerError,
  onBusyChange,
  onUploaded,
  testId,
}: {
  purpose: 'enterprise_document' | 'import';
  enterpriseId?: string;
  name?: string;
  label: string;
  /** Accepted types and size, as the reader knows them. */
  hint: string;
  initial?: UploadedFile | null;
  accept: string;
  maxBytes: number;
  error?: string | undefined;
  onBusyChange?: (busy: boolean) => void;
  onUploaded?: (file: UploadedFile) => void;
  testId?: string;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [file, setFile] = useState<UploadedFile | null>(initial);
  const [uploading, setUploading] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const upload = async (chosen: File) => {
    setError(null);
    if (chosen.size > maxBytes) {
      setError(t('enterprise.upload.tooLarge', { mb: Math.round(maxBytes / 1024 / 1024) }));
      return;
    }
    setUploading(true);
    onBusyChange?.(true);
    const stored = await sendFile(chosen, String(new URLSearchParams({ purpose, ...(enterpriseId ? { enterpriseId } : {}) })), {
      failed: t('enterprise.upload.failed'),
      networkError: t('enterprise.common.networkError'),
    });
    if (stored.ok) {
      setFile(stored.file);
      onUploaded?.(stored.file);
    } else setError(stored.error);
    setUploading(false);
    onBusyChange?.(false);
  };

  const shown = error ?? outerError;
  return (
    <div>
      <label htmlFor={id} className="mb-1 block text-sm font-medium text-slate-700">
        {label}
      </label>
      <input type="hidden" name={name} value={file?.id ?? ''} />
      <div className="flex flex-wrap items-center gap-2">
        <FileButton
          id={id}
          accept={accept}
          disabled={uploading}
          label={file ? t('enterprise.upload.chooseAgain') : t('enterprise.upload.choose')}
          describedBy={`${id}-status`}
          invalid={Boolean(shown)}
          onChoose={(chosen) => void upload(chosen)}
          testId={testId}
        />
      </div>
      <UploadStatus id={`${id}-status`} uploading={uploading} uploadingLabel={t('enterprise.upload.uploading')} file={file} fileTestId="uploaded-file" hint={hint} error={shown} />
    </div>
  );
}
