import type { TFunction } from 'i18next';

export const MATERIAL_ACCEPT = '.pdf,.jpg,.jpeg,.png,.webp,.docx,.xlsx,application/pdf,image/jpeg,image/png,image/webp';
const MAX_BYTES = 20 * 1024 * 1024;

export interface StoredFile {
  id: string;
  name: string;
  size: number;
}

/**
 * Sends one chosen file to /api/files as a work-item attachment (the upload route the item
 * replies and dispute evidence use); the case then takes the stored id.
 */
export async function storeFile(file: File, t: TFunction): Promise<{ ok: true; file: StoredFile } | { ok: false; error: string }> {
  if (file.size > MAX_BYTES) return { ok: false, error: t('agencyCase.upload.tooLarge', { name: file.name, mb: MAX_BYTES / 1024 / 1024 }) };
  try {
    const res = await fetch('/api/files?purpose=attachment', { method: 'POST', body: file, headers: { 'x-file-name': encodeURIComponent(file.name) } });
    const body = (await res.json().catch(() => null)) as (StoredFile & { error?: undefined }) | { error: { message: string } } | null;
    if (!res.ok || !body || body.error) return { ok: false, error: body?.error?.message ?? t('agencyCase.upload.failed') };
    return { ok: true, file: { id: body.id, name: body.name ?? file.name, size: body.size ?? file.size } };
  } catch {
    return { ok: false, error: t('agencyCase.upload.networkError') };
  }
}
