import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { QueuedPhoto } from '../../lib/patrol-offline.ts';

/** The long side a photo is shrunk to on the phone before it is sent (ADR 015). */
export const PHOTO_SIDE = 1600;
export const MAX_PHOTOS = 9;

export interface PickedPhoto {
  key: string;
  /** The stored file's id; null while the photo is only on the phone (taken without signal). */
  id: string | null;
  /** A local preview (object URL of the shrunk picture). */
  preview: string;
  /** The shrunk picture, kept to be sent later when it could not be uploaded (keepOffline). */
  blob?: Blob;
  name?: string;
}

/**
 * A photo as the phone sends it: decoded upright (EXIF orientation applied by the browser), scaled
 * to at most PHOTO_SIDE px and re-encoded as JPEG — a few hundred kilobytes instead of several
 * megabytes over a basement's weak signal, and without the camera's EXIF (position, owner). A
 * format the browser cannot draw goes as it is: the server checks and re-encodes every photo.
 */
export async function shrinkPhoto(file: Blob): Promise<Blob> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  } catch {
    return file;
  }
  const scale = Math.min(1, PHOTO_SIDE / Math.max(bitmap.width, bitmap.height));
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(1, Math.round(bitmap.width * scale));
  canvas.height = Math.max(1, Math.round(bitmap.height * scale));
  canvas.getContext('2d')?.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  bitmap.close();
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.85));
  return blob ?? file;
}

/** The picked photos as the offline queue keeps them: uploaded (file id) or still on the phone (the shrunk JPEG). */
export function queuedPhotos(photos: PickedPhoto[]): QueuedPhoto[] {
  return photos.flatMap((p): QueuedPhoto[] => (p.id ? [{ fileId: p.id }] : p.blob ? [{ blob: p.blob, name: p.name ?? 'photo.jpg' }] : []));
}

/**
 * Take photos with the camera (or pick them): each is shrunk on the phone and uploaded at once
 * (/api/files, purpose patrol_photo); the stored ids go with the form as hidden `name` inputs.
 * Large targets: the whole button is the camera.
 */
export function PhotoPicker({
  name,
  label,
  hint,
  onBusyChange,
  testId,
  error,
  keepOffline = false,
  onPhotosChange,
}: {
  name: string;
  label: string;
  hint?: string;
  onBusyChange?: (busy: boolean) => void;
  testId: string;
  error?: string | null | undefined;
  /** No signal (or the server away): keep the shrunk photo on the phone instead of dropping it (ADR 017). */
  keepOffline?: boolean;
  onPhotosChange?: (photos: PickedPhoto[]) => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [photos, setPhotos] = useState<PickedPhoto[]>([]);
  const [uploading, setUploading] = useState(0);
  const [problem, setProblem] = useState<string | null>(null);
  const previews = useRef<string[]>([]);
  useEffect(() => () => previews.current.forEach((u) => URL.revokeObjectURL(u)), []);
  useEffect(() => onPhotosChange?.(photos), [photos, onPhotosChange]);

  const add = async (files: File[]) => {
    setProblem(null);
    const room = MAX_PHOTOS - photos.length;
    if (files.length > room) setProblem(t('patrol.photos.tooMany', { max: MAX_PHOTOS }));
    const batch = files.slice(0, Math.max(room, 0));
    setUploading(batch.length);
    onBusyChange?.(true);
    const added: PickedPhoto[] = [];
    const local = (small: Blob, name: string) => {
      const preview = URL.createObjectURL(small);
      previews.current.push(preview);
      added.push({ key: crypto.randomUUID(), id: null, preview, blob: small, name });
    };
    for (const file of batch) {
      const name = file.name || 'photo.jpg';
      let small: Blob = file;
      try {
        small = await shrinkPhoto(file);
        const res = await fetch('/api/files?purpose=patrol_photo', {
          method: 'POST',
          body: small,
          headers: { 'x-file-name': encodeURIComponent(name) },
        });
        const body = (await res.json().catch(() => null)) as { id?: string; error?: { message: string } } | null;
        if (keepOffline && res.status >= 500) {
          local(small, name);
          continue;
        }
        if (!res.ok || !body?.id) {
          setProblem(body?.error?.message ?? t('patrol.photos.failed'));
          continue;
        }
        const preview = URL.createObjectURL(small);
        previews.current.push(preview);
        added.push({ key: body.id, id: body.id, preview });
      } catch {
        if (keepOffline) local(small, name);
        else setProblem(t('workItems.common.networkError'));
      } finally {
        setUploading((n) => n - 1);
      }
    }
    onBusyChange?.(false);
    if (added.length) setPhotos((cur) => [...cur, ...added]);
  };

  return (
    <div data-testid={testId}>
      <div className="mb-1 text-sm font-medium text-slate-700">{label}</div>
      {photos.map((p) => (p.id ? <input key={p.key} type="hidden" name={name} value={p.id} /> : null))}
      <ul className="grid grid-cols-3 gap-2" aria-label={label}>
        {photos.map((p, i) => (
          <li key={p.key} data-local={p.id ? undefined : ''} className="relative aspect-square overflow-hidden rounded-md border border-slate-200 bg-slate-100">
            <img src={p.preview} alt={t('patrol.photos.alt', { n: i + 1 })} className="size-full object-cover" data-testid={`${testId}-thumb`} />
            {p.id ? null : (
              <span className="absolute bottom-1 left-1 rounded bg-amber-500 px-1.5 py-0.5 text-xs font-medium text-white" data-testid={`${testId}-local`}>
                {t('patrolOffline.photoOnPhone')}
              </span>
            )}
            <button
              type="button"
              className="absolute top-1 right-1 flex size-9 items-center justify-center rounded-full bg-black/60 text-lg text-white"
              aria-label={t('patrol.photos.remove', { n: i + 1 })}
              onClick={() => setPhotos((cur) => cur.filter((x) => x.key !== p.key))}
            >
              ×
            </button>
          </li>
        ))}
        {photos.length < MAX_PHOTOS ? (
          <li>
            <label
              htmlFor={id}
              className="flex aspect-square min-h-24 cursor-pointer flex-col items-center justify-center gap-1 rounded-md border-2 border-dashed border-brand-300 bg-brand-50 text-sm font-medium text-brand-800 peer-disabled:opacity-60 has-[:disabled]:opacity-60"
            >
              <svg aria-hidden="true" viewBox="0 0 24 24" className="size-8 fill-current">
                <path d="M9 3 7.2 5H4a2 2 0 0 0-2 2v11a2 2 0 0 0 2 2h16a2 2 0 0 0 2-2V7a2 2 0 0 0-2-2h-3.2L15 3H9Zm3 5a5 5 0 1 1 0 10 5 5 0 0 1 0-10Zm0 2a3 3 0 1 0 0 6 3 3 0 0 0 0-6Z" />
              </svg>
              {uploading > 0 ? t('patrol.photos.uploading') : t('patrol.photos.take')}
              <input
                id={id}
                type="file"
                accept="image/*"
                capture="environment"
                multiple
                className="sr-only"
                disabled={uploading > 0}
                onChange={(e) => {
                  const chosen = [...(e.currentTarget.files ?? [])];
                  e.currentTarget.value = '';
                  if (chosen.length) void add(chosen);
                }}
                data-testid={`${testId}-input`}
              />
            </label>
          </li>
        ) : null}
      </ul>
      {hint ? <p className="mt-1 text-xs text-slate-500">{hint}</p> : null}
      <p className="mt-1 text-xs text-red-600" role="status" data-field-error={problem || error ? '' : undefined}>
        {problem ?? error ?? ''}
      </p>
    </div>
  );
}
