import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fileSize } from '../../lib/enterprise-format.ts';
import { buttonClass } from './ui.tsx';

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
    try {
      const query = new URLSearchParams({ purpose, ...(enterpriseId ? { enterpriseId } : {}) });
      const res = await fetch(`/api/files?${query}`, {
        method: 'POST',
        body: chosen,
        headers: { 'x-file-name': encodeURIComponent(chosen.name) },
      });
      const body = (await res.json().catch(() => null)) as (UploadedFile & { error?: undefined }) | { error: { message: string } } | null;
      if (!res.ok || !body || body.error) {
        setError(body?.error?.message ?? t('enterprise.upload.failed'));
        return;
      }
      const stored = { id: body.id, name: body.name, size: body.size };
      setFile(stored);
      onUploaded?.(stored);
    } catch {
      setError(t('enterprise.common.networkError'));
    } finally {
      setUploading(false);
      onBusyChange?.(false);
    }
  };

  const shown = error ?? outerError;
  return (
    <div>
      <label htmlFor={id} className="mb-1 block text-sm font-medium text-slate-700">
        {label}
      </label>
      <input type="hidden" name={name} value={file?.id ?? ''} />
      <div className="flex flex-wrap items-center gap-2">
        {/* The native input stays (keyboard, screen readers, no-frills fallback) but is drawn as a button in the page's language. */}
        <input
          id={id}
          type="file"
          accept={accept}
          aria-describedby={`${id}-status`}
          aria-invalid={Boolean(shown)}
          disabled={uploading}
          onChange={(e) => {
            const chosen = e.currentTarget.files?.[0];
            if (chosen) void upload(chosen);
          }}
          className="peer sr-only"
          data-testid={testId}
        />
        <label
          htmlFor={id}
          aria-hidden="true"
          className={`${buttonClass.smallSecondary} cursor-pointer peer-focus-visible:outline-2 peer-focus-visible:outline-offset-2 peer-focus-visible:outline-brand-600 peer-disabled:cursor-wait peer-disabled:opacity-60`}
        >
          {file ? t('enterprise.upload.chooseAgain') : t('enterprise.upload.choose')}
        </label>
      </div>
      <div id={`${id}-status`} className="mt-1 text-xs" aria-live="polite">
        {uploading ? (
          <span className="text-slate-600">{t('enterprise.upload.uploading')}</span>
        ) : file ? (
          <span className="text-green-700" data-testid="uploaded-file">
            ✓ {file.name}
            {file.size !== undefined ? <span className="ml-1 text-slate-500 tabular-nums">({fileSize(file.size)})</span> : null}
          </span>
        ) : (
          <span className="text-slate-500">{hint}</span>
        )}
        {shown ? <p className="mt-0.5 text-red-600">{shown}</p> : null}
      </div>
    </div>
  );
}
