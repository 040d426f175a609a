import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FileButton, sendFile, UploadStatus } from '../file-picker.tsx';

/** The images a poster may be; the save refuses anything else (errors.activity.posterNotImage). */
const POSTER_ACCEPT = 'image/jpeg,image/png,image/webp,.jpg,.jpeg,.png,.webp';
const POSTER_MAX_BYTES = 20 * 1024 * 1024;

export const posterUrl = (fileId: string) => `/api/files/${fileId}?inline=1`;

/**
 * An activity's poster: the chosen file goes to /api/files at once (the one upload route, as an
 * attachment), its stored id rides with the form as `posterFileId`. The activity's save decides
 * whether it is an image, from the type read out of its content. With `current`, the poster the
 * activity has is shown and can be kept, replaced or removed (an empty `posterFileId`).
 */
export function PosterPicker({ current, error }: { current?: string | null; error?: string | null | undefined }) {
  const { t } = useTranslation();
  const id = useId();
  const statusId = `${id}-status`;
  const [chosen, setChosen] = useState<{ id: string; name: string; size: number } | null>(null);
  const [removed, setRemoved] = useState(false);
  const [uploading, setUploading] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const shown = chosen?.id ?? (removed ? null : (current ?? null));

  const choose = async (file: File) => {
    setProblem(null);
    if (file.size > POSTER_MAX_BYTES) {
      setProblem(t('activities.poster.tooLarge', { maxMb: POSTER_MAX_BYTES / 1024 / 1024 }));
      return;
    }
    setUploading(true);
    const sent = await sendFile(file, 'purpose=attachment', { failed: t('activities.poster.failed'), networkError: t('workItems.common.networkError') });
    setUploading(false);
    if (!sent.ok) {
      setProblem(sent.error);
      return;
    }
    setChosen(sent.file);
    setRemoved(false);
  };

  return (
    <div data-testid="poster">
      <div className="mb-1 text-sm font-medium text-slate-700">{t('activities.field.poster')}</div>
      <input type="hidden" name="posterFileId" value={shown ?? ''} />
      {shown ? <img src={posterUrl(shown)} alt={t('activities.poster.alt')} className="mb-2 max-h-48 rounded-md border border-slate-200 object-contain" data-testid="poster-preview" /> : null}
      <div className="flex flex-wrap items-center gap-2">
        <FileButton
          id={id}
          accept={POSTER_ACCEPT}
          disabled={uploading}
          label={shown ? t('activities.poster.replace') : t('activities.poster.choose')}
          ariaLabel={t('activities.field.poster')}
          describedBy={statusId}
          invalid={Boolean(problem ?? error)}
          clearAfterChoose
          onChoose={(file) => void choose(file)}
          testId="poster-input"
        />
        {shown ? (
          <button
            type="button"
            className={buttonLink}
            onClick={() => {
              setChosen(null);
              setRemoved(true);
            }}
            data-testid="poster-remove"
          >
            {t('activities.poster.remove')}
          </button>
        ) : null}
      </div>
      <UploadStatus id={statusId} uploading={uploading} uploadingLabel={t('activities.poster.uploading')} file={chosen} fileTestId="poster-file" hint={t('activities.poster.hint')} error={problem ?? error} />
    </div>
  );
}

const buttonLink = 'text-xs font-medium text-slate-600 hover:text-red-700 hover:underline';
