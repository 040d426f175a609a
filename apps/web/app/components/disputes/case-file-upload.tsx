import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fileSize } from '../../lib/enterprise-format.ts';
import { buttonClass } from '../enterprise/ui.tsx';

const ACCEPT = '.pdf,.jpg,.jpeg,.png,.webp,.docx,.xlsx,application/pdf,image/jpeg,image/png,image/webp';
const MAX_BYTES = 20 * 1024 * 1024;

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
  const [file, setFile] = useState<{ id: string; name: string; size: number } | null>(null);
  const [uploading, setUploading] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const upload = async (chosen: File) => {
    setError(null);
    if (chosen.size > MAX_BYTES) {
      setError(t('workItems.attachments.tooLarge', { name: chosen.name, mb: MAX_BYTES / 1024 / 1024 }));
      return;
    }
    setUploading(true);
    onBusyChange?.(true);
    try {
      const res = await fetch('/api/files?purpose=attachment', { method: 'POST', body: chosen, headers: { 'x-file-name': encodeURIComponent(chosen.name) } });
      const body = (await res.json().catch(() => null)) as { id: string; name: string; size: number; error?: undefined } | { error: { message: string } } | null;
      if (!res.ok || !body || body.error) setError(body?.error?.message ?? t('workItems.attachments.failed'));
      else setFile({ id: body.id, name: body.name ?? chosen.name, size: body.size ?? chosen.size });
    } catch {
      setError(t('workItems.common.networkError'));
    } finally {
      setUploading(false);
      onBusyChange?.(false);
    }
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
      <input
        id={id}
        type="file"
        accept={ACCEPT}
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
        {file ? t('disputes.upload.chooseAgain') : t('disputes.upload.choose')}
      </label>
      <div id={`${id}-status`} className="mt-1 text-xs" aria-live="polite">
        {uploading ? (
          <span className="text-slate-600">{t('disputes.upload.uploading')}</span>
        ) : file ? (
          <span className="text-green-700" data-testid="uploaded-file">
            ✓ {file.name} <span className="text-slate-500 tabular-nums">({fileSize(file.size)})</span>
          </span>
        ) : (
          <span className="text-slate-500">{t('disputes.upload.hint')}</span>
        )}
        {shown ? <p className="mt-0.5 text-red-600">{shown}</p> : null}
      </div>
      <noscript>
        <p className="mt-1 text-xs text-amber-800">{t('disputes.upload.needsScript')}</p>
      </noscript>
    </div>
  );
}
