import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fileSize } from '../../lib/format.ts';

export interface Attachment {
  id: string;
  name: string;
  size: number;
}

const ACCEPT = '.pdf,.jpg,.jpeg,.png,.webp,.docx,.xlsx,application/pdf,image/jpeg,image/png,image/webp';
const MAX_BYTES = 20 * 1024 * 1024;
export const MAX_ATTACHMENTS = 10;

/**
 * Files for a reply: each goes to /api/files as soon as it is chosen; the stored ids ride along
 * with the message as hidden `attachmentId` inputs. The parent owns the list (so it can clear it
 * after sending).
 */
export function AttachmentPicker({
  files,
  onChange,
  onBusyChange,
}: {
  files: Attachment[];
  onChange: (files: Attachment[]) => void;
  onBusyChange: (busy: boolean) => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [uploading, setUploading] = useState(0);
  const [error, setError] = useState<string | null>(null);

  const upload = async (chosen: File[]) => {
    setError(null);
    const room = MAX_ATTACHMENTS - files.length;
    if (chosen.length > room) setError(t('workItems.attachments.tooMany', { max: MAX_ATTACHMENTS }));
    const batch = chosen.slice(0, Math.max(room, 0));
    const stored: Attachment[] = [];
    setUploading(batch.length);
    onBusyChange(true);
    for (const file of batch) {
      if (file.size > MAX_BYTES) {
        setError(t('workItems.attachments.tooLarge', { name: file.name, mb: MAX_BYTES / 1024 / 1024 }));
        continue;
      }
      try {
        const res = await fetch('/api/files?purpose=attachment', { method: 'POST', body: file, headers: { 'x-file-name': encodeURIComponent(file.name) } });
        const body = (await res.json().catch(() => null)) as (Attachment & { error?: undefined }) | { error: { message: string } } | null;
        if (!res.ok || !body || body.error) setError(body?.error?.message ?? t('workItems.attachments.failed'));
        else stored.push({ id: body.id, name: body.name ?? file.name, size: body.size ?? file.size });
      } catch {
        setError(t('workItems.common.networkError'));
      }
    }
    setUploading(0);
    onBusyChange(false);
    if (stored.length) onChange([...files, ...stored]);
  };

  return (
    <div className="min-w-0">
      {files.map((f) => (
        <input key={f.id} type="hidden" name="attachmentId" value={f.id} />
      ))}
      <div className="flex flex-wrap items-center gap-1.5">
        <input
          id={id}
          type="file"
          multiple
          accept={ACCEPT}
          className="peer sr-only"
          disabled={uploading > 0 || files.length >= MAX_ATTACHMENTS}
          onChange={(e) => {
            const chosen = [...(e.currentTarget.files ?? [])];
            e.currentTarget.value = '';
            if (chosen.length) void upload(chosen);
          }}
          data-testid="attachment-input"
        />
        <label
          htmlFor={id}
          className="inline-flex min-h-8 cursor-pointer items-center gap-1 rounded-md px-2 py-1 text-sm text-slate-600 hover:bg-slate-100 hover:text-slate-900 peer-focus-visible:outline-2 peer-focus-visible:outline-offset-2 peer-focus-visible:outline-brand-600 peer-disabled:cursor-not-allowed peer-disabled:opacity-50"
        >
          <svg aria-hidden="true" viewBox="0 0 16 16" className="size-4 fill-current">
            <path d="M10.9 2.3a2.75 2.75 0 0 1 3.9 3.9l-6.2 6.2a4.25 4.25 0 0 1-6-6l5.5-5.5.92.92-5.5 5.5a2.95 2.95 0 1 0 4.17 4.17l6.2-6.2a1.45 1.45 0 1 0-2.05-2.05L5.9 9.1a.2.2 0 0 0 .28.28l4.9-4.9.92.92-4.9 4.9a1.5 1.5 0 1 1-2.12-2.12l5.92-5.88Z" />
          </svg>
          {uploading ? t('workItems.attachments.uploading', { count: uploading }) : t('workItems.attachments.add')}
        </label>
        {files.map((f) => (
          <span key={f.id} className="inline-flex max-w-full items-center gap-1 rounded-full border border-slate-200 bg-white py-0.5 pr-1 pl-2.5 text-xs text-slate-700" data-testid="attachment-chip">
            <span className="truncate">{f.name}</span>
            <span className="text-slate-400 tabular-nums">{fileSize(f.size)}</span>
            <button
              type="button"
              className="rounded-full px-1 text-slate-400 hover:bg-slate-100 hover:text-slate-700"
              aria-label={t('workItems.attachments.remove', { name: f.name })}
              onClick={() => onChange(files.filter((x) => x.id !== f.id))}
            >
              ×
            </button>
          </span>
        ))}
      </div>
      {error ? (
        <p className="mt-1 text-xs text-red-600" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** A message's files, each a download link. */
export function AttachmentList({ files }: { files: Attachment[] }) {
  if (!files.length) return null;
  return (
    <ul className="mt-2 flex flex-wrap gap-1.5">
      {files.map((f) => (
        <li key={f.id}>
          <a
            href={`/api/files/${f.id}`}
            className="inline-flex max-w-full items-center gap-1 rounded-md border border-slate-200 bg-white px-2 py-1 text-xs text-brand-700 hover:bg-brand-50"
            data-testid="message-attachment"
          >
            <svg aria-hidden="true" viewBox="0 0 16 16" className="size-3.5 shrink-0 fill-current">
              <path d="M4 1.5h5.3L13 5.2v8.05c0 .69-.56 1.25-1.25 1.25h-7.5C3.56 14.5 3 13.94 3 13.25V2.75C3 2.06 3.56 1.5 4.25 1.5H4Zm.3 1.3v10.4h7.4V6H8.5V2.8H4.3Zm5.5.55V4.7h1.35L9.8 3.35Z" />
            </svg>
            <span className="truncate">{f.name}</span>
            <span className="text-slate-400 tabular-nums">{fileSize(f.size)}</span>
          </a>
        </li>
      ))}
    </ul>
  );
}
