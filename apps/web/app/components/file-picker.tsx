import { fileSize } from '../lib/format.ts';
import { buttonClass } from './ui.tsx';

/** What /api/files takes as a work-item attachment (replies, dispute evidence, agency materials). */
export const ATTACHMENT_ACCEPT = '.pdf,.jpg,.jpeg,.png,.webp,.docx,.xlsx,application/pdf,image/jpeg,image/png,image/webp';
export const ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024;

export interface StoredFile {
  id: string;
  name: string;
  size: number;
}

/**
 * Sends one chosen file to /api/files (the raw body, its name in x-file-name) — the one upload
 * route every form stores its files through; the form then takes the stored id. The caller has
 * checked the size against its own limit.
 */
export async function sendFile(file: File, query: string, messages: { failed: string; networkError: string }): Promise<{ ok: true; file: StoredFile } | { ok: false; error: string }> {
  try {
    const res = await fetch(`/api/files?${query}`, { method: 'POST', body: file, headers: { 'x-file-name': encodeURIComponent(file.name) } });
    const body = (await res.json().catch(() => null)) as (StoredFile & { error?: undefined }) | { error: { message: string } } | null;
    if (!res.ok || !body || body.error) return { ok: false, error: body?.error?.message ?? messages.failed };
    return { ok: true, file: { id: body.id, name: body.name ?? file.name, size: body.size ?? file.size } };
  } catch {
    return { ok: false, error: messages.networkError };
  }
}

/**
 * The native file input stays (keyboard, screen readers) but is drawn as a small button in the
 * page's language; its label is hidden from screen readers, which hear the input itself.
 */
export function FileButton({
  id,
  name,
  accept,
  disabled,
  label,
  ariaLabel,
  describedBy,
  invalid,
  clearAfterChoose = false,
  onChoose,
  testId,
}: {
  id: string;
  /** Set when the file itself is posted with its form (not stored through /api/files first). */
  name?: string;
  accept: string;
  disabled: boolean;
  /** The button's text. */
  label: string;
  /** The input's name when no visible <label> names it. */
  ariaLabel?: string;
  describedBy: string;
  invalid?: boolean;
  /** Empty the input once read, so that choosing the same file again is a new choice. */
  clearAfterChoose?: boolean;
  onChoose: (file: File) => void;
  testId?: string | undefined;
}) {
  return (
    <>
      <input
        id={id}
        type="file"
        name={name}
        accept={accept}
        className="peer sr-only"
        disabled={disabled}
        aria-label={ariaLabel}
        aria-describedby={describedBy}
        aria-invalid={invalid}
        onChange={(e) => {
          const chosen = e.currentTarget.files?.[0];
          if (clearAfterChoose) e.currentTarget.value = '';
          if (chosen) onChoose(chosen);
        }}
        data-testid={testId}
      />
      <label
        htmlFor={id}
        aria-hidden="true"
        className={`${buttonClass.smallSecondary} cursor-pointer peer-focus-visible:outline-2 peer-focus-visible:outline-offset-2 peer-focus-visible:outline-brand-600 peer-disabled:cursor-wait peer-disabled:opacity-60`}
      >
        {label}
      </label>
    </>
  );
}

/** Under a file button, announced as it changes: uploading, the stored file, or the hint; then any error. */
export function UploadStatus({
  id,
  uploading,
  uploadingLabel,
  file,
  fileTestId,
  hint,
  error,
}: {
  id: string;
  uploading: boolean;
  uploadingLabel: string;
  file: { name: string; size?: number | undefined } | null;
  fileTestId: string;
  hint: string;
  error: string | null | undefined;
}) {
  return (
    <div id={id} className="mt-1 text-xs" aria-live="polite">
      {uploading ? (
        <span className="text-slate-600">{uploadingLabel}</span>
      ) : file ? (
        <span className="text-green-700" data-testid={fileTestId}>
          ✓ {file.name}
          {file.size !== undefined ? (
            <>
              {' '}
              <span className="text-slate-500 tabular-nums">({fileSize(file.size)})</span>
            </>
          ) : null}
        </span>
      ) : (
        <span className="text-slate-500">{hint}</span>
      )}
      {error ? <p className="mt-0.5 text-red-600">{error}</p> : null}
    </div>
  );
}
