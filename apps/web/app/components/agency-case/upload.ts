import type { TFunction } from 'i18next';
import { ATTACHMENT_MAX_BYTES, sendFile, type StoredFile } from '../file-picker.tsx';

/** A work-item attachment (the route item replies and dispute evidence use too); the case then takes the stored id. */
export async function storeFile(file: File, t: TFunction): Promise<{ ok: true; file: StoredFile } | { ok: false; error: string }> {
  if (file.size > ATTACHMENT_MAX_BYTES) return { ok: false, error: t('agencyCase.upload.tooLarge', { name: file.name, mb: ATTACHMENT_MAX_BYTES / 1024 / 1024 }) };
  return sendFile(file, 'purpose=attachment', { failed: t('agencyCase.upload.failed'), networkError: t('agencyCase.upload.networkError') });
}
